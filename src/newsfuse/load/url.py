"""Fetching pages: URLs -> bytes, safely, with a cache, many at a time.

Each request: connect/read time-outs, a size cap (the body is streamed and dropped past
``max_bytes``), redirects followed by hand (at most ``max_redirects``) so that every hop is
checked, a clear User-Agent, gzip/brotli. Every host a request would reach is resolved first
and refused when any of its addresses is private, loopback, link-local or otherwise not
global, unless ``allow_private``. (A host that resolves differently between the check and
the connection is not caught: run a server behind an egress proxy for that.)

Failures are ``InputError``\\ s naming the URL, one line each; ``fetch_many`` returns them in
place of the page, so that a story is summarised from the pages that came.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import socket
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsfuse.errors import InputError, MissingExtraError
from newsfuse.settings import FetchSettings

log = logging.getLogger(__name__)

_PAGE_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: where it ended up, what it is, its bytes."""

    url: str  # after redirects
    requested: str
    content_type: str
    content: bytes


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("only http(s) URLs with a host can be fetched", url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise InputError("host not found", url) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InputError(
                f"refused: {parts.hostname} is a private or local address ({address}); "
                "pass --allow-private to fetch it",
                url,
            )


class Fetcher:
    """Fetches pages with the limits of ``FetchSettings``.

    Args:
        settings: limits, cache directory, private-address rule.
        transport: an httpx transport to use instead of the network (tests).
    """

    def __init__(self, settings: FetchSettings | None = None, *, transport: Any = None) -> None:
        self.settings = settings or FetchSettings()
        self._transport = transport
        self._client: Any = None

    def _http(self) -> Any:
        if self._client is None:
            try:
                import httpx
            except ImportError:
                raise MissingExtraError("html", "fetching URLs") from None
            s = self.settings
            self._client = httpx.Client(
                timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
                follow_redirects=False,  # by hand: every hop's address is checked
                headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate, br"},
                transport=self._transport,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _cache_path(self, url: str) -> Path | None:
        if not self.settings.cache_dir:
            return None
        key = hashlib.sha256(url.encode()).hexdigest()[:32]
        return Path(self.settings.cache_dir) / key

    def fetch(self, url: str) -> Page:
        """One page, from the cache when it holds it.

        Raises:
            InputError: refused, unreachable, timed out, too large, an HTTP error, or not a
                page (an image, a PDF).
        """
        cached = self._cache_path(url)
        if cached is not None and cached.with_suffix(".json").exists():
            meta = json.loads(cached.with_suffix(".json").read_text())
            return Page(
                meta["url"], url, meta["content_type"], cached.with_suffix(".body").read_bytes()
            )
        page = self._fetch(url)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.with_suffix(".body").write_bytes(page.content)
            meta = {"url": page.url, "content_type": page.content_type}
            cached.with_suffix(".json").write_text(json.dumps(meta))  # written last: complete
        return page

    def _fetch(self, url: str) -> Page:
        import httpx

        s = self.settings
        current = url
        for _ in range(s.max_redirects + 1):
            _check_address(current, s.allow_private)
            try:
                with self._http().stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError("redirect without a location", url)
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(f"HTTP {response.status_code}", url)
                    content_type = response.headers.get("content-type", "").split(";")[0].strip()
                    if content_type and content_type.lower() not in _PAGE_TYPES:
                        raise InputError(f"not a web page ({content_type})", url)
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > s.max_bytes:
                        raise InputError(f"page larger than {s.max_bytes:,} bytes", url)
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > s.max_bytes:
                            raise InputError(f"page larger than {s.max_bytes:,} bytes", url)
                    return Page(str(response.url), url, content_type.lower(), bytes(body))
            except httpx.TimeoutException:
                raise InputError("timed out", url) from None
            except httpx.ConnectError:
                raise InputError("cannot connect", url) from None
            except httpx.HTTPError as exc:
                raise InputError(f"fetch failed: {exc}", url) from None
        raise InputError(f"more than {s.max_redirects} redirects", url)

    def fetch_many(self, urls: Sequence[str]) -> list[Page | InputError]:
        """Pages of ``urls`` in order, fetched ``concurrency`` at a time; a failed URL gives
        its InputError in its place."""

        def one(url: str) -> Page | InputError:
            try:
                return self.fetch(url)
            except InputError as exc:
                return exc

        if len(urls) <= 1:
            return [one(u) for u in urls]
        with ThreadPoolExecutor(max_workers=min(self.settings.concurrency, len(urls))) as pool:
            return list(pool.map(one, urls))
