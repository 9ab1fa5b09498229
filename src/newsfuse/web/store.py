"""The web app's store: stories, their articles (raw and cleaned text, metadata) and the
briefs computed from them, in SQLite (a file, WAL mode) or any SQLAlchemy database.

The schema is created and upgraded by the Alembic migrations in ``migrations/`` when a Store
opens. Every write is one transaction: a failure half-way leaves nothing behind.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from newsfuse._version import __version__
from newsfuse.clean import clean_story
from newsfuse.errors import ConfigError, InputError
from newsfuse.models import Article, Brief, DroppedLine, Story
from newsfuse.pipeline import Pipeline, canonical_order
from newsfuse.render import brief_from_dict, brief_to_dict
from newsfuse.render.json import dropped_lines
from newsfuse.settings import FetchSettings, Settings
from newsfuse.web.feedstore import Feed as Feed  # the feed store contract
from newsfuse.web.feedstore import FeedStore
from newsfuse.web.frontpage import (
    ListingCache,
    StoryCard,
    front_page,
    outlet_counts,
    search_mode,
    store_version,
)
from newsfuse.web.tables import Base

MIGRATIONS = Path(__file__).parent / "migrations"


def _now() -> datetime:
    return datetime.now(UTC)


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # Raised whenever the articles change, so that a brief computed from the old articles
    # while the change committed is never stored as the new articles' brief.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # When an article last joined (migration 0002); the articles' `created` are the revisions.
    updated: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=_now, index=True
    )
    articles: Mapped[list[ArticleRow]] = relationship(
        back_populates="story",
        order_by="ArticleRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    briefs: Mapped[list[BriefRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("story_id", "article_id"),
        # the front page's listing (migration 0003): per-story counts and last arrival, and
        # the outlet menu, read from the indexes alone
        Index("ix_articles_story_created", "story_id", "created", "outlet"),
        Index("ix_articles_outlet", "outlet", "story_id"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(64))  # "a1", "a2", ... within the story
    position: Mapped[int] = mapped_column(Integer)
    outlet: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)  # as given
    headline: Mapped[str | None] = mapped_column(Text)  # as given, else found by cleaning
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(64))
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(32))
    source_format: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    cleaned_text: Mapped[str] = mapped_column(Text)
    dropped: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    story: Mapped[StoryRow] = relationship(back_populates="articles")


class BriefRow(Base):
    """A computed brief, kept until the story's articles change."""

    __tablename__ = "briefs"

    story_id: Mapped[str] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    words: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Settings digest and newsfuse version: a brief made with other settings or code is stale.
    settings: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # the brief's JSON (newsfuse.render.brief_to_dict)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True, slots=True)
class StoredStory:
    """A story as stored: its id, title, creation time and articles (cleaned, with raw text)."""

    id: str
    title: str | None
    created: datetime
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class StoryListing:
    id: str
    title: str | None
    created: datetime
    articles: int


@dataclass(frozen=True, slots=True)
class Report:
    """One report of a story's timeline: when it arrived in the store, and what it is."""

    id: str
    outlet: str | None
    headline: str | None
    url: str | None
    published: str | None
    arrived: datetime


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def database_url(db: str) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, a path as a SQLite file."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a write commits; foreign keys make deletes cascade.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL's recommended level: a commit is not synced to disk at once (a power cut may lose
    # the last ones, never corrupt the file); `watch` commits many small transactions
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema with the package's Alembic migrations."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _article_from_row(row: ArticleRow, *, cleaned: bool = True) -> Article:
    """The article after cleaning, or (``cleaned=False``) as it was loaded."""
    loaded = Article(
        id=row.article_id,
        text=row.raw_text,
        outlet=row.outlet,
        title=row.title,
        url=row.url,
        published=row.published,
        author=row.author,
        language=row.language,
        origin=row.origin,
        raw_text=row.raw_text,
        source_format=row.source_format,
    )
    if not cleaned:
        return loaded
    return replace(
        loaded,
        text=row.cleaned_text,
        title=row.headline,
        dropped=tuple(
            DroppedLine(d["line"], d["text"], d["reason"], d.get("confidence"))
            for d in row.dropped
        ),
        cleaned=True,
    )


class Store(FeedStore):
    """Stories, articles and briefs in one database.

    Args:
        url: a SQLAlchemy URL (``sqlite:///newsfuse.db``, ``postgresql+psycopg://...``).
        settings: pipeline settings for cleaning and briefs.
    """

    def __init__(self, url: str, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.pipeline = Pipeline(self.settings)
        try:
            self.engine = create_engine(url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            upgrade_schema(self.engine)
        except (ArgumentError, NoSuchModuleError, OperationalError) as exc:
            reason = getattr(exc, "orig", None) or exc
            raise ConfigError(f"cannot open the database {url}: {reason}") from None
        # how pages are fetched (private addresses, a cache folder) changes no brief: a brief
        # stored by `watch --allow-private` is the one `serve` shows
        brief_settings = replace(self.settings, fetch=FetchSettings())
        self._brief_key = f"{__version__}:{brief_settings.digest()}"
        self._search: str | None = None  # how the front page searches: frontpage.search_mode
        self._listings = ListingCache()  # front pages of the last seconds, while unchanged

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def _clean_rows(self, rows: Sequence[ArticleRow]) -> None:
        """Clean a story's articles together, as the pipeline does (the line classifier reads
        the story's other reports), filling their headline, cleaned text and dropped lines:
        after every change to the story's articles."""
        loaded = [_article_from_row(row, cleaned=False) for row in rows]
        for row, cleaned in zip(rows, clean_story(loaded, self.settings.clean), strict=True):
            row.headline = cleaned.title
            row.cleaned_text = cleaned.text
            row.dropped = dropped_lines(cleaned)

    def _article_row(self, article: Article, story_id: str, position: int) -> ArticleRow:
        """The article as loaded, as a row; :meth:`_clean_rows` cleans it with its story."""
        return ArticleRow(
            story_id=story_id,
            article_id=f"a{position}",
            position=position,
            outlet=article.outlet,
            title=article.title,
            headline=None,
            url=article.url,
            published=article.published,
            author=article.author,
            language=article.language,
            source_format=article.source_format,
            origin=article.origin,
            raw_text=article.raw_text if article.raw_text is not None else article.text,
            cleaned_text="",
            dropped=[],
        )

    def create_story(self, articles: Sequence[Article], title: str | None = None) -> str:
        """Store a new story made of ``articles`` (as loaded, before cleaning); its id."""
        story_id = uuid.uuid4().hex[:12]
        with self._transaction() as session:
            session.add(StoryRow(id=story_id, title=title))
            rows = [
                self._article_row(article, story_id, position)
                for position, article in enumerate(articles, start=1)
            ]
            self._clean_rows(rows)
            session.add_all(rows)
        return story_id

    def add_articles(self, story_id: str, articles: Sequence[Article]) -> list[str]:
        """Add articles to a story (its stored briefs are dropped); their ids.

        Raises:
            KeyError: no such story.
        """
        with self._transaction() as session:
            story = session.get(StoryRow, story_id, with_for_update=True)
            if story is None:
                raise KeyError(story_id)
            last = max((a.position for a in story.articles), default=0)
            rows = [
                self._article_row(article, story_id, last + n)
                for n, article in enumerate(articles, start=1)
            ]
            self._clean_rows([*story.articles, *rows])  # story.articles: by position
            session.add_all(rows)
            story.briefs.clear()
            story.revision += 1
            story.updated = _now()
        return [row.article_id for row in rows]

    def delete_story(self, story_id: str) -> bool:
        with self._transaction() as session:
            story = session.get(StoryRow, story_id)
            if story is None:
                return False
            session.delete(story)
        return True

    def delete_article(self, story_id: str, article_id: str) -> bool:
        with self._transaction() as session:
            story = session.get(StoryRow, story_id)
            if story is None:
                return False
            row = next((a for a in story.articles if a.article_id == article_id), None)
            if row is None:
                return False
            story.articles.remove(row)
            self._clean_rows(story.articles)
            story.briefs.clear()
            story.revision += 1
        return True

    def list_stories(self, limit: int = 200, offset: int = 0) -> list[StoryListing]:
        """Stories, newest first, with their article counts."""
        counts = (
            select(ArticleRow.story_id, func.count().label("n"))
            .group_by(ArticleRow.story_id)
            .subquery()
        )
        query = (
            select(StoryRow.id, StoryRow.title, StoryRow.created, counts.c.n)
            .outerjoin(counts, counts.c.story_id == StoryRow.id)
            .order_by(StoryRow.created.desc(), StoryRow.id)
            .limit(limit)
            .offset(offset)
        )
        with Session(self.engine) as session:
            return [
                StoryListing(id, title, _utc(created), n or 0)
                for id, title, created, n in session.execute(query)
            ]

    def front_page(
        self,
        since: datetime | None = None,
        q: str | None = None,
        outlet: str | None = None,
        limit: int = 30,
        offset: int = 0,
        order: str = "rank",
    ) -> list[StoryCard]:
        """The front page's stories, ranked by recency and number of outlets (the score is in
        ``newsfuse.web.frontpage``), each with the first sentence of its stored brief of the
        default words, else its first report's lead. Two queries, whatever the number of
        stories, and none while the store is unchanged (a listing is reused for up to 10 s:
        ``frontpage.ListingCache``).

        Args:
            since: only stories with a report that arrived after this moment.
            q: only stories whose reports or title hold every word of it.
            outlet: only stories that outlet reported (its name, any case).
            order: "rank", or "newest" (the story created last first).
        """
        if self._search is None:
            self._search = search_mode(self.engine)
        key = (since, q, outlet, limit, offset, order, self._search)
        version = store_version(self.engine)
        cards = self._listings.get(key, version)
        if cards is None:
            cards = front_page(
                self.engine,
                search=self._search,
                brief_words=self.settings.words,
                brief_key=self._brief_key,
                since=since,
                q=q,
                outlet=outlet,
                limit=limit,
                offset=offset,
                order=order,
            )
            self._listings.put(key, version, cards)
        return cards

    def outlets(self, limit: int = 200) -> list[tuple[str, int]]:
        """Outlet names with the number of stories each reported, most first."""
        return outlet_counts(self.engine, limit)

    def timeline(self, story_id: str) -> list[Report]:
        """The story's reports in the order they arrived (empty for an unknown story)."""
        query = (
            select(
                ArticleRow.article_id,
                ArticleRow.outlet,
                ArticleRow.headline,
                ArticleRow.url,
                ArticleRow.published,
                ArticleRow.created,
            )
            .where(ArticleRow.story_id == story_id)
            .order_by(ArticleRow.created, ArticleRow.position)
        )
        with Session(self.engine) as session:
            return [
                Report(id, outlet, headline, url, published, _utc(created))
                for id, outlet, headline, url, published, created in session.execute(query)
            ]

    def get_story(self, story_id: str) -> StoredStory | None:
        with Session(self.engine) as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                return None
            articles = tuple(_article_from_row(a) for a in row.articles)
            return StoredStory(row.id, row.title, _utc(row.created), articles)

    def brief(
        self,
        story_id: str,
        words: int,
        *,
        since: str | None = None,
        query: str | None = None,
    ) -> Brief | None:
        """The story's brief of ``words`` words, stored or computed (and then stored); None
        when there is no such story.

        Args:
            since: an update brief, of what is new since an ISO date (the reports published
                on or before it, or with no date, count as read) or since the articles whose
                ids it lists, comma-separated. Computed each time, not stored.
            query: a query-focused brief: the reader's question. Computed each time.

        Raises:
            InputError: no article has usable text, or ``since`` names an unknown article.
        """
        if since or (query and query.strip()):
            return self._focused_brief(story_id, words, since, query)
        with Session(self.engine) as session:
            story = session.get(StoryRow, story_id)
            if story is None:
                return None
            revision = story.revision
            stored = session.get(BriefRow, (story_id, words, revision, self._brief_key))
            if stored is not None:
                cleaned = canonical_order(_article_from_row(a) for a in story.articles)
                return brief_from_dict(json.loads(stored.data), Story(story_id, cleaned))
            loaded = tuple(_article_from_row(a, cleaned=False) for a in story.articles)
        brief = self.pipeline.run(Story(story_id, loaded), words=words)
        data = json.dumps(brief_to_dict(brief), ensure_ascii=False, sort_keys=True)
        try:
            with self._transaction() as session:
                current = session.get(StoryRow, story_id)
                if current is not None and current.revision == revision:
                    session.add(
                        BriefRow(
                            story_id=story_id,
                            words=words,
                            revision=revision,
                            settings=self._brief_key,
                            data=data,
                        )
                    )
        except IntegrityError:
            pass  # another request stored the same brief first
        return brief

    def _focused_brief(
        self, story_id: str, words: int, since: str | None, query: str | None
    ) -> Brief | None:
        with Session(self.engine) as session:
            story = session.get(StoryRow, story_id)
            if story is None:
                return None
            loaded = tuple(_article_from_row(a, cleaned=False) for a in story.articles)
        read = read_since(loaded, since) if since else ()
        return self.pipeline.run(
            Story(story_id, loaded, since=read, query=(query or "").strip() or None), words=words
        )


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# The longest `since` (a date or a list of article ids) and question a focused brief takes:
# the API refuses longer ones (422), the story page cuts them.
MAX_SINCE_CHARS = 2000
MAX_QUERY_CHARS = 1000


def read_since(articles: Sequence[Article], since: str) -> tuple[str, ...]:
    """The ids of the articles a reader has read: those published on or before ``since``
    (an ISO date; undated reports count as read), or the ids ``since`` lists (comma-separated).

    Raises:
        InputError: ``since`` is neither, or names an article the story does not hold.
    """
    since = since.strip()
    if _ISO_DATE.match(since):
        day = since[:10]
        return tuple(a.id for a in articles if not a.published or a.published[:10] <= day)
    ids = [part.strip() for part in since.split(",") if part.strip()]
    known = {a.id for a in articles}
    unknown = [i for i in ids if i not in known]
    if unknown or not ids:
        raise InputError(
            f"`since` must be an ISO date or ids of the story's articles; no article {unknown[0]!r}"
            if unknown
            else "`since` must be an ISO date or ids of the story's articles"
        )
    return tuple(ids)


def report_dates(articles: Sequence[Article]) -> list[str]:
    """The distinct publication days of ``articles``, oldest first."""
    return sorted(
        {a.published[:10] for a in articles if a.published and _ISO_DATE.match(a.published)}
    )
