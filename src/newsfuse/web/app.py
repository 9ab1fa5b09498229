"""The FastAPI application: the REST API under /api, HTML pages elsewhere, static files.

``create_app`` builds an app around one Store; ``newsfuse serve`` runs it with uvicorn.
Every page is rendered on the server from local templates and static files (no CDN), with
a Content-Security-Policy that allows only the app's own scripts and styles.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsfuse._version import __version__
from newsfuse.errors import InputError
from newsfuse.load.url import Fetcher
from newsfuse.settings import Settings
from newsfuse.web.inputs import Limits
from newsfuse.web.store import Store, database_url
from newsfuse.web.templating import templates

HERE = Path(__file__).parent

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_DOCS = ("/docs", "/redoc", "/static-offline-docs")  # Swagger UI starts with an inline script


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Answers 413 to a request whose body is over ``max_bytes``, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = JSONResponse(
            {"detail": f"request body larger than {self.max_bytes:,} bytes"}, status_code=413
        )
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await too_large(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _BodyTooLarge:
            if not started:
                await too_large(scope, receive, send)


def _same_origin(request: Request) -> bool:
    """A state-changing request from another site's page (a forged form post) is refused."""
    origin = request.headers.get("origin")
    if origin is None:  # not sent by a browser's page: curl, scripts
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


def create_app(
    store: Store | None = None,
    *,
    db: str = "newsfuse.db",
    settings: Settings | None = None,
    limits: Limits | None = None,
    fetcher: Fetcher | None = None,
) -> FastAPI:
    """The web app around ``store`` (else one opened on ``db``, a path or SQLAlchemy URL)."""
    from newsfuse.web import api, pages

    settings = settings or Settings()
    store = store or Store(database_url(db), settings)
    app = FastAPIOffline(
        title="newsfuse",
        version=__version__,
        description="Stories of several outlets' reports, and cited briefs of them.",
    )
    app.state.store = store
    app.state.limits = limits or Limits()
    app.state.fetcher = fetcher or Fetcher(store.settings.fetch)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:  # browsers ask for it whatever the page says
        return RedirectResponse("/static/favicon.svg", status_code=308)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
            return JSONResponse({"detail": "cross-site request refused"}, status_code=403)
        response: Response = await call_next(request)
        if not request.url.path.startswith(_DOCS):
            response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # "no-referrer" would make Chromium send `Origin: null` on the app's own form posts
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            # Starlette's Allow names only the first route of the path (POST /api/stories);
            # every route of the path counts (GET /api/stories too)
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return _error(request, exc.status_code, str(exc.detail), headers)

    app.add_middleware(BodyLimit, max_bytes=app.state.limits.max_body_bytes)
    return app


def _allowed_methods(request: Request) -> str:
    path = request.url.path
    methods: set[str] = set()
    for route in request.app.routes:
        regex = getattr(route, "path_regex", None)
        if getattr(route, "methods", None) and regex is not None and regex.match(path):
            methods |= set(route.methods)
    return ", ".join(sorted(methods))


def _error(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    """JSON for the API, a page for a browser."""
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
        "accept", ""
    ):
        return Response(
            json.dumps({"detail": detail}),
            status_code=status,
            media_type="application/json",
            headers=headers,
        )
    page: HTMLResponse = templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": detail}, status_code=status
    )
    return page


# `newsfuse serve --workers N` starts N uvicorn processes, which build their app from these
# variables (the names do not start with NEWSFUSE_: they are not settings).
SERVE_DB_VARIABLE = "_NEWSFUSE_SERVE_DB"
SERVE_SETTINGS_VARIABLE = "_NEWSFUSE_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``newsfuse serve --workers N`` (a uvicorn factory)."""
    import os

    settings = Settings.from_mapping(json.loads(os.environ[SERVE_SETTINGS_VARIABLE]))
    return create_app(db=os.environ[SERVE_DB_VARIABLE], settings=settings)

