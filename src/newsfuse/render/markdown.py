"""Brief -> Markdown (citation markers ``[1][2]`` and a numbered source list) or plain text."""

from __future__ import annotations

from newsfuse.models import Brief, BriefSentence, Fact, FactLabel


def earlier_text(sentence: BriefSentence, brief: Brief) -> str:
    """ "was “12 dead” (Reuters, 2026-03-02)": the earlier value of a changed figure, for
    readers; "" when the sentence changes none."""
    said = []
    for mention in sentence.earlier:
        article = brief.story.article(mention.article)
        where = ", ".join(x for x in (article.outlet or article.id, article.published) if x)
        said.append(f"“{mention.text}” ({where})")
    return f"was {' / '.join(dict.fromkeys(said))}" if said else ""


def source_numbers(brief: Brief) -> dict[str, int]:
    """Article id -> source number; copies of one report share their first article's."""
    numbers: dict[str, int] = {}
    for article in brief.story.articles:
        leader = brief.copy_of(article.id)
        numbers[article.id] = numbers[leader] if leader else len(set(numbers.values())) + 1
    return numbers


def _sources(brief: Brief) -> list[tuple[int, list[str]]]:
    """(number, article ids) of each source, in order."""
    grouped: dict[int, list[str]] = {}
    for article_id, number in source_numbers(brief).items():
        grouped.setdefault(number, []).append(article_id)
    return list(grouped.items())


def _headline(brief: Brief) -> str:
    read = set(brief.since)  # an update brief: the headline of a report not read yet
    for article in sorted(brief.story.articles, key=lambda a: a.id in read):
        if article.title:
            return article.title
    return brief.story_id


def _source_line(brief: Brief, article_ids: list[str], markdown: bool) -> str:
    article = brief.story.article(article_ids[0])
    names = [brief.story.article(a).outlet or a for a in article_ids]
    shown = [f"**{n}**" if markdown else n for n in names]
    parts = [" and ".join(shown) + (" (the same report)" if len(shown) > 1 else "")]
    if article.title:
        parts.append(f"“{article.title}”")
    if article.published:
        parts.append(article.published)
    if article.url:
        parts.append(f"<{article.url}>" if markdown else article.url)
    elif article.origin:
        parts.append(f"`{article.origin}`" if markdown else article.origin)
    return ", ".join(parts)


def _cited_sentences(brief: Brief) -> list[str]:
    numbers = source_numbers(brief)
    return [
        s.text
        + " "
        + "".join(f"[{n}]" for n in dict.fromkeys(numbers[c.article_id] for c in s.citations))
        + (f" ({earlier_text(s, brief)})" if s.earlier else "")
        for s in brief.sentences
    ]


def _focus_line(brief: Brief) -> str:
    """The opening line of an update or query-focused brief, before its words."""
    parts = []
    if brief.since:
        unread = len(brief.story.articles) - len(brief.since)
        parts.append(
            f"What {unread} report{'s' if unread != 1 else ''} add{'s' if unread == 1 else ''} "
            f"to the {len(brief.since)} read before"
        )
    else:
        outlets = len(brief.story.articles)
        parts.append(f"Brief of {outlets} report{'s' if outlets != 1 else ''}")
    if brief.query:
        parts.append(f"on “{brief.query}”")
    return " ".join(parts)


NAME_KINDS = frozenset({"name", "person", "organisation", "place"})
# Single-source dates are left out of the Markdown (they stay in the JSON): a bare "Wednesday"
# only one outlet gives says little without its sentence.
_SHOWN_ALONE = frozenset({"number", "quote", "time"})


def source_labels(brief: Brief) -> dict[str, str]:
    """Article id -> how the facts name its source: the outlet, with the source number when
    several sources share the outlet (the versions of one wire story: "Associated Press [3]")."""
    numbers = source_numbers(brief)
    outlet = {a.id: a.outlet or a.id for a in brief.story.articles}
    sources_of: dict[str, set[int]] = {}
    for article_id, name in outlet.items():
        sources_of.setdefault(name, set()).add(numbers[article_id])
    return {
        article_id: name if len(sources_of[name]) == 1 else f"{name} [{numbers[article_id]}]"
        for article_id, name in outlet.items()
    }


def fact_sections(brief: Brief) -> list[tuple[str, list[Fact]]]:
    """The brief's facts under their headings, in reading order, empty headings left out:
    agreed, differing (and updated), counted differently, then "Only in <source>"."""
    outlet = source_labels(brief)
    sections: list[tuple[str, list[Fact]]] = [
        ("Where the outlets agree", [f for f in brief.facts if f.label is FactLabel.AGREED]),
        (
            "Where they differ",
            [f for f in brief.facts if f.label in (FactLabel.DIFFERS, FactLabel.UPDATED)],
        ),
        (
            "Counted differently (not a contradiction)",
            [f for f in brief.facts if f.label is FactLabel.NOT_COMPARABLE],
        ),
    ]
    singles: dict[str, list[Fact]] = {}
    for fact in brief.facts:
        if fact.label is FactLabel.SINGLE_SOURCE and (
            fact.kind in _SHOWN_ALONE or fact.kind in NAME_KINDS
        ):
            singles.setdefault(outlet[fact.mentions[0].article], []).append(fact)
    sections += [(f"Only in {name}", facts) for name, facts in singles.items()]
    return [(title, facts) for title, facts in sections if facts]


def _fact_item(fact: Fact, outlet: dict[str, str]) -> str:
    sources = ", ".join(dict.fromkeys(outlet[m.article] for m in fact.mentions))
    if fact.kind == "quote":
        speaker = f"{fact.speaker}: " if fact.speaker else ""
        shown = f"{speaker}“{fact.value}”"
        return shown if fact.label is FactLabel.SINGLE_SOURCE else f"{shown} ({sources})"
    if fact.kind in ("date", "time"):
        said = " / ".join(dict.fromkeys(m.text for m in fact.mentions))
        resolved = f" ({fact.value})" if fact.value[:1].isdigit() else ""
        return said + resolved + ("" if fact.label is FactLabel.SINGLE_SOURCE else f": {sources}")
    if fact.label is FactLabel.SINGLE_SOURCE:
        return "; ".join(dict.fromkeys(f"“{m.text}”" for m in fact.mentions))
    by_outlet: dict[str, list[str]] = {}
    for mention in fact.mentions:
        by_outlet.setdefault(outlet[mention.article], []).append(mention.text)
    quoted = "; ".join(
        f"{name}: " + ", ".join(f"“{t}”" for t in dict.fromkeys(texts))
        for name, texts in by_outlet.items()
    )
    return quoted + (" (updated over time)" if fact.label is FactLabel.UPDATED else "")


# A Markdown brief lists at most this many facts, and names, under one heading (the most
# newsworthy first: figures, quotes, times); the JSON holds them all.
MAX_FACTS_SHOWN = 8
MAX_NAMES_SHOWN = 15


def _fact_items(facts: list[Fact], outlet: dict[str, str]) -> list[str]:
    """One line per fact, at most MAX_FACTS_SHOWN and a count of the rest, then the names
    (at most MAX_NAMES_SHOWN) on one line."""
    others = [f for f in facts if f.kind not in NAME_KINDS]
    names = [f.value for f in facts if f.kind in NAME_KINDS]
    items = [_fact_item(f, outlet) for f in others[:MAX_FACTS_SHOWN]]
    if len(others) > MAX_FACTS_SHOWN:
        items.append(f"… and {len(others) - MAX_FACTS_SHOWN} more (all in the JSON output)")
    if names:
        more = f" and {len(names) - MAX_NAMES_SHOWN} more" if len(names) > MAX_NAMES_SHOWN else ""
        items.append("Names: " + ", ".join(names[:MAX_NAMES_SHOWN]) + more)
    return items


def _facts_section(brief: Brief) -> list[str]:
    """'Across the outlets' in Markdown."""
    sections = fact_sections(brief)
    if not sections:
        return []
    outlet = source_labels(brief)
    lines = ["", "## Across the outlets", ""]
    for title, facts in sections:
        items = _fact_items(facts, outlet)
        lines += [f"**{title}**", "", *[f"- {item}" for item in items], ""]
    return lines[:-1]


def _empty(brief: Brief, markdown: bool) -> str:
    if brief.notice:
        return brief.notice
    return "_No sentence fit the brief._" if markdown else "(no sentence fit the brief)"


def render_markdown(brief: Brief) -> str:
    outlets = len(brief.story.articles)
    opening = (
        _focus_line(brief)
        if brief.since or brief.query
        else f"Brief of {outlets} report{'s' if outlets != 1 else ''}"
    )
    lines = [
        f"# {_headline(brief)}",
        "",
        f"*{opening}, "
        f"{brief.word_count} words; every sentence is quoted from the sources it cites.*",
        "",
        " ".join(_cited_sentences(brief)) if brief.sentences else _empty(brief, markdown=True),
        "",
        "## Sources",
        "",
    ]
    lines += [f"{n}. {_source_line(brief, ids, markdown=True)}" for n, ids in _sources(brief)]
    lines += _facts_section(brief)
    return "\n".join(lines) + "\n"


def render_text(brief: Brief) -> str:
    body = "\n".join(_cited_sentences(brief)) if brief.sentences else _empty(brief, markdown=False)
    sources = "\n".join(
        f"[{n}] {_source_line(brief, ids, markdown=False)}" for n, ids in _sources(brief)
    )
    heading = _headline(brief)
    if brief.since or brief.query:
        heading += f"\n({_focus_line(brief)})"
    return f"{heading}\n\n{body}\n\nSources:\n{sources}\n"
