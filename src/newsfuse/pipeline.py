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
from newsfuse.clean import clean
from newsfuse.errors import InputError
from newsfuse.facts import compare
from newsfuse.load import make_article
from newsfuse.models import Article, Brief, Story
from newsfuse.segment import segment
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
        cleaned = canonical_order(clean(a, settings.clean) for a in story.articles)
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
        story = replace(story, articles=cleaned)
        sentences = tuple(s for a in usable for s in segment(a, settings.segment))
        analysis = analyse(story, sentences, settings.analyse)
        chosen = select(analysis, settings.words, settings.select)
        if not chosen:
            whole = [s.word_count for s in sentences if textnorm.ends_like_sentence(s.text)]
            log.warning(
                "story %r: empty brief: %s",
                story.id,
                f"no sentence fits in {settings.words} words (the shortest has {min(whole)})"
                if whole
                else "no whole sentence in the articles, only lines without a final stop",
            )
        brief_sentences = attribute(chosen, analysis, settings.attribute)
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
            facts=compare(usable, settings.compare),
        )

    def pipe(self, stories: Iterable[Story], *, words: int | None = None) -> Iterator[Brief]:
        """Summarise stories one after another (a generator: memory stays flat)."""
        for story in stories:
            yield self.run(story, words=words)


def summarize(
    articles: Story | Sequence[Article | str],
    *,
    words: int = 120,
    settings: Settings | None = None,
    story_id: str = "story",
) -> Brief:
    """One call from articles to a cited brief.

    Args:
        articles: a Story, or Articles, or plain texts (one per outlet).
        words: word budget of the brief.
        settings: other settings; ``words`` wins over ``settings.words``.
        story_id: id of the story when ``articles`` is not a Story.
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
    return Pipeline(settings).run(story, words=words)
