"""Brief -> what the story page shows: cited sentences with per-outlet markers and the
supporting sentence of each, sources, facts, and each article's text with the sentences the
brief uses marked. Plain data; the template escapes every piece of article text."""

from __future__ import annotations

from dataclasses import dataclass

from newsfuse.models import Article, Brief, FactLabel, MatchKind, Mention
from newsfuse.render import fact_sections, source_labels, source_numbers
from newsfuse.render.markdown import NAME_KINDS, earlier_text

PALETTE_SIZE = 8  # colours .src-0 ... .src-7 in style.css; sources beyond reuse them


@dataclass(frozen=True, slots=True)
class Marker:
    number: int
    colour: int
    outlet: str
    quote: str  # the supporting sentence of that outlet
    match: str  # "copied from", "same words", "same information"
    anchor: str  # id of the sentence in the article's text


@dataclass(frozen=True, slots=True)
class BriefLine:
    text: str
    markers: tuple[Marker, ...]
    earlier: str = ""  # an update brief: "was “12 people” (Reuters, 2023-05-15)"


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    anchor: str | None = None  # set on sentences the brief uses
    copied: bool = False  # the brief quotes this very sentence


@dataclass(frozen=True, slots=True)
class ArticleView:
    article: Article
    number: int
    colour: int
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class FactMention:
    outlet: str
    colour: int
    text: str


@dataclass(frozen=True, slots=True)
class FactItem:
    kind: str
    mentions: tuple[FactMention, ...]
    updated: bool
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class FactSection:
    heading: str
    items: tuple[FactItem, ...]
    names: tuple[str, ...]  # named people, organisations and places, on one line


@dataclass(frozen=True, slots=True)
class StoryView:
    headline: str
    lines: tuple[BriefLine, ...]
    words: int
    articles: tuple[ArticleView, ...]
    facts: tuple[FactSection, ...]
    # update and query-focused briefs
    notice: str | None = None  # "Nothing new: ..."
    since: tuple[str, ...] = ()
    query: str | None = None


_MATCH_WORDING = {
    MatchKind.SELF: "quoted from",
    MatchKind.EXACT: "same words in",
    MatchKind.NEAR: "same information in",
    MatchKind.SIMILAR: "similar meaning in",
}


def anchor(article_id: str, start: int) -> str:
    return f"s-{article_id}-{start}"


def _spans(article: Article, used: dict[int, tuple[int, bool]]) -> tuple[Span, ...]:
    """The article's text cut into plain and used pieces; ``used``: start -> (end, copied)."""
    text = article.text
    spans: list[Span] = []
    position = 0
    for start in sorted(used):
        end, copied = used[start]
        if start < position:  # overlapping sentences cannot happen; never show text twice
            continue
        if start > position:
            spans.append(Span(text[position:start]))
        spans.append(Span(text[start:end], anchor(article.id, start), copied))
        position = end
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)


def _distinct(mentions: tuple[Mention, ...]) -> list[Mention]:
    """One mention per (outlet, wording): "Monday" said three times is shown once."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for mention in mentions:
        if (mention.article, mention.text) not in seen:
            seen.add((mention.article, mention.text))
            kept.append(mention)
    return kept


def story_view(brief: Brief, title: str | None = None) -> StoryView:
    numbers = source_numbers(brief)
    colour = {article_id: (n - 1) % PALETTE_SIZE for article_id, n in numbers.items()}
    outlet = source_labels(brief)
    used: dict[str, dict[int, tuple[int, bool]]] = {a.id: {} for a in brief.story.articles}
    lines = []
    for sentence in brief.sentences:
        markers = []
        seen_numbers: set[int] = set()
        for citation in sentence.citations:
            article = brief.story.article(citation.article_id)
            copied = citation.match is MatchKind.SELF
            held = used[citation.article_id].get(citation.start)
            used[citation.article_id][citation.start] = (
                citation.end,
                copied or bool(held and held[1]),
            )
            number = numbers[citation.article_id]
            if number in seen_numbers:  # a copy of a report already cited
                continue
            seen_numbers.add(number)
            markers.append(
                Marker(
                    number=number,
                    colour=colour[citation.article_id],
                    outlet=outlet[citation.article_id],
                    quote=article.text[citation.start : citation.end],
                    match=_MATCH_WORDING[citation.match],
                    anchor=anchor(citation.article_id, citation.start),
                )
            )
        lines.append(BriefLine(sentence.text, tuple(markers), earlier_text(sentence, brief)))
    articles = tuple(
        ArticleView(
            article, numbers[article.id], colour[article.id], _spans(article, used[article.id])
        )
        for article in brief.story.articles
    )
    facts = tuple(
        FactSection(
            heading,
            tuple(
                FactItem(
                    f.kind,
                    tuple(
                        FactMention(outlet[m.article], colour[m.article], m.text)
                        for m in _distinct(f.mentions)
                    ),
                    f.label is FactLabel.UPDATED,
                    f.speaker,
                )
                for f in items
                if f.kind not in NAME_KINDS
            ),
            tuple(f.value for f in items if f.kind in NAME_KINDS),
        )
        for heading, items in fact_sections(brief)
    )
    read = set(brief.since)  # an update brief: the headline of a report not read yet
    reports = sorted(brief.story.articles, key=lambda a: a.id in read)
    headline = title or next((a.title for a in reports if a.title), brief.story_id)
    return StoryView(
        headline,
        tuple(lines),
        brief.word_count,
        articles,
        facts,
        notice=brief.notice,
        since=brief.since,
        query=brief.query,
    )
