"""Feeds followed by `newsfuse watch`, their entries, the story index's state, stories.updated.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text(), nullable=False, unique=True),
        sa.Column("title", sa.Text()),
        sa.Column("added", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_poll", sa.DateTime(timezone=True)),
        # 'new' (never polled), 'ok', 'not-modified' (HTTP 304) or 'error'
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("error", sa.Text()),
        sa.Column("etag", sa.Text()),
        sa.Column("modified", sa.Text()),
        sa.Column("next_poll", sa.DateTime(timezone=True)),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "feed_entries",
        sa.Column("pk", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "feed_id",
            sa.Integer(),
            sa.ForeignKey("feeds.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("guid", sa.Text()),
        sa.Column("link", sa.Text()),
        sa.Column("canonical_url", sa.Text()),
        sa.Column("seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("story_id", sa.String(32)),  # None: the entry gave no article
        sa.Column("article_id", sa.String(64)),  # the article's id within its story
        sa.Column("error", sa.Text()),  # why the entry gave no article
    )
    op.create_index("ix_feed_entries_feed_guid", "feed_entries", ["feed_id", "guid"])
    op.create_index("ix_feed_entries_link", "feed_entries", ["link"])
    op.create_index("ix_feed_entries_canonical_url", "feed_entries", ["canonical_url"])
    op.create_index("ix_feed_entries_story_id", "feed_entries", ["story_id"])
    op.create_table(
        "story_index",  # one row: the StoryIndex of `newsfuse watch`, saved with its articles
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),  # StoryIndex.to_bytes()
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("stories") as batch:
        # when an article last joined the story (its articles' `created` are the revisions)
        batch.add_column(sa.Column("updated", sa.DateTime(timezone=True)))
    op.execute("UPDATE stories SET updated = created")
    op.create_index("ix_stories_updated", "stories", ["updated"])


def downgrade() -> None:
    op.drop_index("ix_stories_updated", "stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("updated")
    op.drop_table("story_index")
    op.drop_table("feed_entries")
    op.drop_table("feeds")
