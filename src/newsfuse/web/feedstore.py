"""The store's feed side, for `newsfuse watch`: feeds, their entries, the story index's state.

Kept apart from ``store.py`` (whose ``Store`` inherits :class:`FeedStore`): the tables are
made by migration 0002. Every write is one short transaction; the articles a poll places and
the story index that placed them are written in the same one (:meth:`FeedStore.record_entries`),
so a watch killed mid-poll leaves the index and the stories agreeing, and the next run
finds the entries it had not stored unseen and places them once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from newsfuse.errors import InputError
from newsfuse.models import Article
from newsfuse.web.tables import Base

FEED_STATUSES = ("new", "ok", "not-modified", "error")
MAX_FEED_URL_CHARS = 2000


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class FeedRow(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    added: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_poll: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="new")
    error: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    modified: Mapped[str | None] = mapped_column(Text)
    next_poll: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)


class FeedEntryRow(Base):
    __tablename__ = "feed_entries"
    __table_args__ = (
        Index("ix_feed_entries_feed_guid", "feed_id", "guid"),
        Index("ix_feed_entries_link", "link"),
        Index("ix_feed_entries_canonical_url", "canonical_url"),
        Index("ix_feed_entries_story_id", "story_id"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    guid: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    story_id: Mapped[str | None] = mapped_column(String(32))
    article_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)


class StoryIndexRow(Base):
    __tablename__ = "story_index"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True, slots=True)
class Feed:
    """A followed feed as the feeds page and ``GET /api/feeds`` show it."""

    id: int
    url: str
    title: str | None
    added: datetime
    last_poll: datetime | None
    status: str  # 'new' | 'ok' | 'not-modified' | 'error'
    error: str | None
    entries: int  # entries recorded (articles placed, duplicates and failures)
    next_poll: datetime | None = None  # set while the feed backs off after errors
    failures: int = 0  # errors in a row


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a poll needs to know of a feed: its validators and back-off."""

    id: int
    url: str
    etag: str | None
    modified: str | None
    failures: int


@dataclass(frozen=True, slots=True)
class PollRecord:
    """The outcome of one poll of one feed."""

    status: str
    error: str | None = None
    title: str | None = None
    etag: str | None = None
    modified: str | None = None
    next_poll: datetime | None = None
    failures: int = 0


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """One new feed entry: the article it gave (placed in ``story_id``) or why it gave none."""

    feed_id: int
    guid: str | None
    link: str | None
    canonical_url: str | None = None
    story_id: str | None = None
    article: Article | None = None
    error: str | None = None


class FeedExistsError(InputError):
    """The feed is followed already."""


def _text(value: str, what: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} is not valid text") from None
    return value


def feed_location(url: str, *, allow_local: bool = True) -> str:
    """The feed's address as stored: an http(s) URL as given, a local path made absolute.

    Raises:
        InputError: neither an http(s) URL with a host nor (``allow_local``) an existing path.
    """
    url = _text(url, "the feed URL").strip()
    if not url or len(url) > MAX_FEED_URL_CHARS or any(c in url for c in "\r\n\t\x00"):
        raise InputError("a feed must be an http(s) URL" + (" or a path" if allow_local else ""))
    if url.startswith(("http://", "https://")):
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if not host:
            raise InputError("a feed URL needs a valid host", url)
        return url
    if allow_local:
        path = Path(url).expanduser()
        if path.exists():
            return str(path.resolve())
        raise InputError("no such feed file or directory", url)
    raise InputError("a feed must be an http(s) URL", url)


class FeedStore:
    """Feed methods of :class:`newsfuse.web.store.Store` (a mixin: it brings the engine)."""

    engine: Engine
    _brief_key: str  # the settings and version a stored brief was made with

    def _article_row(self, article: Article, story_id: str, position: int) -> Any:
        raise NotImplementedError  # Store's: the article as loaded, as a row (not yet cleaned)

    def _clean_rows(self, rows: Sequence[Any]) -> None:
        raise NotImplementedError  # Store's: a story's article rows cleaned together

    # ---------------------------------------------------------------- feeds
    def feeds(self) -> list[Feed]:
        """Every followed feed, in the order they were added."""
        counts = (
            select(FeedEntryRow.feed_id, func.count().label("n"))
            .group_by(FeedEntryRow.feed_id)
            .subquery()
        )
        query = (
            select(FeedRow, counts.c.n)
            .outerjoin(counts, counts.c.feed_id == FeedRow.id)
            .order_by(FeedRow.id)
        )
        with Session(self.engine) as session:
            return [_feed(row, n or 0) for row, n in session.execute(query)]

    def add_feed(self, url: str, title: str | None = None, *, allow_local: bool = True) -> Feed:
        """Follow a feed: an http(s) URL, or (``allow_local``) a local feed file or folder.

        Raises:
            InputError: a bad URL or path, or a feed already followed.
        """
        location = feed_location(url, allow_local=allow_local)
        title = _text(title or "", "the title").strip()[:500] or None
        row = FeedRow(url=location, title=title, status="new")
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                session.add(row)
        except IntegrityError:
            raise FeedExistsError("feed already followed", location) from None
        return _feed(row, 0)

    def ensure_feeds(self, urls: Sequence[str]) -> int:
        """Follow each of ``urls`` not followed yet; how many were added."""
        with Session(self.engine) as session, session.begin():
            known = set(session.scalars(select(FeedRow.url)))
            new = [u for u in dict.fromkeys(urls) if u not in known]
            session.add_all(FeedRow(url=u, status="new") for u in new)
        return len(new)

    def remove_feed(self, feed_id: int) -> bool:
        """Stop following a feed (its entries go; the stories they gave stay)."""
        with Session(self.engine) as session, session.begin():
            session.execute(delete(FeedEntryRow).where(FeedEntryRow.feed_id == feed_id))
            row = session.get(FeedRow, feed_id)
            if row is None:
                return False
            session.delete(row)
            return True

    def due_feeds(self, now: datetime, limit: int | None = None) -> list[FeedState]:
        """Feeds to poll at ``now`` (those not backing off), oldest poll first."""
        query = (
            select(FeedRow)
            .where(or_(FeedRow.next_poll.is_(None), FeedRow.next_poll <= now))
            .order_by(FeedRow.last_poll.is_not(None), FeedRow.last_poll, FeedRow.id)
            .limit(limit)
        )
        with Session(self.engine) as session:
            return [
                FeedState(r.id, r.url, r.etag, r.modified, r.failures)
                for r in session.scalars(query)
            ]

    def record_polls(self, polls: Sequence[tuple[int, PollRecord]]) -> None:
        """Store the outcome of a poll of each feed (validators, status, error, back-off),
        in one transaction."""
        now = _now()
        with Session(self.engine) as session, session.begin():
            for feed_id, record in polls:
                values: dict[str, Any] = {
                    "last_poll": now,
                    "status": record.status,
                    "error": record.error,
                    "next_poll": record.next_poll,
                    "failures": record.failures,
                }
                if record.status != "error":  # an error keeps the last good validators
                    values["etag"], values["modified"] = record.etag, record.modified
                if record.title:
                    values["title"] = func.coalesce(FeedRow.title, record.title)
                session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))

    # -------------------------------------------------------------- entries
    def seen_entries(
        self, feed_id: int, guids: Collection[str], links: Collection[str]
    ) -> tuple[set[str], set[str]]:
        """Which of ``guids`` this feed already gave, and which of ``links`` (or canonical
        URLs) any feed gave."""
        with Session(self.engine) as session:
            seen_guids: set[str] = set()
            seen_links: set[str] = set()
            for chunk in _chunks(sorted(guids)):
                seen_guids.update(
                    g
                    for g in session.scalars(
                        select(FeedEntryRow.guid).where(
                            FeedEntryRow.feed_id == feed_id, FeedEntryRow.guid.in_(chunk)
                        )
                    )
                    if g is not None
                )
            for chunk in _chunks(sorted(links)):
                for link, canonical in session.execute(
                    select(FeedEntryRow.link, FeedEntryRow.canonical_url).where(
                        or_(FeedEntryRow.link.in_(chunk), FeedEntryRow.canonical_url.in_(chunk))
                    )
                ):
                    seen_links.update(u for u in (link, canonical) if u is not None and u in links)
            return seen_guids, seen_links

    def story_index_state(self) -> bytes | None:
        """The saved StoryIndex of `watch` (``StoryIndex.to_bytes``), or None."""
        with Session(self.engine) as session:
            row = session.get(StoryIndexRow, 1)
            return None if row is None else bytes(row.data)

    def record_entries(self, entries: Sequence[EntryRecord], index_state: bytes | None) -> set[str]:
        """Store new entries, the articles they gave (each added to its story, created when
        new) and the story index that placed them, in one transaction; the changed stories.
        """
        from newsfuse.web.store import ArticleRow, StoryRow

        rows = [
            (e, self._article_row(e.article, e.story_id, 0))
            for e in entries
            if e.article is not None and e.story_id is not None
        ]
        now = _now()
        changed: set[str] = set()
        new_stories: dict[str, StoryRow] = {}
        with Session(self.engine) as session, session.begin():
            for entry, row in rows:
                assert entry.story_id is not None and entry.article is not None
                story = session.get(StoryRow, entry.story_id, with_for_update=True)
                if story is None:
                    story = StoryRow(id=entry.story_id, revision=0, created=now)
                    new_stories[entry.story_id] = story
                    session.add(story)
                    session.flush()
                last = session.scalar(
                    select(func.max(ArticleRow.position)).where(
                        ArticleRow.story_id == entry.story_id
                    )
                )
                row.position = (last or 0) + 1
                row.article_id = f"a{row.position}"
                row.created = now
                session.add(row)
                session.flush()
                story.briefs.clear()
                story.revision += 1
                story.updated = now
                changed.add(entry.story_id)
            for story_id in sorted(changed):
                # A story's reports are cleaned together, as the pipeline cleans a story: the
                # line classifier reads what the other reports hold (boilerplate repeats).
                story_rows = session.scalars(
                    select(ArticleRow)
                    .where(ArticleRow.story_id == story_id)
                    .order_by(ArticleRow.position)
                ).all()
                self._clean_rows(story_rows)
                if story_id in new_stories:  # titled by its first report's headline
                    first = story_rows[0]
                    new_stories[story_id].title = first.headline or first.title
            placed = {id(e): row.article_id for e, row in rows}
            session.add_all(
                FeedEntryRow(
                    feed_id=e.feed_id,
                    guid=e.guid,
                    link=e.link,
                    canonical_url=e.canonical_url,
                    seen=now,
                    story_id=e.story_id,
                    article_id=placed.get(id(e)),
                    error=e.error,
                )
                for e in entries
            )
            if index_state is not None:
                saved = session.get(StoryIndexRow, 1)
                if saved is None:
                    session.add(StoryIndexRow(id=1, data=index_state, updated=now))
                else:
                    saved.data, saved.updated = index_state, now
        return changed

    def arrivals(self, story_id: str) -> list[tuple[str, datetime]]:
        """The story's revisions: each article's id and arrival time, in arrival order
        (empty for no such story)."""
        from newsfuse.web.store import ArticleRow

        query = (
            select(ArticleRow.article_id, ArticleRow.created)
            .where(ArticleRow.story_id == story_id)
            .order_by(ArticleRow.created, ArticleRow.position)
        )
        with Session(self.engine) as session:
            return [(a, _utc(c) or c) for a, c in session.execute(query)]

    def stories_without_brief(self, words: int, limit: int = 1000) -> list[str]:
        """Stories (most recently updated first) with no stored brief of ``words`` words for
        their current articles: those a killed watch placed but did not brief."""
        from newsfuse.web.store import BriefRow, StoryRow

        current = (
            select(BriefRow.story_id)
            .where(
                BriefRow.story_id == StoryRow.id,
                BriefRow.revision == StoryRow.revision,
                BriefRow.words == words,
                BriefRow.settings == self._brief_key,
            )
            .exists()
        )
        query = (
            select(StoryRow.id)
            .where(~current)
            .order_by(StoryRow.updated.desc(), StoryRow.id)
            .limit(limit)
        )
        with Session(self.engine) as session:
            return list(session.scalars(query))

    def prune_stories(self, before: datetime) -> int:
        """Drop the stories whose last report arrived before ``before``, with their articles,
        briefs and feed entries (and entries that gave nothing, seen before then); how many
        stories went."""
        from newsfuse.web.store import StoryRow

        with Session(self.engine) as session, session.begin():
            old = list(
                session.scalars(
                    select(StoryRow.id).where(
                        func.coalesce(StoryRow.updated, StoryRow.created) < before
                    )
                )
            )
            for chunk in _chunks(old):
                session.execute(delete(FeedEntryRow).where(FeedEntryRow.story_id.in_(chunk)))
                session.execute(delete(StoryRow).where(StoryRow.id.in_(chunk)))
            session.execute(
                delete(FeedEntryRow).where(
                    FeedEntryRow.story_id.is_(None), FeedEntryRow.seen < before
                )
            )
        return len(old)


def _chunks(items: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _feed(row: FeedRow, entries: int) -> Feed:
    added = _utc(row.added)
    assert added is not None
    return Feed(
        id=row.id,
        url=row.url,
        title=row.title,
        added=added,
        last_poll=_utc(row.last_poll),
        status=row.status,
        error=row.error,
        entries=entries,
        next_poll=_utc(row.next_poll),
        failures=row.failures,
    )
