"""Dates and times in an article, resolved against the article's own date when it is known.

- dates: "Monday", "last Friday", "Oct. 20", "March 19", "20 October 2011", "2011-10-31",
  "yesterday", "today", "tomorrow";
- times: "6 p.m. EDT", "2200 GMT", "midnight", "noon" — with a zone, converted to UTC.

A weekday or month-day without a year is resolved from the publication date: a weekday to
the one in the week before it, or after it when the sentence speaks of the future ("will",
"next", "is to"); a month-day to the publication year (the year before when that would put it
more than two months after publication). Without a publication date the value stays the
normalised words ("monday", "10-20"), which still align across outlets.

This is calendar arithmetic on a few patterns, not a general date parser: news text names
dates in a handful of ways, and dateparser's free-text search misreads "Oct. 20" and "2200
GMT" and costs milliseconds per call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsfuse.models import Article, Mention

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July"
    r"|Jul\.|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
# Case-sensitive (news capitalises dates; 2.4x faster than IGNORECASE on Multi-News).
# Each pattern opens with a look-ahead on the letters and digits its alternatives can start
# with: the engine skips the other positions at once (2.5x to 3x faster on DUC).
_DATE = re.compile(
    r"(?=[0-9LlNnTtMWFSJAODYy])\b(?:"
    r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    r"|(?P<rel>(?:[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday)(?!\s+(?:Times|Telegraph|Herald|Post|Mirror|Express)\b)"
    r"|" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    r"|(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+"
    + _MONTH.replace("month", "month2")
    + r"(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
    r"|(?P<named>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)"
    r")"
)
_ZONES = {
    "gmt": 0, "utc": 0, "bst": 1, "cet": 1, "cest": 2, "edt": -4, "est": -5,
    "cdt": -5, "cst": -6, "mdt": -6, "mst": -7, "pdt": -7, "pst": -8,
}  # fmt: skip
_TIME = re.compile(
    r"(?=[0-9MmNn])\b(?:(?P<h>[01]?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b|[AP]M\b|[AP]\.M\.)"
    r"|(?P<hhmm>[0-2]\d[0-5]\d)(?=\s*(?:GMT|UTC|hours|hrs)\b)"
    r"|(?P<word>[Mm]idnight|[Nn]oon))"
    r"(?:\s*(?P<zone>GMT|UTC|BST|CET|CEST|EDT|EST|CDT|CST|MDT|MST|PDT|PST)\b)?"
)
# Future tense in the words just before a date: "will end Monday", "is to meet on Friday";
# "until", "through", "starting", "by" the deadline of a month-day ("funded through Dec. 3").
_FUTURE = re.compile(
    r"\b(?:will|would|shall|'ll|next|(?:is|are|was|were) (?:to|due|set to|expected)|due for"
    r"|plans? to|prepar(?:e|es|ing) to|could be|as soon as"
    r"|scheduled (?:to|for)|going to|until|through|starting|(?:predicted|forecast) (?:for|on)"
    r"|beginning|effective)\b[^.;]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    article: str
    kind: str  # "date" or "time"
    value: str  # ISO date, "HH:MMZ" (UTC), else normalised words
    mention: Mention


def _published(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


# The words a sentence may open with before its day ("On", "Early", "By late").
_OPENING = re.compile(r"^\W*(?:(?:on|by|early|late|from|until|before|after|next|this)\s+)*$", re.I)
# The verb right after an opening day: "On Tuesday, the Earth will enter", "Tuesday's storm is
# expected to".
_FUTURE_AFTER = re.compile(
    r"[^.;]{0,60}?\b(?:will|shall|'ll|(?:is|are) (?:expected|due|set|scheduled) to)\b", re.I
)
_ATTRIBUTIVE = re.compile(r"\b(?:the|its|their)\s+$", re.I)
# The window searched for it: the longest of its words and a space, and one character for \b.
_ATTRIBUTIVE_WINDOW = len("their ") + 1
_NAME_BEFORE = re.compile(r"\b[A-Z][\w&]*(?:['’]s)?\s+$")  # not "Smith. Today ..."


def _clause_before(text: str, start: int) -> str:
    """The words of the sentence before ``start`` (at most 80 characters)."""
    cut = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - 80)
    return text[cut + 1 : start]


def _is_future(text: str, match: re.Match[str]) -> bool:
    """Does the sentence put the date ahead of the report? Told by the words before it ("will
    meet on Monday", "funded through Dec. 3"), or, when the date opens the sentence, by the
    verb after it ("On Tuesday, the Earth will enter ...")."""
    before = _clause_before(text, match.start())
    return bool(_FUTURE.search(before)) or (
        _OPENING.match(before) is not None and _FUTURE_AFTER.match(text, match.end()) is not None
    )


def resolve_weekday(weekday: str, base: date, future: bool) -> date:
    """The date of ``weekday`` in the week up to ``base`` (after it when ``future``)."""
    target = WEEKDAYS.index(weekday.lower())
    if future:
        return base + timedelta(days=(target - base.weekday()) % 7)
    return base - timedelta(days=(base.weekday() - target) % 7)


def _month_day(
    month: str, day: int, year: int | None, base: date | None, future: bool = False
) -> str:
    number = _MONTHS[month.lower()[:3]]
    if year is None and base is not None:
        year = base.year
        try:
            candidate = date(year, number, day)
        except ValueError:
            return f"{number:02d}-{day:02d}"
        if future and candidate < base - timedelta(days=7):
            year += 1  # "until Jan. 5" in an article of Dec. 20 is next year's
        elif not future and candidate > base + timedelta(days=62):
            year -= 1  # "Dec. 28" in an article of Jan. 3 is last year's
    if year is None:
        return f"{number:02d}-{day:02d}"
    try:
        return date(year, number, day).isoformat()
    except ValueError:
        return f"{year}-{number:02d}-{day:02d}"


def dates(article: Article) -> list[TimeExpression]:
    """The date expressions of an article's cleaned text, with resolved values."""
    text = article.text
    base = _published(article)
    found = []
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        value: str | None = None
        if groups["iso"]:
            value = groups["iso"]
        elif groups["weekday"]:
            weekday = groups["weekday"].lower()
            rel = (groups["rel"] or "").strip().lower()
            if base is None:
                value = f"{rel} {weekday}".strip()
            else:
                future = rel == "next" or (rel != "last" and _is_future(text, match))
                value = resolve_weekday(weekday, base, future).isoformat()
        elif groups["month"] or groups["month2"]:
            month = groups["month"] or groups["month2"]
            day = int(groups["day"] or groups["day2"])
            if not 1 <= day <= 31 or (month.lower() == "may" and not groups["year"] and day > 31):
                continue
            year = groups["year"] or groups["year2"]
            # "the Jan. 6 attack": a date naming a known event, whatever the tense around it
            future = _is_future(text, match) and not _ATTRIBUTIVE.search(
                text, max(0, match.start() - _ATTRIBUTIVE_WINDOW), match.start()
            )
            value = _month_day(month, day, int(year) if year else None, base, future)
        elif groups["named"]:
            if _NAME_BEFORE.search(text, max(0, match.start() - 30), match.start()):
                continue  # "USA Today", "NBC's Today": the name of a paper or a show
            named = groups["named"].lower()
            if base is None:
                value = named
            else:
                offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[named]
                value = (base + timedelta(days=offset)).isoformat()
        if value is None:
            continue
        mention = Mention(article.id, match.group(0), match.start(), match.end())
        found.append(TimeExpression(article.id, "date", value, mention))
    return found


def times(article: Article) -> list[TimeExpression]:
    """Clock times; with a zone, their value is the UTC time ("22:00Z")."""
    found = []
    for match in _TIME.finditer(article.text):
        groups = match.groupdict()
        if groups["hhmm"]:
            hour, minute = int(groups["hhmm"][:2]), int(groups["hhmm"][2:])
            if hour > 23:
                continue
        elif groups["word"]:
            hour, minute = (0, 0) if groups["word"].lower() == "midnight" else (12, 0)
        else:
            hour, minute = int(groups["h"]) % 12, int(groups["m"] or 0)
            if hour == 0 and int(groups["h"]) == 0:
                continue
            if groups["ampm"].lower().startswith("p"):
                hour += 12
        zone = (groups["zone"] or "").lower()
        if zone:
            utc = (hour - _ZONES[zone]) % 24
            value = f"{utc:02d}:{minute:02d}Z"
        else:
            value = f"{hour:02d}:{minute:02d}"
        mention = Mention(article.id, match.group(0), match.start(), match.end())
        found.append(TimeExpression(article.id, "time", value, mention))
    # "midnight Monday Libyan time (2200 GMT)": the local time is the zoned one that follows
    zoned = [t.mention.start for t in found if t.value.endswith("Z")]
    return [
        t
        for t in found
        if t.value.endswith("Z")
        or not any(
            0 <= z - t.mention.end <= 40 and "(" in article.text[t.mention.end : z] for z in zoned
        )
    ]
