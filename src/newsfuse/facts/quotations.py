"""Direct quotes with their speakers, and the same quote found across outlets.

A quote is a span in quotation marks of at least four words inside one paragraph. Its speaker
is the name next to a verb of saying just after it (`"...," Rasmussen said`, `"...," said
Col. Roland Lavoie`, `"...," Anders Fogh Rasmussen, NATO's secretary-general, said`) or just
before it (`Rasmussen said: "..."`); "he"/"she" and a quote that goes on right after another
take the last named speaker of the article.

Two outlets carry the same quote when one's words run inside the other's for most of its
length: a quote trimmed differently ("...the United Nations," vs "...the United Nations to
protect the people of Libya, ...") is one quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsfuse.facts.names import TITLES
from newsfuse.models import Article, Mention

_QUOTE = re.compile(
    r"[“\"](?P<body>[^“”\"\n]{12,1500}?)[”\"]"
    # a quote running on into the next paragraph has no closing mark at its paragraph's end
    r"|(?m:(?:^|:\s)[“\"](?P<open>[^“”\"\n]{12,1500})$)"
)
_SAY = (
    r"(?:said|says|told|added|adds|stated|declared|insisted|warned|explained|noted|wrote"
    r"|argued|asked|announced|acknowledged|recalled|continued|according to)"
)
_NAME = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|Capt|Maj|Adm|Sir)\.?\s+)?"
    r"[A-Z][\w'’.-]*(?:\s+(?:(?:al|el|bin|ibn|de|da|van|von|der|la|le)[- ])?[A-Z][\w'’.-]*){0,3}"
)
_PRONOUN = r"(?:he|she|they|He|She|They)"
_AFTER = re.compile(  # used with .match(text, pos): anchored at pos without "^"
    r"\s*,?\s*(?:"
    rf"{_SAY}\s+(?P<named_after>{_NAME})"
    rf"|(?P<named>{_NAME}|{_PRONOUN})(?:,\s[^,\"“”]{{1,90}},)?\s+{_SAY}\b"
    r")"
)
_BEFORE = re.compile(
    rf"(?P<named>{_NAME}|{_PRONOUN})(?:,\s[^,\"“”]{{1,90}},)?\s+{_SAY}(?:\s+[\w.]+){{0,4}}\s*[:,]?\s*$"
)
_WORD = re.compile(r"\w+")
_NOT_NAMES = frozenset(
    {"The", "A", "An", "It", "This", "That", "But", "And", "Officials", "Police", "Critics"}
)


@dataclass(frozen=True, slots=True)
class Quote:
    article: str
    words: tuple[str, ...]  # lower-cased, for matching
    speaker: str | None
    paragraph_start: int
    mention: Mention


def _speaker(candidate: str | None) -> str | None:
    if not candidate:
        return None
    candidate = candidate.strip().rstrip(".,")
    if candidate.split()[0] in _NOT_NAMES:
        return None
    title = TITLES.match(candidate)  # "Spokesman Col. Roland Lavoie" -> "Roland Lavoie"
    return candidate[title.end() :] if title else candidate


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
            candidate = found_match.groupdict().get("named_after") or found_match.group("named")
            if candidate and candidate.lower() in ("he", "she", "they"):
                pronoun = True
                continue
            named = _speaker(candidate)
            if named:
                break
        if named is None and (
            pronoun or (last_end >= 0 and text.rfind("\n", last_end, match.start()) == -1)
        ):
            named = last_speaker  # "he said", or a quote going on after the last one
        if named:
            last_speaker = named
        last_end = match.end()
        start = match.start(group) + (len(match.group(group)) - len(match.group(group).lstrip()))
        end = start + len(body)
        found.append(
            Quote(article.id, words, named, paragraph_start, Mention(article.id, body, start, end))
        )
    return found


def same_quote(a: Quote, b: Quote) -> bool:
    """One quote trimmed two ways: a shared run of words covering most of the shorter one."""
    shorter, longer = sorted((a.words, b.words), key=len)
    block = SequenceMatcher(None, shorter, longer, autojunk=False).find_longest_match(
        0, len(shorter), 0, len(longer)
    )
    return block.size >= min(8, len(shorter)) or block.size >= 0.8 * len(shorter)
