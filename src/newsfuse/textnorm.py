"""Word-level normalisation shared by the stages that compare sentences: str -> terms.

Terms are lower-cased, stemmed (Snowball English) content words. Dotted and capitalised
acronyms ("U.N.", "UN") become one term and are never taken for stop words ("US" is not "us");
British -ise spellings meet American -ize ones ("authorised" ~ "authorized"), and a few names
written out or abbreviated meet ("United Nations" ~ "U.N.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources

import snowballstemmer

# Words, with inner dots/apostrophes kept ("U.N", "don't"); hyphens split ("seven-month").
_WORD_RE = re.compile(r"\w+(?:[.'’]\w+)*", re.UNICODE)
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.)+[A-Z]?$|^[A-Z]{2,5}$")
_ISE_RE = re.compile(r"is(e|ed|es|ing|ation|ations)$")
_POSSESSIVE_RE = re.compile(r"['’]s$")


def _load_stopwords() -> frozenset[str]:
    text = resources.files("newsfuse").joinpath("data/stopwords-en.txt").read_text("utf-8")
    words = (w for line in text.splitlines() if not line.startswith("#") for w in line.split())
    return frozenset(words)


STOPWORDS: frozenset[str] = _load_stopwords()
_STEMMER = snowballstemmer.stemmer("english")


def term(token: str) -> str | None:
    """One surface token -> its term, or None for stop words and one-letter noise."""
    try:
        return _TERMS[token]
    except KeyError:
        pass
    if len(_TERMS) >= _CACHE_MAX:
        _TERMS.clear()
    found = _TERMS[token] = _term(token)
    return found


# A memo of the pure function _term: a dict lookup costs a fifth of an lru_cache call, and
# this runs for every distinct token of every story. Each process keeps its own.
_TERMS: dict[str, str | None] = {}
_CACHE_MAX = 500_000


def _term(token: str) -> str | None:
    token = _POSSESSIVE_RE.sub("", token)
    if _ACRONYM_RE.match(token.replace("’", "'")):
        return token.replace(".", "").lower()
    lowered = token.lower()
    if lowered in STOPWORDS or (len(lowered) < 2 and not lowered.isdigit()):
        return None
    lowered = lowered.replace("’", "").replace("'", "")
    if len(lowered) > 6:
        lowered = _ISE_RE.sub(r"iz\1", lowered)
    return _STEMMER.stemWord(lowered)


# Marks where a sentence breaks into clauses that can carry a fact on their own: parentheses
# and paired dashes enclose insertions ("(2200 GMT, 6 p.m. EDT)", "— which authorized the
# mission in March —"), which are cut out of the main clause and kept as units of their own;
# semicolons, colons, a lone dash, or a comma before "just", "but", "while"... start a clause.
_INSERTION = re.compile(r"\([^()]*\)?|\[[^\[\]]*\]?|[—–][^—–]*[—–]")
_CLAUSE_BREAK = re.compile(
    r"[;:—–]|\s-\s|,\s(?=(?:[Jj]ust|[Bb]ut|[Ww]hile|[Aa]fter|[Bb]efore|[Aa]s|[Ww]hich|[Ww]ho)\b)"
)
# Three cheap tests instead of one alternation: a character set and a literal-led pattern let
# the regex engine skip ahead, an alternation of both does not (3x slower, measured).
_MARK_CHARS = re.compile(r"[;:()\[\]—–]")
_COMMA_OPENER = re.compile(r",\s(?:just|but|while|after|before|as|which|who)\b")


def _has_clause_marks(text: str) -> bool:
    return bool(_MARK_CHARS.search(text)) or " - " in text or bool(_COMMA_OPENER.search(text))


_ALIAS_RE = re.compile(
    r"\b(United Nations|United States|European Union|United Kingdom|African Union)\b"
)
_ALIAS_TERMS = {
    "United Nations": " UN ",
    "United States": " US ",
    "European Union": " EU ",
    "United Kingdom": " UK ",
    "African Union": " AU ",
}


def _clause_texts(text: str) -> list[str]:
    insertions = [m.group(0) for m in _INSERTION.finditer(text)]
    main = _INSERTION.sub(" ", text)
    return _CLAUSE_BREAK.split(main) + insertions


def clause_tokens(text: str) -> list[list[str]]:
    """Whitespace tokens of each clause of ``text``: main clauses with insertions cut out,
    then the insertions. Punctuation stays on the tokens; :func:`token_terms` takes it off.

    Splitting on white space and normalising each *distinct* token once (cached) is four
    times faster than a word regex over every sentence (measured on Multi-News).
    """
    if "Union" in text or "United" in text:  # cheap test first: most sentences have neither
        text = _ALIAS_RE.sub(lambda m: _ALIAS_TERMS[m.group(1)], text)
    elif not _has_clause_marks(text):
        return [text.split()]  # most sentences: one clause, no more work
    return [clause.split() for clause in _clause_texts(text)]


def token_terms(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """The content terms of each whitespace token, in order: "(2200" -> ("2200",),
    "seven-month" -> ("seven", "month"), "U.S.," -> ("us",), "the" -> ().

    Tokens are looked up in a process-wide cache (one C-level ``map``), so that only tokens
    never seen before cost Python work.
    """
    found: list[tuple[str, ...] | None] = list(map(_TOKENS.get, tokens))
    if None not in found:
        return found  # type: ignore[return-value]  # the common case: no None
    if len(_TOKENS) + len(found) >= _CACHE_MAX:
        _TOKENS.clear()  # before filling, so that every token of this call is cached
    return [
        _new_token_terms(token) if terms is None else terms
        for token, terms in zip(tokens, found, strict=True)
    ]


def _new_token_terms(token: str) -> tuple[str, ...]:
    """A token's terms, computed and cached unless a repeat of it in the same call was."""
    found = _TOKENS.get(token)
    if found is None:
        words = _WORD_RE.findall(_THOUSANDS.sub("", token))  # "26,000" is one figure
        found = _TOKENS[token] = tuple(t for t in map(term, words) if t is not None)
    return found


_TOKENS: dict[str, tuple[str, ...]] = {}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def terms(text: str) -> list[str]:
    """Content terms of ``text``, clause by clause, repeats kept."""
    tokens = [token for clause in clause_tokens(text) for token in clause]
    return [t for terms in token_terms(tokens) for t in terms]


# A line that ends like a sentence: final punctuation, possibly inside closing quotes or
# brackets, or a closing quote. Headlines, captions, subheads and list items of scraped pages
# do not. (String tests from the end: a regex anchored at "$" tries every position.)
_CLOSERS = "\"'”’)]"


def ends_like_sentence(text: str) -> bool:
    text = text.removesuffix("\n")  # as "$" matches before a final newline
    return text.rstrip(_CLOSERS).endswith((".", "!", "?")) or text.endswith(('"', "”", "’"))
