"""Cross-outlet comparison of figures: cleaned Articles -> Facts (agreed, differs, ...).

Precision first: a wrong "differs" is worse than a missed fact. So:

1. A quantity is a number with its hedge ("more than", "almost", "about", ...) and the thing
   it counts: the content words that follow it, up to a preposition, verb or punctuation
   ("more than 26,000 sorties" -> 26000, at least, *sorties*; "about 5,900 military targets"
   -> 5900, about, *military targets*). Years, times, money and percentages are left out.
2. Quantities of different articles are aligned when they count the same head noun (the
   last word of the counted thing, stemmed).
3. Labels: **agreed** when the values fit within their hedges ("almost 6,000 targets" and
   "about 5,900 military targets" overlap); values that do not fit are **not comparable**
   when the things counted differ in their qualifiers ("sorties" vs "strike sorties": two
   measures, never a contradiction), **updated** when the articles carry different dates,
   else **differs**; **single-source** for a counted thing only one outlet gives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse import textnorm
from newsfuse.models import Article, Fact, FactLabel, Mention


@dataclass(frozen=True, slots=True)
class Quantity:
    article: str
    value: float
    low: float  # the interval the hedge allows
    high: float
    hedge: str
    counted: tuple[str, ...]  # stemmed content words of the counted thing, head last
    mention: Mention


# hedge -> (low factor, high factor) around the stated value
_HEDGES: dict[str, tuple[float, float]] = {
    "more than": (1.0, float("inf")),
    "over": (1.0, float("inf")),
    "at least": (1.0, float("inf")),
    "upwards of": (1.0, float("inf")),
    "fewer than": (0.0, 1.0),
    "less than": (0.0, 1.0),
    "under": (0.0, 1.0),
    "up to": (0.0, 1.0),
    "at most": (0.0, 1.0),
    "almost": (0.9, 1.0),
    "nearly": (0.9, 1.0),
    "about": (0.9, 1.1),
    "around": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "some": (0.9, 1.1),
    "an estimated": (0.8, 1.2),
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
# The number first (a regex led by a digit class skips ahead fast), its hedge looked up in
# the few characters before it: a leading alternation of hedges made this stage 5x slower.
_QUANTITY = re.compile(
    r"(?<![\w$£€.,])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<scale>thousand|million|billion))?"
    r"(?!\s*(?:%|percent|per cent|p\.m|a\.m|GMT|BST|EDT|EST))"
    r"(?P<rest>(?:[ -][A-Za-z][\w'-]*){1,4})",
    re.IGNORECASE,
)
_HEDGE_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _HEDGES), key=len, reverse=True)) + r")\s+$",
    re.IGNORECASE,
)
# Words that end the counted thing: prepositions, verbs of reporting, conjunctions.
_STOP = frozenset(
    [
        "in",
        "on",
        "at",
        "of",
        "for",
        "to",
        "from",
        "by",
        "with",
        "during",
        "since",
        "after",
        "before",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "was",
        "were",
        "is",
        "are",
        "have",
        "has",
        "had",
        "said",
        "says",
        "will",
        "would",
        "could",
        "a",
        "an",
        "the",
    ]
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


def quantities(article: Article) -> list[Quantity]:
    """The counted quantities of an article's cleaned text."""
    found = []
    for match in _QUANTITY.finditer(article.text):
        raw = match.group("number").replace(",", "")
        if _YEAR.match(raw) and not match.group("scale"):
            continue
        value = float(raw) * _SCALES.get((match.group("scale") or "").lower(), 1.0)
        rest = match.group("rest")
        if rest.startswith("-"):  # "15-nation", "7-month": the number qualifies one word
            words = [rest[1:].split()[0].split("-")[0]]
        else:
            words = []
            for word in rest.split():
                lowered = word.lower().strip("'")
                if lowered in _STOP or lowered in _MONTHS:
                    break
                if words and (word[0].isupper() or lowered.endswith(("ing", "ed"))):
                    break  # a name or a verb begins: the counted thing has ended
                words.append(word)
        counted = tuple(t for w in words for t in textnorm.terms(w))
        if not counted:
            continue
        before = _HEDGE_BEFORE.search(article.text, max(0, match.start() - 20), match.start())
        hedge = before.group(1).lower() if before else ""
        begin = before.start() if before else match.start()
        low, high = _HEDGES.get(hedge, (1.0, 1.0))
        end = match.start("rest") + rest.find(words[-1]) + len(words[-1])
        mention = Mention(article.id, article.text[begin:end], begin, end)
        found.append(
            Quantity(article.id, value, value * low, value * high, hedge, counted, mention)
        )
    return found


def _fits(a: Quantity, b: Quantity) -> bool:
    tolerance = 0.01  # "5,900" and "5,905" are one figure rounded two ways
    return a.low <= b.high * (1 + tolerance) and b.low <= a.high * (1 + tolerance)


def compare(articles: Sequence[Article]) -> tuple[Fact, ...]:
    """Facts about figures across ``articles`` (cleaned, in canonical order)."""
    order = {a.id: n for n, a in enumerate(articles)}
    published = {a.id: a.published for a in articles}
    by_head: dict[str, list[Quantity]] = {}
    for article in articles:
        for quantity in quantities(article):
            by_head.setdefault(quantity.counted[-1], []).append(quantity)
    facts: list[Fact] = []
    for head, group in by_head.items():
        outlets = {q.article for q in group}
        if len(outlets) == 1:
            facts.append(
                Fact("number", FactLabel.SINGLE_SOURCE, head, tuple(q.mention for q in group))
            )
            continue
        pairs = [
            (a, b) for i, a in enumerate(group) for b in group[i + 1 :] if a.article != b.article
        ]
        label = FactLabel.AGREED
        for a, b in pairs:
            if _fits(a, b):
                continue  # figures that fit agree, however each outlet qualifies the thing
            if set(a.counted) != set(b.counted):
                label = FactLabel.NOT_COMPARABLE  # "sorties" vs "strike sorties": two measures
                break
            dated = published[a.article] and published[b.article]
            label = (
                FactLabel.UPDATED
                if dated and published[a.article] != published[b.article]
                else FactLabel.DIFFERS
            )
            break
        mentions = sorted((q.mention for q in group), key=lambda m: (order[m.article], m.start))
        facts.append(Fact("number", label, head, tuple(mentions)))
    rank = {
        FactLabel.DIFFERS: 0,
        FactLabel.UPDATED: 1,
        FactLabel.AGREED: 2,
        FactLabel.NOT_COMPARABLE: 3,
        FactLabel.SINGLE_SOURCE: 4,
    }
    return tuple(
        sorted(
            facts, key=lambda f: (rank[f.label], order[f.mentions[0].article], f.mentions[0].start)
        )
    )
