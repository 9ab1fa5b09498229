"""Brief -> Markdown (citation markers ``[1][2]`` and a numbered source list) or plain text."""

from __future__ import annotations

from newsfuse.models import Brief, Fact, FactLabel


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
    for article in brief.story.articles:
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
        for s in brief.sentences
    ]


def fact_sections(brief: Brief) -> list[tuple[str, list[Fact]]]:
    """The brief's facts under their headings, in reading order, empty headings left out:
    agreed, differing (and updated), counted differently, then "Only in <outlet>"."""
    outlet = {a.id: a.outlet or a.id for a in brief.story.articles}
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
        if fact.label is FactLabel.SINGLE_SOURCE:
            singles.setdefault(outlet[fact.mentions[0].article], []).append(fact)
    sections += [(f"Only in {name}", facts) for name, facts in singles.items()]
    return [(title, facts) for title, facts in sections if facts]


def _facts_section(brief: Brief) -> list[str]:
    """'Figures across the outlets' in Markdown."""
    if not brief.facts:
        return []
    outlet = {a.id: a.outlet or a.id for a in brief.story.articles}

    def item(fact: Fact) -> str:
        if fact.label is FactLabel.SINGLE_SOURCE:
            return "; ".join(f"“{m.text}”" for m in fact.mentions)
        quoted = "; ".join(f"{outlet[m.article]}: “{m.text}”" for m in fact.mentions)
        return quoted + (" (updated over time)" if fact.label is FactLabel.UPDATED else "")

    lines = ["", "## Figures across the outlets", ""]
    for title, facts in fact_sections(brief):
        lines += [f"**{title}**", "", *[f"- {item(f)}" for f in facts], ""]
    return lines[:-1]


def render_markdown(brief: Brief) -> str:
    outlets = len(brief.story.articles)
    lines = [
        f"# {_headline(brief)}",
        "",
        f"*Brief of {outlets} report{'s' if outlets != 1 else ''}, "
        f"{brief.word_count} words; every sentence is quoted from the sources it cites.*",
        "",
        " ".join(_cited_sentences(brief)) if brief.sentences else "_No sentence fit the brief._",
        "",
        "## Sources",
        "",
    ]
    lines += [f"{n}. {_source_line(brief, ids, markdown=True)}" for n, ids in _sources(brief)]
    lines += _facts_section(brief)
    return "\n".join(lines) + "\n"


def render_text(brief: Brief) -> str:
    body = "\n".join(_cited_sentences(brief)) if brief.sentences else "(no sentence fit the brief)"
    sources = "\n".join(
        f"[{n}] {_source_line(brief, ids, markdown=False)}" for n, ids in _sources(brief)
    )
    return f"{_headline(brief)}\n\n{body}\n\nSources:\n{sources}\n"
