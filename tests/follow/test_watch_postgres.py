"""`watch` on PostgreSQL: the example feeds into stories, polled again (not modified), pruned.
Runs when TEST_POSTGRES_URL names an empty database; skipped otherwise."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from newsite import REPO

from newsfuse.follow import Watcher, WatchOptions, read_feed_list
from newsfuse.load.url import Fetcher

URL = os.environ.get("TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="TEST_POSTGRES_URL not set (a PostgreSQL database to test on)"
)


def test_postgres_watch_example_feeds(empty_postgres):
    from newsfuse.web.store import Store

    store = Store(empty_postgres)
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
