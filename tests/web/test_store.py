"""The store: schema by migrations, WAL, transactions, stored briefs kept in step with articles."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect

import newsfuse
from newsfuse.errors import ConfigError
from newsfuse.load import make_article
from newsfuse.web.frontpage import is_search_index
from newsfuse.web.store import Base, Store, database_url, upgrade_schema


def _articles(texts):
    return [make_article(t, origin=f"text {n}") for n, t in enumerate(texts, start=1)]


def test_migrations_build_the_schema_the_models_describe(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": lambda n, k, p: not is_search_index(n, k, p)}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    upgrade_schema(store.engine)  # a second upgrade is a no-op
    assert set(inspect(store.engine).get_table_names()) >= {"stories", "articles", "briefs"}


def test_sqlite_file_in_wal_mode_and_reopened(store, db_path, example_texts):
    story_id = store.create_story(_articles(example_texts), title="NATO")
    store.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened = Store(database_url(str(db_path)))
    story = reopened.get_story(story_id)
    assert story is not None and story.title == "NATO"
    assert [a.outlet for a in story.articles] == ["Al Jazeera", "CBS News"]
    # raw and cleaned text are both kept: the clutter is in one, not the other
    article = story.articles[0]
    assert article.dropped
    for line in article.dropped:
        assert line.text in article.raw_text
        assert line.text not in article.text.splitlines()
    reopened.close()


def test_brief_equals_the_pipelines_and_is_stored(store, example_texts, monkeypatch):
    story_id = store.create_story(_articles(example_texts))
    first = store.brief(story_id, 120)
    expected = newsfuse.summarize(example_texts, words=120)
    assert first.text == expected.text
    assert [s.source_ids for s in first.sentences] == [s.source_ids for s in expected.sentences]

    def fail(*args, **kwargs):
        raise AssertionError("a stored brief was computed again")

    monkeypatch.setattr(store.pipeline, "run", fail)
    assert store.brief(story_id, 120) == first


def test_adding_an_article_invalidates_stored_briefs(store, example_texts):
    story_id = store.create_story(_articles(example_texts[:1]))
    one = store.brief(story_id, 120)
    assert {s.article_id for s in one.sentences} == {"a1"}
    (added,) = store.add_articles(story_id, _articles(example_texts[1:]))
    assert added == "a2"
    two = store.brief(story_id, 120)
    assert any(len(s.citations) == 2 for s in two.sentences)
    assert store.delete_article(story_id, "a2")
    assert store.brief(story_id, 120).text == one.text


def test_a_failure_mid_write_leaves_no_half_written_story(store, example_texts, monkeypatch):
    calls = []
    original = Store._article_row

    def crash_on_second(self, article, story_id, position):
        calls.append(position)
        if position == 2:
            raise RuntimeError("disk full")
        return original(self, article, story_id, position)

    monkeypatch.setattr(Store, "_article_row", crash_on_second)
    with pytest.raises(RuntimeError):
        store.create_story(_articles(example_texts))
    assert calls == [1, 2]
    assert store.list_stories() == []


def test_delete_story_removes_its_articles_and_briefs(store, example_texts):
    story_id = store.create_story(_articles(example_texts))
    store.brief(story_id, 60)
    assert store.delete_story(story_id)
    assert store.get_story(story_id) is None
    assert not store.delete_story(story_id)
    with store.engine.connect() as connection:
        for table in ("articles", "briefs"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0


def test_list_stories_newest_first_with_counts(store, example_texts):
    first = store.create_story(_articles(example_texts), title="first")
    second = store.create_story(_articles(example_texts[:1]), title="second")
    listing = store.list_stories()
    assert [(s.id, s.articles) for s in listing] == [(second, 1), (first, 2)]
    assert listing[0].created.tzinfo is not None


def test_unusable_database_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot open the database"):
        Store(database_url(str(tmp_path / "no" / "such" / "dir" / "x.db")))
    with pytest.raises(ConfigError, match="cannot open the database"):
        Store("nosuchdialect://x")


def test_serve_with_an_unusable_database_is_one_line_and_exit_2(tmp_path, capsys):
    from newsfuse.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--db", str(tmp_path / "missing-dir" / "x.db")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: cannot open the database") and "\n" not in err
