"""Direct quotes with their speakers, and the same quote found across outlets.

A quote is a span in quotation marks of at least four words inside one paragraph. Its speaker
is the name next to a verb of saying just after it (`"...," Rasmussen said`, `"...," said
Col. Roland Lavoie`, `"...," Anders Fogh Rasmussen, NATO's secretary-general, said`) or just
before it (`Rasmussen said: "..."`); "he"/"she" and a quote that goes on right after another
take the person said to say something since the last quote, else the last speaker, unless
another person was named since (then no speaker: a wrong one is worse).

Two outlets carry the same quote when one's words run inside the other's for most of its
length: a quote trimmed differently ("...the United Nations," vs "...the United Nations to
protect the people of Libya, ...") is one quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsfuse.facts.names import INSTITUTIONS, TITLES
from newsfuse.models import Article, Mention

_QUOTE = re.compile(
    # an opening mark is not glued to the word before it (a straight closing mark is: in
    # 'a "kill list" of targeted ... as "offensive"' no quote runs between the two pairs)
    r"[“\"](?<![\w.,!?;:]\")(?P<body>(?=\S)[^“”\"\n]{12,1500}?)(?<=\S)[”\"]"
    # a quote running on into the next paragraph has no closing mark at its paragraph's end
    r"|(?m:(?:^|:\s)[“\"](?P<open>[^“”\"\n]{12,1500})$)"
)
_SAY = (
    r"(?:said|says|told|added|adds|stated|declared|insisted|warned|explained|noted|wrote"
    r"|argued|asked|announced|acknowledged|recalled|continued|according to)"
)
_NAME = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|Capt|Maj|Adm|Sir)\.?\s+"
    r"|(?:da|de|van|von|al|el|bin)\s+)?"  # "da Silva said"
    r"[A-Z][\w'’.-]*"
    r"(?:[^\S\n]+(?:(?:al|el|bin|ibn|de|da|van|von|der|la|le)[- ])?[A-Z][\w'’.-]*){0,3}"
)
# The pronouns a quote is attributed by: "...," he said. One list for the patterns and the
# tests of a found speaker.
_PRONOUNS = ("he", "she", "they")
_PRONOUN = "(?:" + "|".join([*_PRONOUNS, *(p.capitalize() for p in _PRONOUNS)]) + ")"

# ", D-Wis., who is involved in the talks,": within one sentence
_APPOSITION = r"(?P<apposition>(?:,\s(?:(?!\.\s)[^,\"“”\n]){1,90}){1,3},)?"
_ROLE = r"(?:spokesman|spokeswoman|spokesperson|official|representative|lawyer|attorney)"
_AFTER = re.compile(  # used with .match(text, pos): anchored at pos without "^"
    r"[^\S\n]*,?[^\S\n]*(?:"  # in the quote's own paragraph
    # "said FAA spokesman Les Dorr", "said Defense Ministry spokesman Avi Benayahu": the
    # person, not the agency
    rf"{_SAY}\s+(?:(?:[A-Z][\w.&'’-]*\s+){{1,4}}{_ROLE}\s+)?"
    rf"(?P<named_after>{_NAME})"
    rf"|(?P<named>{_NAME}|{_PRONOUN}){_APPOSITION}\s+{_SAY}\b"
    r")"
)
_BEFORE = re.compile(
    rf"(?P<named>{_NAME}|{_PRONOUN}){_APPOSITION}\s+{_SAY}(?:\s+[\w.]+){{0,4}}\s*[:,]?\s*$"
)
# Someone said to say something, outside quotes: "Gregg Smith, chief investment strategist
# at Prudential Securities, said that ..."
_SAYER = re.compile(rf"(?P<named>{_NAME}|{_PRONOUN}){_APPOSITION}\s+{_SAY}\b")
_RECENT = 600  # characters before a quote searched for who says it
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+")
_PARTY_STATE = re.compile(r"^[DRI]-[A-Z]")  # "Obey, D-Wis., ... said"
_NOT_NAMES = frozenset(
    {"The", "A", "An", "It", "This", "That", "But", "And", "Officials", "Police", "Critics"}
    | {"Each", "Both", "Many", "Some", "Others", "All", "One", "Most", "Several", "Few", "I"}
)


# A person's name (two capitalised words, inside a sentence or after a quote or a paragraph's
# start, where "The" or "In" seldom begin two capitalised words) between two quotes.
_OTHER_PERSON = re.compile(r"(?:(?<=[a-z,”\"] )|(?<=\n))[A-Z][a-z]+ [A-Z][a-z]+")


def _institution(name: str) -> bool:
    return name.rsplit(" ", 1)[-1].lower().rstrip(".") in _EMPLOYERS


_EMPLOYER_WORDS = """communications securities systems airlines holdings partners associates news
    press post journal network"""
_EMPLOYERS = INSTITUTIONS | frozenset(_EMPLOYER_WORDS.split())


def _someone_else(between: str, speaker: str | None) -> bool:
    """Is a person other than ``speaker`` named in ``between`` (the text since the last
    quote, its own "said Halima Fazul" included)? Names of institutions do not count."""
    known = set(speaker.split()) if speaker else set()
    return any(
        not known & set(words) and not any(w.lower() in _EMPLOYERS for w in words)
        for words in map(str.split, _OTHER_PERSON.findall(between))
    )


@dataclass(frozen=True, slots=True)
class Quote:
    article: str
    words: tuple[str, ...]  # lower-cased, for matching
    speaker: str | None
    paragraph_start: int
    mention: Mention
    named_here: bool = False  # the speaker is named next to this quote, not carried over


def _speaker(candidate: str | None, after_verb: bool = False) -> str | None:
    if not candidate:
        return None
    # a match running over a sentence's end: the name is the part next to the verb ("Amherst.
    # Ms. Ward said", "explained Jones. Moments later")
    parts = _SENTENCE_END.split(candidate.strip().rstrip(".,"))
    words = (parts[0] if after_verb else parts[-1]).split()
    while words and words[0] in _NOT_NAMES:  # "But Gregg Smith, ..., said"
        words = words[1:]
    if not words:
        return None
    candidate = " ".join(words)
    if "'s" in candidate or "’s" in candidate or _PARTY_STATE.match(candidate):
        return None  # "Zughayar's father", "Puerto Rico's Housing Secretary", "D-Wis."
    title = TITLES.match(candidate)  # "Spokesman Col. Roland Lavoie" -> "Roland Lavoie"
    return candidate[title.end() :] if title else candidate


def _set_off_name(match: re.Match[str]) -> str | None:
    """A person's name set off by commas between a leading name and the verb, followed by
    more apposition: "In the town of Catano, Petra Gonzalez, 78, said" -> "Petra Gonzalez"
    (the leading capitalised word is a place). Titles and party labels are no such name."""
    apposition = match.group("apposition")
    if not apposition:
        return None
    chunks = [c.strip() for c in apposition.strip(",").split(",")]
    first = chunks[0]
    words = first.split()
    if (
        len(chunks) < 2
        or not 2 <= len(words) <= 4
        or not _NAME_ONLY.fullmatch(first)
        or TITLES.match(first + " X")  # "Secretary-General Ban", "Defense Minister"
        or any(w.lower().rstrip(".") in _EMPLOYERS for w in words)
        or _PARTY_STATE.match(first)
    ):
        return None
    return first


_NAME_ONLY = re.compile(r"[A-Z][\w'’-]*(?: [A-Z][\w'’.-]*){1,3}")


def _is_pronoun(word: str) -> bool:
    return word.lower() in _PRONOUNS


def _carried_speaker(
    text: str, last_end: int, start: int, last_speaker: str | None, pronoun: bool
) -> str | None:
    """Who says a quote that names nobody (`"...," he said`, or one going on after the last
    quote, which ended at ``last_end``): the person last said to say something since the
    last quote ("Fundi Twawilou said he ... “...,” he said"), else the last speaker, unless
    someone else was named since ("For Lasse Gustavsson, ..." then "he said") or the last
    quote is far back. None rather than a wrong speaker."""
    begin = max(last_end, start - _RECENT)
    between = text[begin:start]
    sayers = [
        (sayer, m.end())
        for m in _SAYER.finditer(between)
        if (sayer := _set_off_name(m) or _speaker(m.group("named")))
        and not _is_pronoun(sayer.split()[0])
        and not _institution(sayer)  # "... of Loral Space Communications, ..., said"
    ]
    if sayers:
        sayer, said_at = sayers[-1]
        return None if _someone_else(between[said_at:], sayer) else sayer
    if begin == last_end and (not pronoun or not _someone_else(between, last_speaker)):
        return last_speaker  # a quote going on in its paragraph keeps its speaker
    return None


def quotes(article: Article) -> list[Quote]:
    """The direct quotes of an article's cleaned text, with speakers where they are named."""
    text = article.text
    found: list[Quote] = []
    last_speaker: str | None = None
    last_end = -1
    for match in _QUOTE.finditer(text):
        group = "body" if match.group("body") is not None else "open"
        body = match.group(group).strip().rstrip(",")  # "...the arms embargo," he said
        words = tuple(w.lower() for w in _WORD.findall(body))
        if len(words) < 4:
            continue  # scare quotes and titles, not statements
        paragraph_start = text.rfind("\n", 0, match.start()) + 1
        after = _AFTER.match(text, match.end(), min(len(text), match.end() + 160))
        before = _BEFORE.search(text, max(paragraph_start, match.start() - 160), match.start())
        named = None
        pronoun = False
        for found_match in (after, before):
            if found_match is None:
                continue
            named_after = found_match.groupdict().get("named_after")
            candidate = named_after or found_match.group("named")
            if candidate and _is_pronoun(candidate):
                pronoun = True
                continue
            named = _speaker(candidate, after_verb=named_after is not None)
            if named and named_after is None:
                named = _set_off_name(found_match) or named
            if named:
                break
        named_here = named is not None
        if named is None and (
            pronoun or (last_end >= 0 and text.rfind("\n", last_end, match.start()) == -1)
        ):  # "he said", or a quote going on after the last one
            named = _carried_speaker(text, max(last_end, 0), match.start(), last_speaker, pronoun)
        last_speaker = named  # a quote without a speaker breaks the chain
        last_end = match.end()
        start = match.start(group) + (len(match.group(group)) - len(match.group(group).lstrip()))
        end = start + len(body)
        mention = Mention(article.id, body, start, end)
        found.append(Quote(article.id, words, named, paragraph_start, mention, named_here))
    return found


def same_quote(a: Quote, b: Quote) -> bool:
    """One quote trimmed two ways: a shared run of eight words, or of most of the shorter
    one. A quote of five words or fewer is a phrase, the same as another only with all its
    words, in order and close together ("something God intended to happen" in "... it is
    something that God intended to happen"): four words of "motion to vacate the chair" in
    "to vacate the chair and end ..." are a shared phrase, not one quote."""
    shorter, longer = sorted((a.words, b.words), key=len)
    if len(shorter) <= _PHRASE_WORDS:
        return _close_subsequence(shorter, longer, len(shorter) + 2)
    block = SequenceMatcher(None, shorter, longer, autojunk=False).find_longest_match(
        0, len(shorter), 0, len(longer)
    )
    return block.size >= min(8, len(shorter)) or block.size >= 0.8 * len(shorter)


_PHRASE_WORDS = 5


def _close_subsequence(words: tuple[str, ...], text: tuple[str, ...], window: int) -> bool:
    """Do all ``words`` occur in ``text`` in order, within ``window`` words of text?"""
    for start, word in enumerate(text):
        if word != words[0]:
            continue
        rest = iter(text[start : start + window])
        if all(w in rest for w in words):  # `in` on an iterator consumes it: in order
            return True
    return False
