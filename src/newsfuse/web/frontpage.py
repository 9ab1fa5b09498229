"""The front page's listing: stories ranked by recency and by how many outlets report them,
searched and filtered in the database (two queries a page, whatever the number of stories).

The ranking score of a story whose reports come from ``M`` outlets and whose last report
arrived ``h`` hours ago is::

    score = max(M, 1) / (1 + h / 12) ** 2

so a story's weight falls to a quarter in 12 hours and to a ninth in a day: a story five
outlets carry stays above a fresh single report for about 15 hours, a two-day-old one needs
25 outlets to match a fresh report. Ties go to the story updated last. The score is plain
arithmetic so that SQLite and PostgreSQL both compute it in the query (no ``pow``).

Search: SQLite's FTS5 index ``articles_fts`` (migration 0003, porter stemmer) over every
report's headline and cleaned text; PostgreSQL's full-text search (``to_tsvector`` on the
same text, a GIN index of migration 0003); a plain case-insensitive LIKE on each word where
neither is there. A story also matches when its own title holds the words.
"""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    distinct,
    func,
    inspect,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Float, Text

from newsfuse.models import Article
from newsfuse.segment import segment
from newsfuse.settings import SegmentSettings, SelectSettings

RECENCY_HOURS = 12.0  # the score's time scale: (1 + h / 12) ** 2
OUTLET_COLOURS = 12  # classes .oc-0 ... .oc-11 in style.css
MAX_OUTLETS_SHOWN = 8  # badges on a card; "and N more" beyond
LEAD_CHARS = 700  # of the first report's cleaned text, to find its lead sentences
_SEGMENT = SegmentSettings()
_MIN_WORDS = SelectSettings().min_words  # shorter "sentences" are captions or credits
MAX_SEARCH_CHARS = 200
MAX_SEARCH_TERMS = 12
ORDERS = ("rank", "newest")


@dataclass(frozen=True, slots=True)
class StoryCard:
    """A story as the front page shows it."""

    id: str
    title: str | None  # the story's own title, when it was given one
    headline: str  # its title, else its first report's headline
    outlets: tuple[str, ...]  # distinct outlet names, in the order they first reported
    sentence: str | None  # the stored brief's first sentence, else the first report's lead
    from_brief: bool  # ``sentence`` comes from the stored brief
    reports: int
    outlet_count: int
    created: datetime
    updated: datetime  # arrival of the story's last report
    score: float


def score(outlets: int, hours: float) -> float:
    """The ranking score (the formula of the module docstring; the query computes the same)."""
    decay = 1 + max(hours, 0.0) / RECENCY_HOURS
    return max(outlets, 1) / (decay * decay)


def outlet_colour(name: str) -> int:
    """A stable colour class for an outlet name: the same on every page and every run."""
    return zlib.crc32(name.strip().casefold().encode()) % OUTLET_COLOURS


def ago(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "12 min ago", "3 h ago", "2 days ago"."""
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"


class _Epoch(FunctionElement[float]):
    """Seconds since 1970 of a stored UTC datetime."""

    type = Float()
    inherit_cache = True


@compiles(_Epoch)
def _epoch_default(element: _Epoch, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(_Epoch, "sqlite")
def _epoch_sqlite(element: _Epoch, compiler: Any, **kw: Any) -> str:
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


class _FirstSentence(FunctionElement[str]):
    """The first sentence's text of a stored brief's JSON (``briefs.data``)."""

    type = Text()
    inherit_cache = True


@compiles(_FirstSentence)
def _first_default(element: _FirstSentence, compiler: Any, **kw: Any) -> str:
    return "NULL"  # another database: the first report's lead is shown


@compiles(_FirstSentence, "sqlite")
def _first_sqlite(element: _FirstSentence, compiler: Any, **kw: Any) -> str:
    return f"json_extract({compiler.process(element.clauses, **kw)}, '$.sentences[0].text')"


@compiles(_FirstSentence, "postgresql")
def _first_postgresql(element: _FirstSentence, compiler: Any, **kw: Any) -> str:
    data = compiler.process(element.clauses, **kw)
    return f"(CAST({data} AS JSON) -> 'sentences' -> 0 ->> 'text')"


def search_terms(q: str) -> list[str]:
    """The words of a search, lower-cased (at most 12; punctuation and operators dropped)."""
    return re.findall(r"\w+", q[:MAX_SEARCH_CHARS].casefold())[:MAX_SEARCH_TERMS]


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


SEARCH_INDEX_NAMES = ("articles_fts", "ix_articles_search")


def is_search_index(name: str | None, kind: str, _parent: Any = None) -> bool:
    """Whether a schema object is migration 0003's search index (the FTS5 table and its
    shadow tables, the PostgreSQL GIN index): no model describes them, and Alembic's
    comparison of models and database (``include_name``) leaves them out."""
    return kind in ("table", "index") and bool(name) and str(name).startswith(SEARCH_INDEX_NAMES)


def search_mode(engine: Engine) -> str:
    """"fts5" (SQLite with migration 0003's index), "postgresql", or "like"."""
    if engine.dialect.name == "postgresql":
        return "postgresql"
    if engine.dialect.name == "sqlite" and inspect(engine).has_table("articles_fts"):
        return "fts5"
    return "like"


# PostgreSQL: the expression migration 0003's GIN index is built on; a query must use the
# very same expression for the index to serve it.
PG_DOCUMENT = "to_tsvector('english', coalesce(headline, '') || ' ' || cleaned_text)"


def _matching_stories(mode: str, q: str, articles: Any, stories: Any) -> ColumnElement[bool] | None:
    """A condition on ``stories.id``: some report, or the title, holds every word of ``q``."""
    terms = search_terms(q)
    if not terms:
        return None
    by_title = and_(
        *(func.lower(stories.c.title).like(_like_pattern(t), escape="\\") for t in terms)
    )
    if mode == "fts5":
        match = " ".join(f'"{t}"' for t in terms)  # every word, stemmed; no operators
        hits = text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match").bindparams(
            match=match
        )
        in_reports = select(articles.c.story_id).where(articles.c.pk.in_(hits))
    elif mode == "postgresql":
        query = func.plainto_tsquery("english", " ".join(terms))
        in_reports = select(articles.c.story_id).where(literal_column(PG_DOCUMENT).op("@@")(query))
    else:
        in_reports = select(articles.c.story_id).where(
            *(
                or_(
                    func.lower(articles.c.headline).like(_like_pattern(t), escape="\\"),
                    func.lower(articles.c.cleaned_text).like(_like_pattern(t), escape="\\"),
                )
                for t in terms
            )
        )
    return or_(stories.c.id.in_(in_reports), by_title)


def lead_sentences(text_start: str, headline: str | None, n: int = 2) -> list[str]:
    """The first ``n`` sentences of a report's cleaned text that are not its headline."""
    article = Article(id="lead", text=text_start)
    found = []
    for sentence in segment(article, _SEGMENT):
        words = len(sentence.text.split())
        if sentence.text == (headline or "").strip() or words < _MIN_WORDS:
            continue
        if len(text_start) >= LEAD_CHARS and sentence.end >= len(text_start.rstrip()):
            break  # cut short by the query's LEAD_CHARS

        found.append(sentence.text)
        if len(found) == n:
            break
    return found


def _shortened(sentence: str, limit: int = 120) -> str:
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def front_page(
    engine: Engine,
    *,
    search: str,
    brief_words: int,
    brief_key: str,
    since: datetime | None = None,
    q: str | None = None,
    outlet: str | None = None,
    limit: int = 30,
    offset: int = 0,
    order: str = "rank",
    now: datetime | None = None,
) -> list[StoryCard]:
    """The front page's stories, best score first (see the module docstring).

    Args:
        search: ``search_mode(engine)``.
        brief_words, brief_key: which stored brief gives a card its sentence (the store's
            default words and its settings key).
        since: only stories with a report that arrived after this moment.
        q: only stories whose reports (headline or text) or title hold every word of it.
        outlet: only stories an outlet of that name (any case) reported.
        order: "rank" (the score), or "newest" (the story created last first).
    """
    from newsfuse.web.store import ArticleRow, BriefRow, StoryRow, _utc

    now = now or datetime.now(UTC)
    articles = ArticleRow.__table__
    stories = StoryRow.__table__
    aggregate = select(
        articles.c.story_id,
        func.count().label("reports"),
        func.count(distinct(articles.c.outlet)).label("outlets"),
        func.max(articles.c.created).label("updated"),
    ).group_by(articles.c.story_id)
    if since is not None:
        aggregate = aggregate.having(func.max(articles.c.created) > since.astimezone(UTC))
    if outlet and outlet.strip():
        reported = select(articles.c.story_id).where(
            func.lower(articles.c.outlet) == outlet.strip().lower()
        )
        aggregate = aggregate.where(articles.c.story_id.in_(reported))
    if q:
        condition = _matching_stories(search, q, articles.alias("hit"), stories)
        if condition is not None:
            aggregate = aggregate.where(
                articles.c.story_id.in_(select(stories.c.id).where(condition))
            )
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}; got {order!r}")
    counted = aggregate.subquery("counted")
    hours = (literal(now.timestamp()) - _Epoch(counted.c.updated)) / 3600.0
    decay = 1.0 + case((hours < 0, 0.0), else_=hours) / RECENCY_HOURS
    weight = case((counted.c.outlets > 1, counted.c.outlets), else_=1) * 1.0
    rank = (weight / (decay * decay)).label("score")
    ordering = select(counted, rank)
    if order == "newest":
        created = select(StoryRow.created).where(StoryRow.id == counted.c.story_id)
        ordering = ordering.order_by(created.scalar_subquery().desc(), counted.c.story_id)
    else:
        ordering = ordering.order_by(rank.desc(), counted.c.updated.desc(), counted.c.story_id)
    ranked = ordering.limit(limit).offset(offset).subquery("ranked")
    first = aliased(ArticleRow, name="first_report")
    earliest = aliased(ArticleRow, name="earliest")
    first_position = (
        select(func.min(earliest.position))
        .where(earliest.story_id == ranked.c.story_id)
        .scalar_subquery()
    )
    stored_sentence = (
        select(_FirstSentence(BriefRow.data))
        .where(
            BriefRow.story_id == ranked.c.story_id,
            BriefRow.words == brief_words,
            BriefRow.revision == StoryRow.revision,
            BriefRow.settings == brief_key,
        )
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(
            ranked.c.story_id,
            ranked.c.reports,
            ranked.c.outlets,
            ranked.c.updated,
            ranked.c.score,
            StoryRow.title,
            StoryRow.created,
            first.headline,
            func.substr(first.cleaned_text, 1, LEAD_CHARS),
            stored_sentence,
        )
        .join(StoryRow, StoryRow.id == ranked.c.story_id)
        .join(first, and_(first.story_id == ranked.c.story_id, first.position == first_position))
    )
    if order == "newest":
        query = query.order_by(StoryRow.created.desc(), ranked.c.story_id)
    else:
        query = query.order_by(ranked.c.score.desc(), ranked.c.updated.desc(), ranked.c.story_id)
    with Session(engine) as session:
        rows = session.execute(query).all()
        ids = [row[0] for row in rows]
        outlets = _outlets_of(session, ids) if ids else {}
    cards = []
    for story_id, reports, count, updated, rank, title, created, headline, lead, sentence in rows:
        shown = title or headline
        leads: list[str] = [] if sentence and shown else lead_sentences(lead or "", headline)
        if not shown and leads:  # a report with no headline: its lead stands for one
            shown = _shortened(leads.pop(0))
        cards.append(
            StoryCard(
                id=story_id,
                title=title,
                headline=shown or f"Untitled story {story_id}",
                outlets=tuple(outlets.get(story_id, ())),
                sentence=sentence or (leads[0] if leads else None),
                from_brief=bool(sentence),
                reports=reports,
                outlet_count=count,
                created=_utc(created),
                updated=_utc(updated),
                score=float(rank),
            )
        )
    return cards


def _outlets_of(session: Session, story_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each story's distinct outlets, in the order they first reported."""
    from newsfuse.web.store import ArticleRow

    first = func.min(ArticleRow.position)
    query = (
        select(ArticleRow.story_id, ArticleRow.outlet, first)
        .where(ArticleRow.story_id.in_(story_ids), ArticleRow.outlet.is_not(None))
        .group_by(ArticleRow.story_id, ArticleRow.outlet)
        .order_by(ArticleRow.story_id, first)
    )
    outlets: dict[str, list[str]] = defaultdict(list)
    for story_id, outlet, _ in session.execute(query):
        if outlet is not None:
            outlets[story_id].append(outlet)
    return outlets


class ListingCache:
    """The listings of the last ``seconds``, each kept only while the store is unchanged.

    Many readers ask for the same front page; the ranking reads every story, the check that
    nothing changed reads four aggregates from indexes. The store "changed" when a report
    was added or deleted, a story created or deleted, or a brief stored or dropped, by this
    process or another (``newsfuse watch``); scores drift with time only, and ``seconds``
    bounds that.
    """

    def __init__(self, seconds: float = 10.0, size: int = 64) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: dict[tuple[Any, ...], tuple[float, tuple[Any, ...], list[StoryCard]]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], version: tuple[Any, ...]) -> list[StoryCard] | None:
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or entry[1] != version or time.monotonic() - entry[0] >= self.seconds:
            return None
        return entry[2]

    def put(self, key: tuple[Any, ...], version: tuple[Any, ...], cards: list[StoryCard]) -> None:
        with self._lock:
            if len(self._entries) >= self.size and key not in self._entries:
                oldest = min(self._entries, key=lambda k: self._entries[k][0])
                del self._entries[oldest]
            self._entries[key] = (time.monotonic(), version, cards)


def store_version(engine: Engine) -> tuple[Any, ...]:
    """What changes whenever the front page could: the reports (last key and count), the
    stories (count) and the stored briefs (count and last stored)."""
    from newsfuse.web.store import ArticleRow, BriefRow, StoryRow

    query = select(
        select(func.max(ArticleRow.pk)).scalar_subquery(),
        select(func.count()).select_from(ArticleRow).scalar_subquery(),
        select(func.count()).select_from(StoryRow).scalar_subquery(),
        select(func.count()).select_from(BriefRow).scalar_subquery(),
        select(func.max(BriefRow.created)).scalar_subquery(),
    )
    with Session(engine) as session:
        return tuple(session.execute(query).one())


def outlet_counts(engine: Engine, limit: int = 200) -> list[tuple[str, int]]:
    """Outlets by the number of stories they reported, most first (the filter's menu)."""
    from newsfuse.web.store import ArticleRow

    stories = func.count(distinct(ArticleRow.story_id))
    query = (
        select(ArticleRow.outlet, stories)
        .where(ArticleRow.outlet.is_not(None))
        .group_by(ArticleRow.outlet)
        .order_by(stories.desc(), ArticleRow.outlet)
        .limit(limit)
    )
    with Session(engine) as session:
        return [(outlet, n) for outlet, n in session.execute(query) if outlet is not None]
