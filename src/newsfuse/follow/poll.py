"""Polling: one feed -> its entries (conditionally, politely); one entry -> its article.

Feeds are fetched with the project's fetcher (private-address rule, size caps, time-outs)
sending the last ETag / Last-Modified (a 304 costs nothing); a local feed file is "not
modified" while its modification time is unchanged. feedparser reads the bytes, never the
network. Every host gets at most ``per_host`` connections at once and ``delay`` seconds
between the starts of two requests (:class:`HostGate`). An entry's page is fetched and
extracted as ``newsfuse summarize`` does; a page that fails leaves the entry's own summary
or content when that has at least ``MIN_SUMMARY_WORDS`` words.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsfuse.errors import InputError, MissingExtraError
from newsfuse.follow.feedlist import feed_files
from newsfuse.load.html import article_from_html
from newsfuse.load.outlets import recognise_outlet
from newsfuse.load.text import decode_text, make_article, read_text_file
from newsfuse.load.url import Fetcher, HTTPStatusError, is_url
from newsfuse.models import Article

MIN_SUMMARY_WORDS = 60  # an entry summary this long stands in for a page that failed
MAX_ENTRIES_PER_FEED = 500  # a feed listing more is read up to here
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote)\b[^>]*>", re.IGNORECASE)


class HostGate:
    """At most ``per_host`` requests to one host at once, starts ``delay`` seconds apart."""

    def __init__(self, per_host: int = 2, delay: float = 1.0) -> None:
        self.per_host = per_host
        self.delay = delay
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Semaphore, list[float]]] = {}

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            semaphore, next_start = self._hosts.setdefault(
                host, (threading.Semaphore(self.per_host), [0.0])
            )
        with semaphore:
            with self._lock:
                now = time.monotonic()
                wait = max(0.0, next_start[0] - now)
                next_start[0] = max(now, next_start[0]) + self.delay
            if wait:
                time.sleep(wait)
            yield


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry, as the feed gives it."""

    guid: str | None
    link: str | None  # an http(s) URL or an absolute local path
    title: str | None
    summary: str  # the entry's content or summary, as plain text
    published: str | None  # ISO date
    source: str | None  # the outlet the entry names (RSS <source>), else the feed's title


@dataclass(frozen=True, slots=True)
class FeedFetch:
    """A feed's poll: 'ok' with its entries, 'not-modified', or 'error'."""

    status: str
    entries: tuple[Entry, ...] = ()
    title: str | None = None
    etag: str | None = None
    modified: str | None = None
    error: str | None = None
    retry_after: float | None = None


def fetch_feed(
    url: str, fetcher: Fetcher, gate: HostGate, etag: str | None, modified: str | None
) -> FeedFetch:
    """Poll one feed (a URL, a local feed file or a folder of them); never raises for what
    the feed or its server does wrong: that is an 'error' FeedFetch."""
    try:
        if is_url(url):
            with gate.slot(url):
                page = fetcher.fetch_feed(url, etag, modified)
            if page.status == 304:
                return FeedFetch("not-modified", etag=etag, modified=modified)
            return _parsed([(page.content, page.url)], page.etag, page.last_modified)
        path = Path(url)
        files = feed_files(path) if path.is_dir() else [path]
        stamp = ",".join(str(p.stat().st_mtime_ns) for p in files)
        if modified == stamp:
            return FeedFetch("not-modified", modified=modified)
        return _parsed([(p.read_bytes(), str(p)) for p in files], None, stamp)
    except HTTPStatusError as exc:
        return FeedFetch("error", error=str(exc), retry_after=exc.retry_after)
    except InputError as exc:
        return FeedFetch("error", error=str(exc))
    except OSError as exc:
        return FeedFetch("error", error=f"{url}: {exc.strerror or exc}")


def _parsed(
    documents: list[tuple[bytes, str]], etag: str | None, modified: str | None
) -> FeedFetch:
    try:
        import feedparser
    except ImportError:
        raise MissingExtraError("web", "newsfuse watch") from None
    entries: list[Entry] = []
    title = None
    for content, where in documents:
        if b"<!ENTITY" in content[:65536]:
            raise InputError("feed declares XML entities: not read", where)
        # a URL is the base of the feed's relative links; a local feed's are read below
        headers = {"content-location": where} if is_url(where) else {}
        parsed: Any = feedparser.parse(content, response_headers=headers)
        if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):
            raise InputError("not an RSS or Atom feed", where)
        title = title or parsed.feed.get("title")
        base = None if is_url(where) else Path(where).parent
        for item in parsed.entries[:MAX_ENTRIES_PER_FEED]:
            entries.append(_entry(item, base, parsed.feed.get("title")))
    return FeedFetch("ok", tuple(entries), title, etag, modified)


def _entry(item: Any, base: Path | None, feed_title: str | None) -> Entry:
    link = (item.get("link") or "").strip() or None
    if link and base is not None and not is_url(link):
        link = _local_link(link, base)
    content = item.get("content") or []
    body = (content[0].get("value") if content else None) or item.get("summary") or ""
    when = item.get("published_parsed") or item.get("updated_parsed")
    source = (item.get("source") or {}).get("title") or feed_title
    return Entry(
        guid=(item.get("id") or "").strip() or None,
        link=link,
        title=(item.get("title") or "").strip() or None,
        summary=plain_text(body),
        published=time.strftime("%Y-%m-%d", when) if when else None,
        source=source,
    )


def _local_link(link: str, base: Path) -> str:
    """A local feed's link as an absolute path: ``file:`` URLs and paths relative to the feed."""
    if link.startswith("file:"):  # feedparser gives file:///a/b as file://a/b
        path = unquote(link[5:]).lstrip("/").removeprefix("localhost/")
        return str(Path("/" + path).resolve())
    if "://" in link:  # a remote link in a local feed: fetched as a URL
        return link
    return str((base / unquote(link)).resolve())


def plain_text(markup: str) -> str:
    """HTML of a feed summary as text: blocks on their own lines, tags gone, entities read."""
    text = _TAG.sub("", _BLOCK.sub("\n", markup))
    lines = (" ".join(html.unescape(line).split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def entry_article(entry: Entry, fetcher: Fetcher, gate: HostGate, article_id: str) -> Article:
    """The article an entry links to, extracted as `summarize` does; when the page fails,
    the entry's own text if it is long enough.

    Raises:
        InputError: no page and too short a summary (the page's error says why).
    """
    try:
        article = _page_article(entry, fetcher, gate)
    except InputError:
        if len(entry.summary.split()) < MIN_SUMMARY_WORDS:
            raise
        article = make_article(
            entry.summary,
            outlet=entry.source,
            title=entry.title,
            url=entry.link if entry.link and is_url(entry.link) else None,
            published=entry.published,
            origin=entry.link or entry.guid or "",
        )
        article = replace(article, source_format="feed")  # the feed's text stands in
    return replace(
        article,
        id=article_id,
        title=article.title or entry.title,
        published=article.published or entry.published,
        outlet=article.outlet or entry.source,
    )


def _page_article(entry: Entry, fetcher: Fetcher, gate: HostGate) -> Article:
    link = entry.link
    if not link:
        raise InputError("entry has no link", entry.guid)
    if is_url(link):
        with gate.slot(link):
            page = fetcher.fetch(link)
        if page.content_type == "text/plain":
            text = decode_text(page.content, page.url)
            return make_article(
                text,
                outlet=recognise_outlet(text) or entry.source,
                url=page.url,
                origin=link,
            )
        return article_from_html(page.content, url=page.url, origin=link)
    path = Path(link)
    if path.suffix.lower() in (".html", ".htm"):
        try:
            return article_from_html(path.read_bytes(), origin=link)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", link) from None
    text = read_text_file(path)
    return make_article(text, outlet=recognise_outlet(text) or entry.source, origin=link)
