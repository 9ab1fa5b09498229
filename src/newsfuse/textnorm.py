"""Word-level normalisation shared by the stages that compare sentences: str -> terms.

Terms are lower-cased, stemmed (Snowball English) content words. Dotted and capitalised
acronyms ("U.N.", "UN") become one term and are never taken for stop words ("US" is not "us");
British -ise spellings meet American -ize ones ("authorised" ~ "authorized"), and a few names
written out or abbreviated meet ("United Nations" ~ "U.N.").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import snowballstemmer

# Words, with inner dots/apostrophes kept ("U.N", "don't"); hyphens split ("seven-month").
_WORD_RE = re.compile(r"\w+(?:[.'’]\w+)*", re.UNICODE)
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.)+[A-Z]?$|^[A-Z]{2,5}$")
_ISE_RE = re.compile(r"is(e|ed|es|ing|ation|ations)$")
_POSSESSIVE_RE = re.compile(r"['’]s$")
# Names that outlets write either way: "United Nations" / "U.N." / "UN".
_ALIASES = {
    "united nations": "UN",
    "united states": "US",
    "european union": "EU",
    "united kingdom": "UK",
    "african union": "AU",
}
_ALIAS_RE = re.compile(r"\b(" + "|".join(_ALIASES) + r")\b", re.IGNORECASE)


def _load_stopwords() -> frozenset[str]:
    text = resources.files("newsfuse").joinpath("data/stopwords-en.txt").read_text("utf-8")
    words = (w for line in text.splitlines() if not line.startswith("#") for w in line.split())
    return frozenset(words)


STOPWORDS: frozenset[str] = _load_stopwords()
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=262_144)
def _term(token: str) -> str | None:
    """One surface token -> its term, or None for stop words and one-letter noise."""
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


def terms(text: str) -> list[str]:
    """Content terms of ``text`` in order, repeats kept."""
    return terms_and_words(text)[0]


def terms_and_words(text: str) -> tuple[list[str], str]:
    """Content terms of ``text`` and its lower-cased words joined by spaces, in one pass."""
    tokens = _WORD_RE.findall(_ALIAS_RE.sub(lambda m: _ALIASES[m.group(1).lower()], text))
    found = [term for term in map(_term, tokens) if term is not None]
    return found, " ".join(tokens).lower()


# Insertions a sentence can do without: "(2200 GMT, 6 p.m. EDT)", "— which authorized the
# mission in March —". Removing them leaves the main clause whole.
_INSERTION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\s[—–]\s?[^—–]{1,200}?\s?[—–](?=[\s,.;:])")
# Where the rest breaks into clauses that can carry a fact on their own.
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[;:—–]|\s-\s|,\s(?=(?:just|but|while|after|before|as|which|who|and then)\b))\s*"
)


def clauses(text: str) -> list[str]:
    """The main clauses of ``text`` (insertions removed, cut at clause breaks), then each
    insertion; pieces without a word character are left out."""
    insertions = [m.group(0).strip(" ()[]—–") for m in _INSERTION.finditer(text)]
    main = _INSERTION.sub(" ", text)
    pieces = _CLAUSE_BREAK.split(main) + insertions
    return [piece for piece in pieces if any(c.isalnum() for c in piece)]


def words(text: str) -> list[str]:
    """Lower-cased surface words, for exact-copy comparisons."""
    return [w.lower() for w in _WORD_RE.findall(text)]


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens."""
    return len(text.split())
