"""The store on PostgreSQL (``--db postgresql+psycopg://...``): the same operations as on
SQLite. Runs when TEST_POSTGRES_URL names an empty database (``.ci/run`` starts one);
skipped otherwise."""

from __future__ import annotations

import os

import pytest

import newsfuse
from newsfuse.load import make_article

URL = os.environ.get("TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="TEST_POSTGRES_URL not set (a PostgreSQL database to test on)"
)


@pytest.fixture
def pg_store(empty_postgres):
    from newsfuse.web.store import Store

    store = Store(empty_postgres)
    yield store
    store.close()


def test_postgres_store_round_trip(pg_store, example_texts):
    articles = [make_article(t, origin=f"text {n}") for n, t in enumerate(example_texts, 1)]
    story_id = pg_store.create_story(articles, title="NATO")
    brief = pg_store.brief(story_id, 120)
    assert brief.text == newsfuse.summarize(example_texts, words=120).text
    assert pg_store.brief(story_id, 120) == brief  # read back from the table
    assert pg_store.add_articles(story_id, articles[:1]) == ["a3"]
    assert [s.articles for s in pg_store.list_stories()] == [3]
    assert pg_store.delete_story(story_id) and pg_store.get_story(story_id) is None
