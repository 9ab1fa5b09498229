"""Search over the stories' reports: an FTS5 index on SQLite, a GIN index on PostgreSQL;
and two indexes for the front page's listing (on every database).

``ix_articles_story_created`` (story_id, created, outlet) and ``ix_articles_outlet`` (outlet,
story_id) let the listing count each story's reports and outlets and find its last arrival,
and the outlet menu count stories per outlet, from the indexes alone.

SQLite: ``articles_fts``, an external-content FTS5 table over ``articles.headline`` and
``articles.cleaned_text`` (porter stemmer, diacritics folded), kept in step by triggers on
``articles``: every insert, delete (also the cascade of a story's deletion) and update of
those columns, whoever makes it (the web app, ``newsfuse watch``). A SQLite built without
FTS5 gets no index and the front page searches with LIKE. A later migration that rebuilds
``articles`` with ``batch_alter_table`` drops the triggers and must create them again.

PostgreSQL: a GIN index on the very expression the front page's search uses
(``newsfuse.web.frontpage.PG_DOCUMENT``), so the index needs no upkeep.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The expression of newsfuse.web.frontpage.PG_DOCUMENT (a migration keeps its own copy).
_PG_DOCUMENT = "to_tsvector('english', coalesce(headline, '') || ' ' || cleaned_text)"

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, headline, cleaned_text)
        VALUES (new.pk, new.headline, new.cleaned_text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, headline, cleaned_text)
        VALUES ('delete', old.pk, old.headline, old.cleaned_text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, cleaned_text ON articles
    BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, headline, cleaned_text)
        VALUES ('delete', old.pk, old.headline, old.cleaned_text);
        INSERT INTO articles_fts (rowid, headline, cleaned_text)
        VALUES (new.pk, new.headline, new.cleaned_text);
    END""",
)


def _has_fts5() -> bool:
    options = op.get_bind().exec_driver_sql("PRAGMA compile_options").scalars().all()
    return "ENABLE_FTS5" in options


def upgrade() -> None:
    op.create_index("ix_articles_story_created", "articles", ["story_id", "created", "outlet"])
    op.create_index("ix_articles_outlet", "articles", ["outlet", "story_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite" and _has_fts5():
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "headline, cleaned_text, content='articles', content_rowid='pk', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")  # rows so far
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_articles_search ON articles USING gin ({_PG_DOCUMENT})")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
    op.drop_index("ix_articles_outlet", "articles")
    op.drop_index("ix_articles_story_created", "articles")
