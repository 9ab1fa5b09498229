"""Figures compared across outlets: cleaned Articles -> number Facts (agreed, differs, ...).

Precision first: a wrong "differs" is worse than a missed fact. So:

1. A quantity is a number with its hedge ("more than", "almost", "about", ...) and the thing
   it counts: the content words that follow it, up to a preposition, verb or punctuation
   ("more than 26,000 sorties" -> 26000, at least, *sorties*; "about 5,900 military targets"
   -> 5900, about, *military targets*). Years, times, money and percentages are left out.
2. Two quantities of different articles are the same measure when they count the same head
   noun (the last word of the counted thing, stemmed) *and* their sentences speak of the same
   thing: three content words shared, or two making a third of the shorter sentence's;
   figures that do not fit need near-copy sentences, or sentences tied by another figure both
   give alike. "32 people" who died in Poland and "21 people" who died in Romania share a
   head, not a measure. Aligned quantities are gathered into facts by complete linkage (every
   pair of a fact is one measure; no chaining).
3. Labels: **agreed** when every aligned pair fits within its hedges ("almost 6,000 targets"
   and "about 5,900 military targets" overlap); otherwise **not comparable** when the things
   counted differ in their qualifiers ("sorties" vs "strike sorties": two measures, never a
   contradiction), **updated** when the reports carry different dates, are two versions of
   one outlet's report, or say the figure changed ("rose to", "earlier, police said"), else
   **differs**. A quantity
   aligned with no other outlet's is **single-source**.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from newsfuse import textnorm
from newsfuse.facts.names import group_word
from newsfuse.facts.temporal import WEEKDAYS
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
    sentence: tuple[int, int]  # offsets of its sentence in the article's text
    context: frozenset[str] = frozenset()  # content terms of its sentence, figures left out
    names: frozenset[str] = frozenset()  # capitalised words inside its sentence ("Poland")
    days: frozenset[str] = frozenset()  # the days its sentence names ("wednesday", "weekend")
    near: frozenset[str] = frozenset()  # content terms of the few words around it
    revised: bool = False  # its sentence says a figure changed ("rose to", "earlier ... said")


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
    r"(?=\d)(?<![\w$£€.,-])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<scale>thousand|million|billion))?"
    r"(?!\s*(?:%|percent|per cent|p\.m|a\.m|GMT|BST|EDT|EST))"
    r"(?P<rest>(?:[ -][A-Za-z][\w'-]*){1,4})",
    re.IGNORECASE,
)
# Numbers in words ("one" is left out: "one of the most successful" counts nothing), with
# "of the 28" skipped to the thing counted: "eight of the 28 member states".
_UNITS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_TENS = {"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0,
         "eighty": 80.0, "ninety": 90.0, "dozen": 12.0}  # fmt: skip
_NUMBER_WORDS = {w: float(n) for n, w in enumerate(_UNITS.split()) if n >= 2} | _TENS
# Case-sensitive words ("Eight" or "eight") behind a look-ahead on their first letters: the
# regex engine then skips most positions at once (2.5x faster than IGNORECASE on DUC).
_FIRST_LETTERS = "".join(sorted({c for w in _NUMBER_WORDS for c in (w[0], w[0].upper())}))
_SPELLED = re.compile(
    r"(?<![\w-])(?=[" + _FIRST_LETTERS + r"])"
    r"(?P<word>" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _NUMBER_WORDS) + r")"
    r"(?:\s+of\s+(?:the|its|their)\s+[\d,]+)?(?P<rest>(?:[ -][A-Za-z][\w'-]*){1,4})"
)
_HEDGE_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _HEDGES), key=len, reverse=True)) + r")\s+$",
    re.IGNORECASE,
)
_PLURAL = re.compile(r"[a-z]{2}[^s']s$")
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
        "does",
        "throughout",
        "across",
        "over",
        "into",
        "than",
        "more",
        "per",
        "do",
        "did",
        "can",
        "may",
        "might",
        "must",
        "should",
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
    """The counted quantities of an article's cleaned text, in figures ("9,600 strike
    sorties") or in words ("eight of the 28 member states", "seven-month")."""
    text = article.text
    found = []
    for match in _QUANTITY.finditer(text):
        raw = match.group("number").replace(",", "")
        if _YEAR.match(raw) and not match.group("scale"):
            continue
        value = float(raw) * _SCALES.get((match.group("scale") or "").lower(), 1.0)
        if _AFTER_MONTH.search(text, max(0, match.start() - 6), match.start()):
            continue  # "Sept. 2", "Oct. 20": a date (newsfuse.facts.temporal)
        if _CONVERSION.search(text, max(0, match.start() - 40), match.start()):
            continue  # "130 kph (81 mph)", "(dlrs 252.8 million)": the same figure converted
        if match.group("rest").lstrip(" -")[:1].isupper() and _in_a_name(text, match.start()):
            continue  # "FOX 4 Reporter James Rose", "Channel 4 News": part of a name
        rest = match.group("rest")
        quantity = _quantity(article, value, match.start(), match.start("rest"), rest)
        if quantity is not None:
            found.append(quantity)
    for match in _SPELLED.finditer(text):
        value = _NUMBER_WORDS[match.group("word").lower()]
        rest = match.group("rest")
        quantity = _quantity(article, value, match.start(), match.start("rest"), rest)
        if quantity is not None:
            found.append(quantity)
    # "eight of its 13 printing plants" is one quantity: the "13 printing plants" inside it
    # is not a second count of the plants
    found.sort(key=lambda q: (q.mention.start, -q.mention.end))
    kept: list[Quantity] = []
    for quantity in found:
        if kept and quantity.mention.end <= kept[-1].mention.end:
            continue
        kept.append(quantity)
    return kept


def _in_a_name(text: str, start: int) -> bool:
    """Is the number at ``start`` (before a capitalised word) part of a name: right after a
    capitalised word that is neither a common word nor a hedge ("FOX 4 Reporter", "Channel 4
    News"; not "Nearly 400,000 Americans", "The 500 Democrats")?"""
    before = _NAME_WORD_BEFORE.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group(1).lower()
    return word not in textnorm.STOPWORDS and word not in _HEDGE_WORDS


_NAME_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w&'’-]*) $")
_HEDGE_WORDS = frozenset(w for hedge in _HEDGES for w in hedge.split())


def _quantity(
    article: Article, value: float, number_start: int, rest_start: int, rest: str
) -> Quantity | None:
    """The quantity whose number starts at ``number_start`` and whose counted thing is told
    by ``rest`` (the words after the number), or None when nothing countable follows."""
    text = article.text
    if rest.startswith("-"):  # "15-nation", "7-month": the number qualifies one word
        words = [rest[1:].split()[0].split("-")[0]]
    else:
        words = []
        for word in rest.split():
            lowered = word.lower().strip("'")
            if lowered in _STOP or lowered in _MONTHS:
                break
            if words and (
                (word[0].isupper() and not group_word(word)) or lowered.endswith(("ing", "ed"))
            ):
                break  # a name or a verb begins: the counted thing has ended ("two ethnic
                # Albanians" goes on: a nationality is part of what is counted)
            if words and _PLURAL.search(words[-1]) and not _PLURAL.search(lowered):
                break  # after its plural, a word that is none ends it: "two leaders" of "two
                # leaders drove straight" (but "two news agencies" goes on)
            words.append(word)
    counted = tuple(t for w in words for t in textnorm.terms(w))
    if not counted:
        return None
    before = _HEDGE_BEFORE.search(text, max(0, number_start - 20), number_start)
    hedge = before.group(1).lower() if before else ""
    begin = before.start() if before else number_start
    low, high = _HEDGES.get(hedge, (1.0, 1.0))
    low, high = value * low, value * high
    if text.endswith("minus ", 0, begin):
        value, low, high = -value, -high, -low  # "minus 20 degrees"
    end = rest_start + rest.find(words[-1]) + len(words[-1])
    mention = Mention(article.id, text[begin:end], begin, end)
    sentence = sentence_bounds(text, begin, end)
    return Quantity(article.id, value, low, high, hedge, counted, mention, sentence)


def with_context(quantity: Quantity, text: str) -> Quantity:
    """The quantity with what its sentence says around it, for aligning it with others.
    Computed only for quantities that have a counterpart in another article."""
    begin, end = quantity.mention.start, quantity.mention.end
    counted = set(quantity.counted)
    sentence = text[slice(*quantity.sentence)]
    context = frozenset(t for t in textnorm.terms(sentence) if not t[:1].isdigit())
    names = frozenset(n for n in _INNER_NAME.findall(sentence) if n.lower() not in _CALENDAR)
    days = frozenset(d.lower() for d in _DAY.findall(sentence))
    # whole words of the same line only
    left = max(begin - _NEAR, text.rfind("\n", 0, begin) + 1, 0)
    right_stop = text.find("\n", end)
    right = min(end + _NEAR, right_stop if right_stop >= 0 else len(text))
    before_words = text[left:begin]
    if left > 0 and not text[left - 1].isspace():
        before_words = before_words.split(" ", 1)[-1]  # a word cut in two
    after_words = text[end:right]
    if right < len(text) and not text[right].isspace():
        after_words = after_words.rsplit(" ", 1)[0]
    near = frozenset(
        t for t in textnorm.terms(before_words + " " + after_words) if not t[:1].isdigit()
    )
    # the cue may come in the sentence after: "36 died. Earlier, police said 32 had."
    revised = bool(_UPDATE_CUE.search(text, begin, end + len(sentence) + 200))
    return replace(
        quantity,
        context=context - counted,
        names=names,
        days=days,
        near=near - counted,
        revised=revised,
    )


def sorted_mentions(mentions: Sequence[Mention], order: dict[str, int]) -> tuple[Mention, ...]:
    """Mentions in reading order: by their article's place in the story, then by offset."""
    return tuple(sorted(mentions, key=lambda m: (order[m.article], m.start)))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or line) of ``text`` around ``start:end``."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return left, min(stops) if stops else len(text)


_CALENDAR = _MONTHS | frozenset(WEEKDAYS)
_DAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|weekend|yesterday|today"
    r"|tomorrow)\b"
)
_UPDATE_CUE = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|jumped|mounted|grew|up from|down from|earlier"
    r"|latest|revised|updated|so far|thus far|now stands|has reached)\b",
    re.IGNORECASE,
)
_AFTER_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+$")
# An opening parenthesis right after a figure and its unit: what follows converts it.
_CONVERSION = re.compile(r"\d[\w ,.%-]{0,25}\((?:minus |about |some |dlrs |US\$|\$)?$")
_NEAR = 30  # characters either side of a figure that say what it is the figure of
# A capitalised word after a lower-case one or a comma: a name, not a sentence start.
_INNER_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}")


# Two sentences speak of the same thing when they share this many content terms, or fewer
# (at least two) making this share of the shorter one's.
_SHARED_TERMS = 3
_MIN_SHARED_TERMS = 2
_MIN_SHARED_SHARE = 1 / 3


# Figures that do not fit are only called one measure told two ways (differs, updated) when
# their sentences are near-copies: this many shared terms, making half the shorter one's.
# (When the things counted differ, the label is "not comparable", never a contradiction, and
# the looser test applies.)
_STRICT_SHARED_TERMS = 3
_STRICT_SHARED_SHARE = 1 / 2
_STRICT_NEAR_TERMS = 2
_STRICT_NEAR_JACCARD = 0.6  # the words around both figures nearly the same


def same_measure(a: Quantity, b: Quantity, anchored: bool = False) -> bool:
    """Do two quantities of different articles measure the same thing?

    Values that fit need sentences about the same thing; values that do not fit need
    near-copies of one sentence (a wrong "differs" is worse than a missed one), or sentences
    ``anchored`` on one more figure they give alike (see :func:`_anchored_pairs`).
    """
    if a.article == b.article or a.counted[-1] != b.counted[-1]:
        return False
    if a.names and b.names and not a.names & b.names:
        return False  # "in Poland" and "in Romania": two places, two measures
    if a.days and b.days and not a.days & b.days:
        return False  # "over the weekend" and "on Wednesday": two days, two measures
    toll_a, toll_b = _tolls(a), _tolls(b)
    if toll_a and toll_b and not toll_a & toll_b:
        return False  # "killed 224 people" and "injured 5,000 people": two tolls
    if anchored:
        return True
    shared = len(a.context & b.context)
    shorter = min(len(a.context), len(b.context))
    if _same_thing(a, b) and (not _fits(a, b) or _loose_fit(a, b)):
        # near-copies, and the same words right around the figures ("In Poland, 32 people
        # died, most" / "In Poland, 36 people died, most"; not "100-meter backstroke" and
        # "400-meter butterfly" in one sentence)
        return (
            shared >= min(_STRICT_SHARED_TERMS, max(shorter, _MIN_SHARED_TERMS))
            and shared >= _STRICT_SHARED_SHARE * shorter
            and len(a.near & b.near) >= _STRICT_NEAR_TERMS
            and len(a.near & b.near) >= _STRICT_NEAR_JACCARD * len(a.near | b.near)
        )
    if shared >= _SHARED_TERMS:
        return True
    return shared >= _MIN_SHARED_TERMS and shared >= _MIN_SHARED_SHARE * shorter


def _loose_fit(a: Quantity, b: Quantity) -> bool:
    """Do the figures fit only through an open bound, far from the other value? "more than
    150 people" (all a hall may hold) fits "an estimated 400 people" (inside it) but says
    nothing of it: such a pair needs sentences as close as figures that do not fit."""
    if a.hedge not in _OPEN_BOUNDS and b.hedge not in _OPEN_BOUNDS:
        return False
    low, high = sorted((abs(a.value), abs(b.value)))
    return high > _LOOSE_FACTOR * low


_LOOSE_FACTOR = 1.5


def _same_thing(a: Quantity, b: Quantity) -> bool:
    """Do two quantities count the same thing, qualifiers included? Degrees of one adjective
    qualify alike ("the 100 poorest countries", "92 poorer countries"); "strike sorties" and
    "sorties" are two things."""
    return {_degree_base(t) for t in a.counted[:-1]} == {
        _degree_base(t) for t in b.counted[:-1]
    } and a.counted[-1] == b.counted[-1]


_DEGREE = re.compile(r"(?<=\w{3})(?:est|er)$")
_DOUBLED = re.compile(r"([bdgmnprt])\1$")


def _degree_base(term: str) -> str:
    """A stemmed qualifier without its comparative or superlative ending: "poorest",
    "poorer" -> "poor"; "bigger" -> "big"; "wealthier" -> "wealthi" (the stem of "wealthy")."""
    base = _DEGREE.sub("", term)
    return _DOUBLED.sub(r"\1", base) if base != term else term


# The words that make a figure a toll, by the toll they make: "killed" and "deaths" count the
# dead, "injured" and "wounded" the hurt.
_TOLLS = {
    "dead": "killed dead died deaths death",
    "hurt": "injured injuries wounded hurt",
    "missing": "missing",
}
_TOLL_OF = {
    term: toll
    for toll, words in _TOLLS.items()
    for word in words.split()
    if (term := textnorm.term(word))
}
_TOLL_TERMS = frozenset(_TOLL_OF)


def _tolls(quantity: Quantity) -> frozenset[str]:
    """The tolls the words right at a figure make of it: {"dead"}, {"hurt"}, or none."""
    return frozenset(_TOLL_OF[t] for t in quantity.near & _TOLL_TERMS)


# Bounds of one side, read off the hedges: "more than 200" has no upper end, "up to 50" a lower
# end of zero.
_LOWER_BOUNDS = frozenset(h for h, (_, high) in _HEDGES.items() if high == float("inf"))
_UPPER_BOUNDS = frozenset(h for h, (low, high) in _HEDGES.items() if (low, high) == (0.0, 1.0))
_OPEN_BOUNDS = _LOWER_BOUNDS | _UPPER_BOUNDS


def _fits(a: Quantity, b: Quantity) -> bool:
    """Can both figures be true of one thing? "almost 6,000" and "about 5,900" can; "at least
    62" and "at least 65" could, but two bounds of one kind with two values are a count that
    moved, not an agreement."""
    same_bounds = (a.hedge in _LOWER_BOUNDS and b.hedge in _LOWER_BOUNDS) or (
        a.hedge in _UPPER_BOUNDS and b.hedge in _UPPER_BOUNDS
    )
    if same_bounds and abs(a.value - b.value) > 0.01 * max(abs(a.value), abs(b.value)):
        return False

    def slack(x: float) -> float:  # "5,900" and "5,905" are one figure rounded two ways
        return 0.01 * abs(x)

    return a.low - slack(a.low) <= b.high + slack(b.high) and b.low - slack(b.low) <= (
        a.high + slack(a.high)
    )


def quantity_facts(articles: Sequence[Article]) -> list[Fact]:
    """Facts about figures across ``articles`` (cleaned, in canonical order)."""
    order = {a.id: n for n, a in enumerate(articles)}
    published = {a.id: a.published for a in articles}
    outlet = {a.id: a.outlet for a in articles}
    text = {a.id: a.text for a in articles}
    by_head: dict[str, list[Quantity]] = {}
    found = [q for article in articles for q in quantities(article)]
    for quantity in found:
        by_head.setdefault(quantity.counted[-1], []).append(quantity)
    anchored = _anchored_pairs(found)
    facts: list[Fact] = []
    for head, group in by_head.items():
        if len({q.article for q in group}) > 1:
            group = [with_context(q, text[q.article]) for q in group]
        # Complete linkage: two groups of quantities merge only when every pair across
        # articles measures the same thing, so that A~B and B~C never make A~C by chaining;
        # and two figures of one sentence are two measures unless they are one value ("$974
        # billion over five years or $1.2 trillion over eight years" do not contradict another
        # outlet's "over eight years"; "winds of 130 kph and gusts of up to 160 kph"). Of
        # pairs whose sentences share as much, the closest merge first.
        aligned = [
            (-len(group[i].context & group[j].context), *_closeness(group[i], group[j]), i, j)
            for i in range(len(group))
            for j in range(i + 1, len(group))
            if same_measure(
                group[i],
                group[j],
                anchored=(group[i].mention, group[j].mention) in anchored,
            )
            and not _relative_to_other_days(group[i], group[j], text, published)
        ]
        linked = {(i, j) for *_, i, j in aligned}
        cluster_of = list(range(len(group)))
        members_of: dict[int, list[int]] = {i: [i] for i in range(len(group))}
        for *_, i, j in sorted(aligned):
            ri, rj = cluster_of[i], cluster_of[j]
            if ri == rj:
                continue
            if all(
                (min(x, y), max(x, y)) in linked
                if group[x].article != group[y].article
                else group[x].value == group[y].value or not _same_sentence(group[x], group[y])
                for x in members_of[ri]
                for y in members_of[rj]
            ):
                for x in members_of[rj]:
                    cluster_of[x] = ri
                members_of[ri] += members_of.pop(rj)
        _join_equal_agreements(group, members_of)
        for members in members_of.values():
            quantities_of = [group[i] for i in members]
            articles_of = {q.article for q in quantities_of}
            mentions = sorted_mentions([q.mention for q in quantities_of], order)
            if len(articles_of) == 1:
                if not any(
                    q.article not in articles_of and q.value == m.value
                    for q in group
                    for m in quantities_of
                ):
                    facts.append(Fact("number", FactLabel.SINGLE_SOURCE, head, mentions))
                # else another outlet gives the same count in other words: not "only in"
                # one outlet, though not shown to be one fact either, so left out
                continue
            pairs = [(group[i], group[j]) for *_, i, j in aligned if i in members and j in members]
            facts.append(Fact("number", _label(pairs, published, outlet), head, mentions))
    return facts


def _join_equal_agreements(group: Sequence[Quantity], members_of: dict[int, list[int]]) -> None:
    """Clusters of one head that each hold one figure in several reports, the same figure,
    are one agreement: the mission is "seven-month" in the headlines and in the text alike,
    though no headline sentence is linked to every text sentence."""
    by_figure: dict[tuple[float, float, float], int] = {}
    for root, members in list(members_of.items()):
        figures = {(group[i].value, group[i].low, group[i].high) for i in members}
        if len(figures) != 1 or len({group[i].article for i in members}) < 2:
            continue
        figure = figures.pop()
        if figure in by_figure:
            members_of[by_figure[figure]] += members_of.pop(root)
        else:
            by_figure[figure] = root


def _relative_to_other_days(
    a: Quantity, b: Quantity, text: dict[str, str], published: dict[str, str | None]
) -> bool:
    """Spans of time counted back or forth from the day a report tells of ("two weeks ago",
    "less than two weeks before the election") are one measure only in reports whose days
    lie closer than half the unit: "16 months ago" in reports a day apart is one time,
    "two weeks ago" in reports five weeks apart is not."""
    apart = _days_apart(published[a.article], published[b.article])
    if apart == 0:
        return False
    return any(
        q.counted[-1] in _TIME_UNITS
        and (apart is None or apart >= _TIME_UNITS[q.counted[-1]] / 2)
        and (
            _RELATIVE_END.search(q.mention.text) is not None  # the mention took in "ago"
            or _RELATIVE.match(text[q.article], q.mention.end) is not None
        )
        for q in (a, b)
    )


def _days_apart(first: str | None, second: str | None) -> int | None:
    """Days between two publication dates; None when either is unknown or unreadable."""
    if first == second:
        return 0
    if first is None or second is None:
        return None
    try:
        return abs((date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])).days)
    except ValueError:
        return None


# Units of relative spans of time and their length in days.
_TIME_UNITS = {
    textnorm.term(word): days
    for word, days in (
        ("minutes", 0.0),
        ("hours", 0.0),
        ("days", 1.0),
        ("weeks", 7.0),
        ("months", 30.0),
        ("years", 365.0),
        ("decades", 3650.0),
    )
}
_RELATIVE_WORDS = r"(?:ago|earlier|later|before|after|from now|since)"
_RELATIVE = re.compile(rf"\s+{_RELATIVE_WORDS}\b")
_RELATIVE_END = re.compile(rf"\s{_RELATIVE_WORDS}$")


def _closeness(a: Quantity, b: Quantity) -> tuple[bool, float]:
    """A sort key, closest first: the same value, then the same words around the figures
    (sustained winds of "120 kph" and of "130 kph", not the gusts of "up to 160 kph")."""
    union = len(a.near | b.near)
    return a.value != b.value, -len(a.near & b.near) / union if union else 0.0


def _same_sentence(a: Quantity, b: Quantity) -> bool:
    return a.article == b.article and a.sentence == b.sentence


def _pairable(
    sentence: list[Quantity], anchors: set[tuple[tuple[str, ...], float]]
) -> list[Quantity]:
    """The quantities of a sentence an anchor may pair: not an anchor, a qualified thing
    ("poorer countries", not any "months" or "kph" the sentences give), and the only one of
    its head in the sentence."""
    heads = [q.counted[-1] for q in sentence]
    return [
        q
        for q in sentence
        if (q.counted, q.value) not in anchors
        and len(q.counted) > 1
        and heads.count(q.counted[-1]) == 1
    ]


def _anchored_pairs(found: Sequence[Quantity]) -> set[tuple[Mention, Mention]]:
    """Pairs of quantities (of different articles, one head) whose sentences are tied by an
    anchor: another figure both sentences give alike, the same value of the same thing.

    "donate 500 million doses ... to 92 poorer countries" and "The 500 million doses are
    destined for the world's 100 poorest countries" speak of one donation, so their counts of
    countries are one measure, though the sentences share few other words. Only qualified
    things are paired so (a bare "two months" and "three months" around "850,000 jobs" are two
    spans of time); a sentence holding two figures of that head is ambiguous and pairs none.
    """
    by_sentence: dict[tuple[str, tuple[int, int]], list[Quantity]] = {}
    for quantity in found:
        by_sentence.setdefault((quantity.article, quantity.sentence), []).append(quantity)
    pairs: set[tuple[Mention, Mention]] = set()
    for first, second in itertools.combinations(by_sentence.values(), 2):
        if first[0].article == second[0].article:
            continue
        anchors = {(q.counted, q.value) for q in first} & {(q.counted, q.value) for q in second}
        if not anchors:
            continue
        for a, b in itertools.product(_pairable(first, anchors), _pairable(second, anchors)):
            if a.counted[-1] == b.counted[-1]:
                pairs |= {(a.mention, b.mention), (b.mention, a.mention)}
    return pairs


def _label(
    pairs: list[tuple[Quantity, Quantity]],
    published: dict[str, str | None],
    outlet: dict[str, str | None],
) -> FactLabel:
    for a, b in pairs:
        if _fits(a, b):
            continue  # figures that fit agree, however each outlet qualifies the thing
        if not _same_thing(a, b):
            return FactLabel.NOT_COMPARABLE  # "sorties" vs "strike sorties": two measures
        dated = published[a.article] and published[b.article]
        same_outlet = outlet[a.article] is not None and outlet[a.article] == outlet[b.article]
        if (
            (dated and published[a.article] != published[b.article])
            or same_outlet
            or a.revised
            or b.revised
        ):
            # reports of different days, an outlet's later version of its own report, or a
            # sentence saying the figure changed
            return FactLabel.UPDATED
        return FactLabel.DIFFERS
    return FactLabel.AGREED
