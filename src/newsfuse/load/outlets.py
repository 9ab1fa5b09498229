"""Which outlet published a text: from its own cues, or from a file or host name.

A scraped page names its outlet in the clutter around the story, not in the story: "Watch CBSN
Live", "Source: Al Jazeera and agencies", a "(CNN) --" or "(AP) _" dateline, a copyright line.
Mentions inside long body sentences mostly cite *other* outlets ("told the Hartford Courant"),
so they do not count; only a parenthesised dateline inside a sentence does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Scores of one mention, by where it stands.
_STRONG = 3.0  # "(CNN)", "Source: ...", "Copyright ...", "... and agencies"
_CUE_LINE = 2.0  # a short line of page furniture ("View CBS News In")
_DECIDE = 2.0
_CUE_LINE_WORDS = 10
_SHORT_ALIAS = 3
_DATELINE_PARAGRAPHS = 3
_CREDIT_LINE_WORDS = 25  # "AP", "RT", "FT": only trusted in strong contexts

_PARENTHESISED = re.compile(r"\(([^()]{2,40})\)")
_STRONG_LINE_RE = re.compile(r"^\s*(source|copyright|©|\(c\))|\band agencies\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Outlet, ...]:
    """The known outlets shipped in ``newsfuse/data/outlets.tsv``."""
    text = resources.files("newsfuse").joinpath("data/outlets.tsv").read_text("utf-8")
    outlets = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, domains = line.split("\t")
        outlets.append(Outlet(name, tuple(aliases.split("|")), tuple(domains.split("|"))))
    return tuple(outlets)


@lru_cache(maxsize=1)
def _alias_pattern() -> tuple[re.Pattern[str], dict[str, Outlet]]:
    by_alias = {alias: outlet for outlet in gazetteer() for alias in outlet.aliases}
    ordered = sorted(by_alias, key=len, reverse=True)  # "CBS News" before "CBS"
    pattern = re.compile(r"(?<![\w@#/.])(" + "|".join(map(re.escape, ordered)) + r")(?![\w/]|\.\w)")
    return pattern, by_alias


def recognise_outlet(text: str) -> str | None:
    """The outlet a raw scraped text names as its own, or None when its cues are too weak."""
    pattern, by_alias = _alias_pattern()
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}

    def count(name: str, score: float, line_no: int) -> None:
        scores[name] = scores.get(name, 0.0) + score
        first_seen.setdefault(name, line_no)

    long_lines_seen = 0
    for line_no, line in enumerate(text.splitlines()):
        n_words = len(line.split())
        if n_words == 0:
            continue
        # Credit lines ("Source: Al Jazeera and agencies", "Copyright 2011 CBS") are short.
        is_strong_line = n_words <= _CREDIT_LINE_WORDS and bool(_STRONG_LINE_RE.search(line))
        if n_words > _CUE_LINE_WORDS and not is_strong_line:
            # A story sentence: only a "(CNN) --" style dateline names the outlet itself,
            # and a dateline opens one of the first paragraphs.
            long_lines_seen += 1
            if long_lines_seen <= _DATELINE_PARAGRAPHS and "(" in line[:80]:
                for inner in _PARENTHESISED.findall(line[:80]):
                    if inner in by_alias:
                        count(by_alias[inner].name, _STRONG, line_no)
            continue
        for match in pattern.finditer(line):
            alias = match.group(1)
            in_parens = (
                line[max(0, match.start() - 1) : match.start()] == "("
                and line[match.end() : match.end() + 1] == ")"
            )
            if in_parens or is_strong_line:
                count(by_alias[alias].name, _STRONG, line_no)
            elif len(alias) > _SHORT_ALIAS:
                count(by_alias[alias].name, _CUE_LINE, line_no)
    if not scores:
        return None
    best = max(scores, key=lambda n: (scores[n], -first_seen[n]))
    return best if scores[best] >= _DECIDE else None


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def outlet_from_name(name: str) -> str | None:
    """A known outlet named by a file stem or host ("cbsnews", "www.cbsnews.com"), else None."""
    key = _squash(re.sub(r"^(https?://)?(www\.)?", "", name.lower()))
    if not key:
        return None
    for outlet in gazetteer():
        for domain in outlet.domains:
            squashed = _squash(domain)
            stem = _squash(domain.rsplit(".", 1)[0])
            if key in (squashed, stem):
                return outlet.name
        if any(key == _squash(alias) for alias in outlet.aliases if len(alias) > _SHORT_ALIAS):
            return outlet.name
    return None
