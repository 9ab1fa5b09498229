"""A news site on 127.0.0.1 for `newsfuse watch` (the ``site`` fixture of conftest.py): feeds and pages that change between polls.

``Site`` serves what its ``routes`` hold at the time of the request (feeds honour
If-None-Match and If-Modified-Since and count the 304s they answer), records every request,
and tracks how many requests it served at once. The pages are Wikinews articles of
examples/feeds/wikinews (CC BY, see its ATTRIBUTION.md) dressed as three outlets' HTML pages.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WIKINEWS = REPO / "examples" / "feeds" / "wikinews"
LAST_MODIFIED = "Wed, 01 Jul 2009 10:00:00 GMT"


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    gzip: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = False  # answer 304 to a request whose validators match
    hold: threading.Event | None = None  # wait for it before answering


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: Counter[str] = Counter()
        self.not_modified = 0
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


def page_html(name: str, outlet: str, canonical: str | None = None) -> bytes:
    """Wikinews article ``name`` (M0080, ...) as an outlet's web page."""
    title, _, text = (WIKINEWS / f"{name}.txt").read_text(encoding="utf-8").partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{html.escape(title)} | {outlet}</title>'
        f'<meta property="og:site_name" content="{outlet}">{link}</head><body>'
        f"<nav>Home World Sport</nav><article><h1>{html.escape(title)}</h1>{paragraphs}"
        f"</article><footer>Copyright {outlet}</footer></body></html>"
    ).encode()


def rss(title: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """RSS 2.0: items (guid, link, title, description)."""
    body = "".join(
        f"<item><guid>{html.escape(g)}</guid><link>{html.escape(link)}</link>"
        f"<title>{html.escape(t)}</title><description>{html.escape(d)}</description></item>"
        for g, link, t, d in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.org/</link><description>d</description>{body}</channel></rss>"
    ).encode()


def atom(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """Atom: entries (id, link, title)."""
    body = "".join(
        f'<entry><id>{html.escape(i)}</id><link rel="alternate" href="{html.escape(link)}"/>'
        f"<title>{html.escape(t)}</title><updated>2009-06-01T10:00:00Z</updated></entry>"
        for i, link, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:{title}</id><updated>2009-06-01T10:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()


def handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # the http.server API names it so
            with site.lock:
                site.requests[self.path] += 1
                site.active += 1
                site.max_active = max(site.max_active, site.active)
                route = site.routes.get(self.path)
            self.counted = True
            try:
                self._answer(route)
            finally:
                self._leave()

        def _leave(self) -> None:
            """No longer active: called before the response's headers go out (they are
            buffered until ``end_headers``), so that a client done with this request never
            sees it still counted."""
            if self.counted:
                self.counted = False
                with site.lock:
                    site.active -= 1

        def _answer(self, route: Route | None) -> None:
            time.sleep(0.02)  # overlapping requests, so that concurrency shows
            if route is None:
                route = Route(b"not found", "text/plain", status=404)
            if route.hold is not None:
                route.hold.wait(30)
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            if route.conditional and (
                self.headers.get("If-None-Match") == etag
                or self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                with site.lock:
                    site.not_modified += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self._leave()
                self.end_headers()
                return
            body = gzip.compress(route.body) if route.gzip else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(body)))
            if route.gzip:
                self.send_header("Content-Encoding", "gzip")
            if route.conditional:
                self.send_header("ETag", etag)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self._leave()
            self.end_headers()
            self.wfile.write(body)

    return Handler
