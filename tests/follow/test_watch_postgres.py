"""`watch` on PostgreSQL: the example feeds into stories, polled again (not modified), pruned.
Runs when TEST_POSTGRES_URL names an empty database; skipped otherwise."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from newsite import REPO
from sqlalchemy import create_engine, text

from newsfuse.follow import Watcher, WatchOptions, read_feed_list
from newsfuse.load.url import Fetcher

URL = os.environ.get("TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="TEST_POSTGRES_URL not set (a PostgreSQL database to test on)"
)
TABLES = "feed_entries, feeds, story_index, briefs, articles, stories, alembic_version"


def test_postgres_watch_example_feeds():
    from newsfuse.web.store import Store

    assert URL is not None
    engine = create_engine(URL)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {TABLES}"))
    engine.dispose()
    store = Store(URL)
    try:
        store.ensure_feeds(read_feed_list(REPO / "examples" / "feeds" / "feeds.txt"))
        with Fetcher() as fetcher:
            first = Watcher(store, fetcher, WatchOptions(delay=0)).poll()
            second = Watcher(store, fetcher, WatchOptions(delay=0, keep=timedelta(0))).poll()
        assert first.articles == 102 and first.feeds == 5 and first.feed_errors == 0
        assert len(store.list_stories(1000)) == 0  # every story older than a keep of 0
        assert second.not_modified == 5 and second.pruned == len(first.stories)
        assert store.story_index_state() is not None
    finally:
        store.close()
