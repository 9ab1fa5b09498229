"""The REST API: stories, their articles and briefs, as JSON (briefs also as Markdown/text).

A brief is the very object ``newsfuse summarize --format json`` prints.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from newsfuse.models import Article
from newsfuse.render import brief_to_dict, render_markdown, render_text
from newsfuse.render.json import article_metadata, dropped_lines
from newsfuse.web.feedstore import MAX_FEED_URL_CHARS, Feed, FeedExistsError
from newsfuse.web.frontpage import MAX_SEARCH_CHARS, StoryCard
from newsfuse.web.inputs import ArticleInput, Limits, to_articles, uploaded, url_inputs
from newsfuse.web.store import MAX_QUERY_CHARS, MAX_SINCE_CHARS, Store, StoredStory


class Problem(BaseModel):
    """An error: what went wrong, as one line, or (request validation) a list of problems."""

    detail: str | list[dict[str, Any]]


_PROBLEM: dict[str, Any] = {"model": Problem}
# Every error the API answers with, documented so that clients (and schemathesis) can rely
# on the body: a missing story, a cross-site post, an over-large body, an unusable input.
router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        400: {**_PROBLEM, "description": "a body that cannot be parsed"},
        403: {**_PROBLEM, "description": "cross-site request refused"},
        404: {**_PROBLEM, "description": "no such story or article"},
        413: {**_PROBLEM, "description": "request body too large"},
        422: {**_PROBLEM, "description": "invalid request, or input with no usable text"},
    },
)


class ArticleIn(BaseModel):
    """One report: its ``text``, its page as ``html``, or a ``url`` to fetch."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = Field(None, description="outlet name; found in the text when omitted")
    title: str | None = None
    published: str | None = Field(None, description="ISO date")


class StoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    articles: list[ArticleIn]


class BriefFormat(StrEnum):
    JSON = "json"
    MARKDOWN = "markdown"
    TEXT = "text"


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _inputs(articles: list[ArticleIn]) -> list[ArticleInput]:
    return [
        ArticleInput(
            text=a.text,
            html=a.html,
            url=a.url,
            source=a.source,
            title=a.title,
            published=a.published,
            where=f"article {n}",
        )
        for n, a in enumerate(articles, start=1)
    ]


def _load(request: Request, items: list[ArticleInput], already: int = 0) -> list[Article]:
    limits: Limits = request.app.state.limits
    return to_articles(items, request.app.state.fetcher, limits, already)


def article_json(article: Article, *, with_text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {**article_metadata(article), "words": article.word_count}
    if with_text:
        data["text"] = article.text
        data["raw_text"] = article.raw_text
        data["dropped_lines"] = dropped_lines(article)
    return data


def story_json(story: StoredStory, *, with_text: bool = False) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "created": story.created.isoformat(),
        "articles": [article_json(a, with_text=with_text) for a in story.articles],
        "links": {"brief": f"/api/stories/{story.id}/brief", "page": f"/stories/{story.id}"},
    }


def _story(store: Store, story_id: str) -> StoredStory:
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return story


@router.post("/stories", status_code=201)
def create_story(body: StoryIn, request: Request) -> dict[str, Any]:
    """Create a story from texts, HTML pages and URLs (fetched now)."""
    store = store_of(request)
    story_id = store.create_story(_load(request, _inputs(body.articles)), body.title)
    return story_json(_story(store, story_id))


@router.post("/stories/files", status_code=201)
def create_story_from_files(
    request: Request,
    files: Annotated[list[UploadFile], File(description="text or HTML files, one per report")],
    title: Annotated[str | None, Form()] = None,
    urls: Annotated[str | None, Form(description="URLs, one per line")] = None,
) -> dict[str, Any]:
    """Create a story from uploaded files (``curl -F files=@a.txt -F files=@b.html``)."""
    items = [
        uploaded(f.filename or f"file {n}", f.file.read(), f.filename or f"file {n}")
        for n, f in enumerate(files, start=1)
    ]
    items += url_inputs(urls or "")
    store = store_of(request)
    story_id = store.create_story(_load(request, items), title)
    return story_json(_story(store, story_id))


# An ISO 8601 date, or date and time with an optional zone: `since` of the story listing.
ISO_MOMENT = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"


class StoryOrder(StrEnum):
    RANK = "rank"
    NEWEST = "newest"


@router.get("/stories")
def list_stories(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    # bounded: past 2**63 the database cannot take it (an OverflowError, a 500, before)
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    since: Annotated[
        str | None,
        Query(
            pattern=ISO_MOMENT,
            description="only stories with a report that arrived after this moment: an ISO "
            "date or date and time (UTC when it names no zone)",
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_SEARCH_CHARS,
            description="search: only stories whose reports or title hold every word",
        ),
    ] = None,
    outlet: Annotated[
        str | None,
        Query(max_length=MAX_SEARCH_CHARS, description="only stories this outlet reported"),
    ] = None,
    order: Annotated[
        StoryOrder,
        Query(
            description="`rank`: the front page's order, max(outlets, 1) / (1 + hours since "
            "the last report / 12)²; `newest`: the story created last first"
        ),
    ] = StoryOrder.RANK,
) -> dict[str, Any]:
    """The front page's stories: ranked by recency and number of outlets, searched and
    filtered; each with its headline, outlets, the first sentence of its brief (else of its
    first report), its number of reports and when the last one arrived."""
    moment = None
    if since is not None:
        try:
            moment = datetime.fromisoformat(since)
        except ValueError:
            raise HTTPException(422, f"`since` is not a date or time: {since!r}") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # a moment without a zone is read as UTC
    cards = store_of(request).front_page(
        since=moment, q=q, outlet=outlet, limit=limit, offset=offset, order=order.value
    )
    return {"stories": [card_json(card) for card in cards]}


def card_json(card: StoryCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "title": card.title,
        "headline": card.headline,
        "created": card.created.isoformat(),
        "articles": card.reports,
        "outlets": list(card.outlets),
        "outlet_count": card.outlet_count,
        "sentence": card.sentence,
        "sentence_from_brief": card.from_brief,
        "updated": card.updated.isoformat(),
        "score": card.score,
        "links": {"brief": f"/api/stories/{card.id}/brief", "page": f"/stories/{card.id}"},
    }


@router.get("/stories/{story_id}")
def get_story(story_id: str, request: Request) -> dict[str, Any]:
    """A story with its articles' metadata."""
    return story_json(_story(store_of(request), story_id))


@router.get("/stories/{story_id}/articles")
def get_articles(story_id: str, request: Request) -> dict[str, Any]:
    """The story's articles with their raw and cleaned text and the lines cleaning dropped."""
    story = _story(store_of(request), story_id)
    return {"articles": [article_json(a, with_text=True) for a in story.articles]}


@router.post("/stories/{story_id}/articles", status_code=201)
def add_article(story_id: str, body: ArticleIn, request: Request) -> dict[str, Any]:
    """Add one report to a story; its briefs are recomputed on the next request."""
    store = store_of(request)
    story = _story(store, story_id)
    articles = _load(request, _inputs([body]), already=len(story.articles))
    try:
        (article_id,) = store.add_articles(story_id, articles)
    except KeyError:
        raise HTTPException(404, f"no story {story_id!r}") from None
    added = next(a for a in _story(store, story_id).articles if a.id == article_id)
    return article_json(added)


@router.delete("/stories/{story_id}", status_code=204)
def delete_story(story_id: str, request: Request) -> Response:
    if not store_of(request).delete_story(story_id):
        raise HTTPException(404, f"no story {story_id!r}")
    return Response(status_code=204)


@router.delete("/stories/{story_id}/articles/{article_id}", status_code=204)
def delete_article(story_id: str, article_id: str, request: Request) -> Response:
    if not store_of(request).delete_article(story_id, article_id):
        raise HTTPException(404, f"no article {article_id!r} in story {story_id!r}")
    return Response(status_code=204)


@router.get("/stories/{story_id}/brief", response_model=None)
def get_brief(
    story_id: str,
    request: Request,
    words: Annotated[int, Query(ge=10, description="word budget")] = 120,
    format: Annotated[BriefFormat, Query()] = BriefFormat.JSON,
    since: Annotated[
        str | None,
        Query(
            max_length=MAX_SINCE_CHARS,
            description="what is new since an ISO date (reports published on or before it "
            "count as read) or since the articles whose ids are listed, comma-separated",
        ),
    ] = None,
    query: Annotated[
        str | None,
        Query(max_length=MAX_QUERY_CHARS, description="a question: what the reports say about it"),
    ] = None,
) -> dict[str, Any] | Response:
    """The story's cited brief: the JSON of ``newsfuse summarize --format json``, or Markdown
    or plain text; ``since`` makes it an update brief, ``query`` a query-focused one."""
    limits: Limits = request.app.state.limits
    if words > limits.max_words:
        raise HTTPException(422, f"`words` must be at most {limits.max_words}")
    brief = store_of(request).brief(story_id, words, since=since, query=query)  # 422 on bad since
    if brief is None:
        raise HTTPException(404, f"no story {story_id!r}")
    if format is BriefFormat.MARKDOWN:
        return PlainTextResponse(render_markdown(brief), media_type="text/markdown")
    if format is BriefFormat.TEXT:
        return PlainTextResponse(render_text(brief))
    return brief_to_dict(brief)


# ------------------------------------------------------------------ feeds (newsfuse watch)
class FeedIn(BaseModel):
    """A feed to follow: the URL of an RSS or Atom feed; `newsfuse watch` polls it."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=MAX_FEED_URL_CHARS, description="http(s) URL of the feed")
    title: str | None = Field(None, max_length=500, description="a name to show for it")


class FeedOut(BaseModel):
    id: int
    url: str
    title: str | None
    added: datetime
    last_poll: datetime | None = Field(description="when `watch` last polled it")
    status: str = Field(description="'new' (not polled yet), 'ok', 'not-modified' or 'error'")
    error: str | None = Field(description="the last poll's error")
    entries: int = Field(description="entries read from it")
    next_poll: datetime | None = Field(description="set while it backs off after errors")


class FeedList(BaseModel):
    feeds: list[FeedOut]


def _feed_out(feed: Feed) -> FeedOut:
    return FeedOut(
        id=feed.id,
        url=feed.url,
        title=feed.title,
        added=feed.added,
        last_poll=feed.last_poll,
        status=feed.status,
        error=feed.error,
        entries=feed.entries,
        next_poll=feed.next_poll,
    )


@router.get("/feeds")
def list_feeds(request: Request) -> FeedList:
    """The feeds followed, with each one's last poll, status and error."""
    return FeedList(feeds=[_feed_out(f) for f in store_of(request).feeds()])


@router.post(
    "/feeds",
    status_code=201,
    responses={409: {**_PROBLEM, "description": "the feed is followed already"}},
)
def add_feed(body: FeedIn, request: Request) -> FeedOut:
    """Follow a feed (an http(s) URL); the next poll of `newsfuse watch` reads it."""
    try:
        feed = store_of(request).add_feed(body.url, body.title, allow_local=False)
    except FeedExistsError as exc:
        raise HTTPException(409, str(exc)) from None
    return _feed_out(feed)


@router.delete("/feeds/{feed_id}", status_code=204)
def remove_feed(feed_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request) -> Response:
    """Stop following a feed; the stories it brought stay."""
    if not store_of(request).remove_feed(feed_id):
        raise HTTPException(404, f"no feed {feed_id}")
    return Response(status_code=204)
