"""Alembic environment: migrations run on the connection the Store hands over."""

from __future__ import annotations

from alembic import context

from newsfuse.web.frontpage import is_search_index
from newsfuse.web.store import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    # migration 0003's search index is no model's: autogenerate must not drop it
    include_name=lambda name, kind, parent: not is_search_index(name, kind, parent),
)
with context.begin_transaction():
    context.run_migrations()
