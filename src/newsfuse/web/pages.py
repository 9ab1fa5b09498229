"""HTML pages: the front page, the new-story form, a story's page with its brief, the feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from newsfuse.errors import InputError
from newsfuse.web.frontpage import MAX_OUTLETS_SHOWN, MAX_SEARCH_CHARS
from newsfuse.web.inputs import ArticleInput, Limits, to_articles, uploaded, url_inputs
from newsfuse.web.store import MAX_QUERY_CHARS, MAX_SINCE_CHARS, Store, report_dates
from newsfuse.web.templating import templates
from newsfuse.web.view import story_view

router = APIRouter(include_in_schema=False)

WORD_CHOICES = (60, 120, 200, 300)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    page: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return page


class _FormError(InputError):
    """An unusable form, with what the user typed, to show the form again."""

    def __init__(self, error: InputError, fields: dict[str, Any]) -> None:
        super().__init__(str(error))
        self.fields = fields


async def _form_inputs(request: Request) -> tuple[dict[str, Any], list[ArticleInput]]:
    """The form's fields (to show again on an error) and its articles.

    Raises:
        _FormError: an upload or URL line is unusable; it carries the fields.
    """
    limits: Limits = request.app.state.limits
    form = await request.form(
        max_files=limits.max_articles,
        max_fields=4 * limits.max_articles + 10,
        max_part_size=4 * limits.max_article_chars,  # UTF-8: at most 4 bytes a character
    )
    texts = [str(v) for v in form.getlist("text")]
    sources = [str(v) for v in form.getlist("source")]
    urls = str(form.get("urls") or "")
    fields: dict[str, Any] = {
        "title": str(form.get("title") or ""),
        "texts": texts,
        "sources": sources,
        "urls": urls,
    }
    items = []
    for n, text in enumerate(texts):
        source = sources[n].strip() if n < len(sources) else ""
        if text.strip():
            items.append(ArticleInput(text=text, source=source or None, where=f"text {n + 1}"))
    try:
        for upload in form.getlist("files"):
            if isinstance(upload, UploadFile) and upload.filename:
                data = await upload.read()
                if data:
                    items.append(uploaded(upload.filename, data, upload.filename))
        items += url_inputs(urls)
    except InputError as exc:
        raise _FormError(exc, fields) from None
    return fields, items


PAGE_SIZE = 30


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    offset: int = 0,
) -> HTMLResponse:
    """The front page: stories ranked by recency and number of outlets (see frontpage.py)."""
    store = _store(request)
    q = (q or "").strip()[:MAX_SEARCH_CHARS] or None
    outlet = (outlet or "").strip()[:MAX_SEARCH_CHARS] or None
    offset = min(max(offset, 0), 1_000_000_000)
    error = None
    moment = None
    if since and since.strip():
        try:
            moment = datetime.fromisoformat(since.strip())
        except ValueError:
            error = f"`since` must be an ISO date or time; got {since.strip()[:40]!r}"
        else:
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    now = datetime.now(UTC)
    cards = store.front_page(
        since=moment, q=q, outlet=outlet, limit=PAGE_SIZE + 1, offset=offset
    )
    more = None
    if len(cards) > PAGE_SIZE:
        cards = cards[:PAGE_SIZE]
        query = {k: v for k, v in (("q", q), ("outlet", outlet), ("since", since)) if v}
        more = "/?" + urlencode({**query, "offset": offset + PAGE_SIZE})
    return _page(
        request,
        "index.html",
        {
            "cards": cards,
            "now": now,
            "q": q,
            "outlet": outlet,
            "since": moment,
            "error": error,
            "outlets": store.outlets(),
            "more": more,
            # the reader's last visit (browser storage) is the unfiltered first page's
            "record_visit": not (q or outlet or moment or offset),
            "max_outlets": MAX_OUTLETS_SHOWN,
            "max_search_chars": MAX_SEARCH_CHARS,
        },
    )


@router.get("/stories/new", response_class=HTMLResponse)
def new_story(request: Request) -> HTMLResponse:
    return _page(request, "new.html", {"fields": {}, "error": None})


@router.post("/stories", response_class=HTMLResponse, response_model=None)
async def create_story(request: Request) -> Response:
    fields: dict[str, Any] = {}
    try:
        fields, items = await _form_inputs(request)
        articles = await run_in_threadpool(
            to_articles, items, request.app.state.fetcher, request.app.state.limits
        )
        story_id = await run_in_threadpool(
            _store(request).create_story, articles, fields["title"].strip() or None
        )
    except InputError as exc:
        fields = getattr(exc, "fields", fields)
        return _page(request, "new.html", {"fields": fields, "error": str(exc)}, status=422)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(
    request: Request,
    story_id: str,
    words: int = 120,
    since: str | None = None,
    q: str | None = None,
) -> HTMLResponse:
    store = _store(request)
    limits: Limits = request.app.state.limits
    words = min(max(words, 10), limits.max_words)
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    error = None
    view = None
    since = (since or "").strip()[:MAX_SINCE_CHARS] or None
    q = (q or "").strip()[:MAX_QUERY_CHARS] or None
    whole: tuple[str, ...] = ()
    try:
        brief = store.brief(story_id, words, since=since, query=q)
        view = story_view(brief, story.title) if brief is not None else None
        if since or q:  # today's brief of the whole story, beside the focused one
            today = store.brief(story_id, words)
            whole = tuple(s.text for s in today.sentences) if today is not None else ()
    except InputError as exc:
        error = str(exc)
    dates = report_dates(story.articles)
    return _page(
        request,
        "story.html",
        {
            "story": story,
            "view": view,
            "error": error,
            "words": words,
            "word_choices": sorted({*WORD_CHOICES, words}),
            # "What's new since <date>": every date but the last one the reports carry
            "since_dates": dates[:-1],
            "since": since,
            "query": q,
            "max_query_chars": MAX_QUERY_CHARS,
            "timeline": store.timeline(story_id),
            # the timeline marks each report with its source number and colour, as below
            "sources": {a.article.id: a for a in view.articles} if view else {},
            "whole": whole,
        },
    )


@router.post("/stories/{story_id}/articles", response_class=HTMLResponse, response_model=None)
async def add_articles(request: Request, story_id: str) -> Response:
    store = _store(request)
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    try:
        _, items = await _form_inputs(request)
        articles = await run_in_threadpool(
            to_articles,
            items,
            request.app.state.fetcher,
            request.app.state.limits,
            len(story.articles),
        )
        await run_in_threadpool(store.add_articles, story_id, articles)
    except InputError as exc:
        return _page(
            request,
            "story.html",
            {"story": story, "view": None, "error": str(exc), "words": 120, "word_choices": ()},
            status=422,
        )
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.post("/stories/{story_id}/delete", response_model=None)
def delete_story(request: Request, story_id: str) -> Response:
    if not _store(request).delete_story(story_id):
        raise HTTPException(404, f"no story {story_id!r}")
    return RedirectResponse("/", status_code=303)


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request) -> HTMLResponse:
    """The followed feeds: last poll, status and error of each; forms to add and remove."""
    return _feeds_page(request, {}, None)


def _feeds_page(
    request: Request, fields: dict[str, str], error: str | None, status: int = 200
) -> HTMLResponse:
    context = {
        "feeds": _store(request).feeds(),
        "fields": fields,
        "error": error,
        "now": datetime.now(UTC),
    }
    return _page(request, "feeds.html", context, status=status)


@router.post("/feeds", response_class=HTMLResponse, response_model=None)
async def add_feed(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    fields = {
        "url": str(form.get("url") or "").strip(),  # checked whole by add_feed
        "title": str(form.get("title") or "").strip()[:MAX_SEARCH_CHARS],
    }
    try:
        # a page's visitor names web feeds only, never a file of the server's
        await run_in_threadpool(
            _store(request).add_feed, fields["url"], fields["title"] or None, allow_local=False
        )
    except InputError as exc:
        return _feeds_page(request, fields, str(exc), status=422)
    return RedirectResponse("/feeds", status_code=303)


@router.post("/feeds/{feed_id}/delete", response_model=None)
def remove_feed(request: Request, feed_id: int) -> Response:
    if not 1 <= feed_id < 2**31 or not _store(request).remove_feed(feed_id):
        raise HTTPException(404, f"no feed {feed_id}")
    return RedirectResponse("/feeds", status_code=303)
