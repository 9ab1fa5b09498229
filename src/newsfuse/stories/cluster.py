"""A whole pile at once: articles in time order through a :class:`StoryIndex`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsfuse.errors import InputError
from newsfuse.models import Article, Story
from newsfuse.stories.index import StoryIndex
from newsfuse.stories.model import JoinModel
from newsfuse.stories.signals import RawSignals, read_article


def time_order(signals: Sequence[RawSignals]) -> list[int]:
    """Positions of ``signals`` by date (ties and undated articles in input order; undated
    ones last, so that they meet every story of the newest window)."""
    return sorted(
        range(len(signals)),
        key=lambda i: (signals[i].day is None, signals[i].day or 0, i),
    )


def cluster_index(
    articles: Sequence[Article],
    *,
    index: StoryIndex | None = None,
    model: JoinModel | None = None,
    window_days: int = 180,
    on_article: Callable[[], None] | None = None,
) -> StoryIndex:
    """Add ``articles`` to ``index`` (a new one by default) in time order and return it.

    Raises:
        InputError: two articles share an id (the message names it).
    """
    seen: set[str] = set()
    for article in articles:
        if article.id in seen or (index is not None and article.id in index):
            raise InputError(f"duplicate article id {article.id!r}")
        seen.add(article.id)
    if index is None:
        index = StoryIndex(model, window_days=window_days)
    signals = []
    for article in articles:
        signals.append(read_article(article))
        if on_article is not None:
            on_article()
    for i in time_order(signals):
        index.add_signals(signals[i])
    return index


def cluster(
    articles: Sequence[Article],
    *,
    model: JoinModel | None = None,
    window_days: int = 180,
) -> list[Story]:
    """Group ``articles`` into stories, one event each; every article is in exactly one.

    Stories come in the order they were founded (by date); a story's articles in the order
    they joined it. A story's id is a hash of its founding article's id, so re-running on a
    grown pile keeps the ids of the stories that already existed.
    """
    index = cluster_index(articles, model=model, window_days=window_days)
    by_id = {a.id: a for a in articles}
    return [
        Story(id=group.id, articles=tuple(by_id[a] for a in group.article_ids))
        for group in index.stories()
    ]
