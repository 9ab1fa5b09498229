"""The pipeline: Story -> Brief, through load-independent stages in one visible order.

    clean -> segment -> analyse -> select -> attribute   (render is separate: Brief -> str)

``Pipeline.run`` serves the CLI, the library, batch jobs and the web app alike.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from newsfuse import textnorm
from newsfuse._version import __version__
from newsfuse.analyse import analyse
from newsfuse.attribute import attribute
from newsfuse.clean import clean_story
from newsfuse.errors import InputError
from newsfuse.facts import compare
from newsfuse.facts.numbers import quantity_facts
from newsfuse.load import make_article
from newsfuse.models import (
    Article,
    Brief,
    BriefSentence,
    Fact,
    FactLabel,
    Mention,
    Sentence,
    Story,
)
from newsfuse.segment import segment
from newsfuse.select import focus as reader_focus
from newsfuse.select import select
from newsfuse.settings import Settings

log = logging.getLogger(__name__)


def canonical_order(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Articles by (published, outlet, id), so that input order never changes a brief."""
    return tuple(
        sorted(articles, key=lambda a: (a.published or "", (a.outlet or "").lower(), a.id))
    )


class Pipeline:
    """Runs every stage with one Settings.

    Args:
        settings: all stage settings; defaults when omitted.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def run(self, story: Story, *, words: int | None = None) -> Brief:
        """Summarise one story.

        Args:
            story: the articles of one story.
            words: word budget, overriding ``settings.words``.

        Raises:
            InputError: no article has usable text.
        """
        settings = self.settings if words is None else self.settings.replace(words=words)
        cleaned = canonical_order(clean_story(story.articles, settings.clean))
        for article in cleaned:
            if article.dropped:
                log.debug(
                    "dropped %d clutter lines from %s",
                    len(article.dropped),
                    article.origin or article.id,
                )
        usable = tuple(a for a in cleaned if a.text.strip())
        if not usable:
            reasons = Counter(d.reason for a in cleaned for d in a.dropped)
            what = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
            raise InputError(
                f"story {story.id!r}: no article has text left after cleaning"
                + (f" (every line was clutter: {what})" if what else "")
            )
        since, query = _focus_of(story, cleaned)
        story = replace(story, articles=cleaned, since=since, query=query)
        sentences = tuple(s for a in usable for s in segment(a, settings.segment))
        analysis = analyse(story, sentences, settings.analyse)
        facts: tuple[Fact, ...] | None = None
        changed: dict[int, tuple[Mention, ...]] = {}
        if since:
            facts = compare(usable, settings.compare)
            numbers = facts if settings.compare.enabled else tuple(quantity_facts(usable))
            changed = _changed_figures(numbers, sentences, frozenset(since))
        reader = reader_focus.focus(
            analysis,
            since=since,
            query=query,
            changed=changed,
        )
        chosen = select(analysis, settings.words, settings.select, reader)
        if not chosen and not since:
            whole = [s.word_count for s in sentences if textnorm.ends_like_sentence(s.text)]
            log.warning(
                "story %r: empty brief: %s",
                story.id,
                f"no sentence fits in {settings.words} words (the shortest has {min(whole)})"
                if whole
                else "no whole sentence in the articles, only lines without a final stop",
            )
        brief_sentences = attribute(chosen, analysis, settings.attribute)
        if since:
            brief_sentences = _update_sentences(
                brief_sentences, sentences, frozenset(since), changed
            )
        groups: dict[int, list[str]] = {}
        for article in story.articles:
            if article.id in analysis.copy_group:
                groups.setdefault(analysis.copy_group[article.id], []).append(article.id)
        return Brief(
            story=story,
            sentences=brief_sentences,
            budget_words=settings.words,
            provenance={"version": __version__, "settings": settings.digest()},
            copies=tuple(tuple(g) for g in groups.values() if len(g) > 1),
            facts=compare(usable, settings.compare) if facts is None else facts,
            since=since,
            query=query,
        )

    def pipe(self, stories: Iterable[Story], *, words: int | None = None) -> Iterator[Brief]:
        """Summarise stories one after another (a generator: memory stays flat)."""
        for story in stories:
            yield self.run(story, words=words)


def _focus_of(story: Story, cleaned: Sequence[Article]) -> tuple[tuple[str, ...], str | None]:
    """The story's ``since`` (checked, in canonical article order) and ``query`` (stripped).

    Raises:
        InputError: ``since`` names an article the story does not hold.
    """
    known = [a.id for a in cleaned]
    unknown = sorted(set(story.since) - set(known))
    if unknown:
        raise InputError(
            f"story {story.id!r}: `since` names {unknown[0]!r}, which is not one of its articles"
        )
    read = set(story.since)
    query = " ".join((story.query or "").split()) or None
    return tuple(a for a in known if a in read), query


def _sentence_spans(sentences: Sequence[Sentence]) -> dict[str, list[tuple[int, int, int]]]:
    """Article id -> ``(start, end, row)`` of each of its sentences (row: in ``sentences``)."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for row, sentence in enumerate(sentences):
        spans.setdefault(sentence.article_id, []).append((sentence.start, sentence.end, row))
    return spans


def _changed_figures(
    facts: Sequence[Fact], sentences: Sequence[Sentence], since: frozenset[str]
) -> dict[int, tuple[Mention, ...]]:
    """Sentence row (of a new report) -> the earlier reports' mentions of a figure it
    changes: number facts the facts stage labels ``updated`` or ``differs`` whose mentions
    fall both in an article read before and in one not read yet."""
    spans = _sentence_spans(sentences)
    changed: dict[int, list[Mention]] = {}
    for fact in facts:
        if fact.kind != "number" or fact.label not in (FactLabel.UPDATED, FactLabel.DIFFERS):
            continue
        earlier = [m for m in fact.mentions if m.article in since]
        if not earlier:
            continue
        old_values = {m.text for m in earlier}
        for mention in fact.mentions:
            if mention.article in since or mention.text in old_values:
                continue
            for start, end, row in spans.get(mention.article, ()):
                if start <= mention.start < end:
                    held = changed.setdefault(row, [])
                    held.extend(m for m in earlier if m not in held)
                    break
    return {row: tuple(found) for row, found in changed.items()}


def _update_sentences(
    brief: Sequence[BriefSentence],
    sentences: Sequence[Sentence],
    since: frozenset[str],
    changed: dict[int, tuple[Mention, ...]],
) -> tuple[BriefSentence, ...]:
    """An update brief's sentences cite the new reports that carry them (an earlier report
    carrying one would have kept it out) and give the earlier value of a changed figure."""
    row_of = {(s.article_id, s.index): row for row, s in enumerate(sentences)}
    return tuple(
        replace(
            s,
            citations=tuple(c for c in s.citations if c.article_id not in since),
            earlier=changed.get(row_of[(s.article_id, s.sentence_index)], ()),
        )
        for s in brief
    )


def summarize(
    articles: Story | Sequence[Article | str],
    *,
    words: int = 120,
    settings: Settings | None = None,
    story_id: str = "story",
    since: Sequence[str] | None = None,
    query: str | None = None,
) -> Brief:
    """One call from articles to a cited brief.

    Args:
        articles: a Story, or Articles, or plain texts (one per outlet; their ids are "a1",
            "a2", ...).
        words: word budget of the brief.
        settings: other settings; ``words`` wins over ``settings.words``.
        story_id: id of the story when ``articles`` is not a Story.
        since: ids of the articles already read: the brief tells only what the others add
            (an update brief). Overrides the Story's own.
        query: the reader's question: the brief tells what the reports say about it.
            Overrides the Story's own.
    """
    if isinstance(articles, Story):
        story = articles
    else:
        items = [
            a if isinstance(a, Article) else make_article(a, article_id=f"a{n}", origin=f"text {n}")
            for n, a in enumerate(articles, start=1)
        ]
        if not items:
            raise InputError("no articles given")
        story = Story(id=story_id, articles=tuple(items))
    if since is not None:
        story = replace(story, since=tuple(since))
    if query is not None:
        story = replace(story, query=query)
    return Pipeline(settings).run(story, words=words)
