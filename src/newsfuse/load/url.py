"""Fetching pages: URLs -> bytes, safely, with a cache, many at a time.

Each request: connect/read time-outs and a deadline for the whole fetch (``total_timeout``:
a server dripping a byte a second never trips a read time-out), a size cap on the
*decompressed* body (``max_bytes``: the body is streamed, decoded here in bounded steps, and
dropped past the cap, so a gzip or brotli bomb costs at most the cap), redirects followed by
hand (at most ``max_redirects``) so that every hop is checked, a clear User-Agent. Every host
a request would reach is resolved first and refused when any of its addresses is private,
loopback, link-local or otherwise not global, unless ``allow_private``. (A host that resolves
differently between the check and the connection is not caught: run a server behind an
egress proxy for that.)

Failures are ``InputError``\\ s naming the URL, one line each; ``fetch_many`` returns them in
place of the page, so that a story is summarised from the pages that came.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    status: int = 200  # 304: not modified since the validators sent (``fetch_feed``)
    etag: str | None = None
    last_modified: str | None = None


class HTTPStatusError(InputError):
    """The server answered with an error status; ``retry_after``: seconds it asked to wait."""

    def __init__(self, status: int, where: str, retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"HTTP {status}", where)


def retry_after_seconds(value: str | None) -> float | None:
    """A ``Retry-After`` header (seconds or an HTTP date) as seconds from now, or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    from datetime import UTC, datetime

    return max(0.0, (when - datetime.now(UTC)).total_seconds())


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


class _TooLarge(Exception):
    pass


class _Corrupt(Exception):
    pass


class _UnknownEncoding(Exception):
    pass


_RAW_CHUNK = 16_384  # compressed bytes decoded at a time


def _zlib_step(wbits: int) -> Callable[[bytes, int], bytes]:
    decoder = zlib.decompressobj(wbits)

    def step(data: bytes, room: int) -> bytes:
        out = decoder.decompress(data, room + 1)
        if len(out) > room:
            raise _TooLarge
        return out

    return step


def _deflate_step() -> Callable[[bytes, int], bytes]:
    """HTTP "deflate" is zlib-wrapped by the standard, raw deflate by some servers."""
    inner: Callable[[bytes, int], bytes] | None = None

    def step(data: bytes, room: int) -> bytes:
        nonlocal inner
        if inner is None:
            inner = _zlib_step(zlib.MAX_WBITS)
            try:
                return inner(data, room)
            except zlib.error:
                inner = _zlib_step(-zlib.MAX_WBITS)
        return inner(data, room)

    return step


def _brotli_step() -> Callable[[bytes, int], bytes]:
    import brotli

    decoder = brotli.Decompressor()

    limited = hasattr(decoder, "can_accept_more_data")  # brotli >= 1.2: an output limit

    def step(data: bytes, room: int) -> bytes:
        out = bytearray()
        chunk = data
        while True:
            try:
                if limited:
                    piece = decoder.process(chunk, output_buffer_limit=room + 1 - len(out))
                else:  # no limit: the small input chunks bound the output instead
                    piece = decoder.process(chunk)
            except brotli.error as exc:
                raise _Corrupt(str(exc)) from None
            out.extend(piece)
            if len(out) > room:
                raise _TooLarge
            chunk = b""
            if not limited or not piece or decoder.can_accept_more_data():
                return bytes(out)

    return step


def decoded_body(
    chunks: Iterable[bytes], content_encoding: str, max_bytes: int
) -> Iterator[bytes]:
    """The body of ``chunks`` (raw, as sent) decoded, never more than ``max_bytes`` of it.

    Raises:
        _TooLarge: the decoded body would pass ``max_bytes``.
        _Corrupt: the body is not in its declared encoding.
        _UnknownEncoding: an encoding newsfuse does not read.
    """
    steps: list[Callable[[bytes, int], bytes]] = []
    for name in reversed([e.strip().lower() for e in content_encoding.split(",") if e.strip()]):
        if name in ("gzip", "x-gzip"):
            steps.append(_zlib_step(zlib.MAX_WBITS | 16))
        elif name == "deflate":
            steps.append(_deflate_step())
        elif name == "br":
            steps.append(_brotli_step())
        elif name != "identity":
            raise _UnknownEncoding(name)
    produced = 0
    for raw in chunks:
        for start in range(0, len(raw), _RAW_CHUNK):
            data = raw[start : start + _RAW_CHUNK]
            for step in steps:
                try:
                    data = step(data, max_bytes - produced)
                except zlib.error as exc:
                    raise _Corrupt(str(exc)) from None
            produced += len(data)
            if produced > max_bytes:
                raise _TooLarge
            if data:
                yield data


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

    def fetch_feed(self, url: str, etag: str | None = None, modified: str | None = None) -> Page:
        """A feed, never from the cache, asked for conditionally: with ``etag`` or
        ``modified`` (the validators of the last fetch) an unchanged feed is a Page of status
        304 and no content.

        Raises:
            HTTPStatusError: an HTTP error status (``retry_after`` when the server gave one).
            InputError: refused, unreachable, timed out, too large, or not a page.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return self._fetch(url, headers)

    def _fetch(self, url: str, headers: dict[str, str] | None = None) -> Page:
        import httpx

        s = self.settings
        current = url
        deadline = time.monotonic() + s.total_timeout

        def in_time(chunks: Iterable[bytes]) -> Iterator[bytes]:
            for chunk in chunks:
                if time.monotonic() > deadline:
                    raise InputError(f"timed out (over {s.total_timeout:g} s in all)", url)
                yield chunk

        for _ in range(s.max_redirects + 1):
            try:
                _check_address(current, s.allow_private)
            except InputError as exc:
                if current == url:
                    raise
                raise InputError(f"redirected to {exc}", url) from None
            if time.monotonic() > deadline:
                raise InputError(f"timed out (over {s.total_timeout:g} s in all)", url)
            try:
                with self._http().stream("GET", current, headers=headers) as response:
                    etag = response.headers.get("etag")
                    last_modified = response.headers.get("last-modified")
                    if response.status_code == 304 and headers:
                        return Page(str(response.url), url, "", b"", 304, etag, last_modified)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError("redirect without a location", url)
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise HTTPStatusError(
                            response.status_code,
                            url,
                            retry_after_seconds(response.headers.get("retry-after")),
                        )
                    content_type = response.headers.get("content-type", "").split(";")[0].strip()
                    if content_type and content_type.lower() not in _PAGE_TYPES:
                        raise InputError(f"not a web page ({content_type})", url)
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > s.max_bytes:
                        raise InputError(f"page larger than {s.max_bytes:,} bytes", url)
                    body = bytearray()
                    encoding = response.headers.get("content-encoding", "")
                    raw = response.iter_raw()
                    if response.is_stream_consumed:  # a response made whole (mock transports)
                        encoding, raw = "", iter([response.content])
                    try:
                        for chunk in decoded_body(in_time(raw), encoding, s.max_bytes):
                            body.extend(chunk)
                    except _TooLarge:
                        raise InputError(f"page larger than {s.max_bytes:,} bytes", url) from None
                    except _Corrupt as exc:
                        raise InputError(f"corrupt {encoding} body: {exc}", url) from None
                    except _UnknownEncoding as exc:
                        raise InputError(f"unknown content encoding {exc}", url) from None
                    return Page(
                        str(response.url),
                        url,
                        content_type.lower(),
                        bytes(body),
                        response.status_code,
                        etag,
                        last_modified,
                    )
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
