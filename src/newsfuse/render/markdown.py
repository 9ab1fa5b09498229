"""Brief -> Markdown (citation markers ``[1][2]`` and a numbered source list) or plain text."""

from __future__ import annotations

from newsfuse.models import Brief


def _source_numbers(brief: Brief) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(brief.story.articles, start=1)}


def _headline(brief: Brief) -> str:
    for article in brief.story.articles:
        if article.title:
            return article.title
    return brief.story_id


def _source_line(brief: Brief, article_id: str, markdown: bool) -> str:
    article = brief.story.article(article_id)
    parts = [f"**{article.outlet or article.id}**" if markdown else (article.outlet or article.id)]
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
    numbers = _source_numbers(brief)
    return [
        s.text + " " + "".join(f"[{numbers[c.article_id]}]" for c in s.citations)
        for s in brief.sentences
    ]


def render_markdown(brief: Brief) -> str:
    numbers = _source_numbers(brief)
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
    lines += [f"{n}. {_source_line(brief, aid, markdown=True)}" for aid, n in numbers.items()]
    return "\n".join(lines) + "\n"


def render_text(brief: Brief) -> str:
    numbers = _source_numbers(brief)
    body = "\n".join(_cited_sentences(brief)) if brief.sentences else "(no sentence fit the brief)"
    sources = "\n".join(
        f"[{n}] {_source_line(brief, aid, markdown=False)}" for aid, n in numbers.items()
    )
    return f"{_headline(brief)}\n\n{body}\n\nSources:\n{sources}\n"
