"""Mixed inputs -> one Story: text files, HTML files, URLs, URL lists and RSS/Atom feeds.

- a directory: its ``.txt``, ``.html`` and ``.htm`` files;
- ``.html``/``.htm``: a saved page (trafilatura);
- ``.xml``/``.rss``/``.atom``, or a fetched feed: the pages its items link to;
- ``.txt``: a list of URLs when every non-blank line is one, else an article's text;
- ``http(s)://...``: fetched (``url.Fetcher``), then read as a page or a feed.

A URL or page that fails is logged as one line and left out; the story is made of the rest.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from newsfuse.errors import InputError, MissingPathError
from newsfuse.load.html import article_from_html
from newsfuse.load.text import decode_text, make_article, read_text_file
from newsfuse.load.url import Fetcher, Page, is_url
from newsfuse.models import Article, Story

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
_FEED_ROOT = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*"
    rb"(<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b",
    re.DOTALL,
)


def feed_links(content: bytes, where: str | None = None) -> list[str] | None:
    """The item links of an RSS or Atom feed, or None when ``content`` is not a feed.

    Raises:
        InputError: the feed declares XML entities (an entity bomb, or an external entity
            reaching for local files); no feed needs them, so none is read.
    """
    if not _FEED_ROOT.match(content[:4096]):
        return None
    if b"<!ENTITY" in content:
        raise InputError("feed declares XML entities: not read", where)
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError:
        return None
    links = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "item":  # RSS
            link = next((c.text for c in element if c.tag.rsplit("}", 1)[-1] == "link"), None)
            if link and link.strip():
                links.append(link.strip())
        elif tag == "entry":  # Atom
            for child in element:
                if (
                    child.tag.rsplit("}", 1)[-1] == "link"
                    and child.get("rel", "alternate") == "alternate"
                ):
                    if child.get("href"):
                        links.append(child.get("href", "").strip())
                    break
    return links


def _url_list(text: str) -> list[str] | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines if lines and all(is_url(line) for line in lines) else None


class _Collector:
    def __init__(self, fetcher: Fetcher | None) -> None:
        self.fetcher = fetcher
        self.articles: list[Article] = []
        self.errors: list[InputError] = []
        self.urls: list[str] = []

    def fail(self, error: InputError) -> None:
        log.warning("%s", error)
        self.errors.append(error)

    def add_file(self, path: Path, strict: bool) -> None:
        suffix = path.suffix.lower()
        try:
            if suffix in HTML_SUFFIXES:
                data = path.read_bytes()
                decode_text(data, str(path))  # empty or binary: the same message as text
                self.articles.append(article_from_html(data, origin=str(path)))
                return
            if suffix in FEED_SUFFIXES:
                links = feed_links(path.read_bytes(), str(path))
                if links is None:
                    raise InputError("not an RSS or Atom feed", str(path))
                self.urls.extend(links)
                return
            text = read_text_file(path)
        except InputError as exc:
            if strict:
                raise
            self.fail(exc)
            return
        urls = _url_list(text)
        if urls is not None:
            self.urls.extend(urls)
        else:
            self.articles.append(make_article(text, origin=str(path), name_hint=path.stem))

    def add_pages(self, pages: Sequence[Page | InputError], follow_feeds: bool) -> None:
        feeds: list[str] = []
        for page in pages:
            if isinstance(page, InputError):
                self.fail(page)
                continue
            try:
                links = feed_links(page.content, page.requested) if follow_feeds else None
                if links is not None:
                    feeds.extend(links)
                elif page.content_type == "text/plain":
                    self.articles.append(
                        make_article(
                            decode_text(page.content, page.url), url=page.url, origin=page.url
                        )
                    )
                else:
                    self.articles.append(
                        article_from_html(page.content, url=page.url, origin=page.requested)
                    )
            except InputError as exc:
                self.fail(exc)
        if feeds:
            self.add_pages(self._fetcher().fetch_many(feeds), follow_feeds=False)

    def _fetcher(self) -> Fetcher:
        if self.fetcher is None:
            self.fetcher = Fetcher()
        return self.fetcher


def load_inputs(
    items: Sequence[str | Path],
    *,
    fetcher: Fetcher | None = None,
    story_id: str | None = None,
    since: Sequence[str | Path] = (),
) -> Story:
    """Files, directories and URLs -> one Story (see the module docstring).

    Args:
        since: files, directories and URLs of the reports already read: they join the story
            and their ids make its ``since`` (an update brief tells what ``items`` add).

    Raises:
        MissingPathError: a named path does not exist.
        InputError: a named file is unusable, or no article at all could be read.
    """
    if since:
        read = _collect(since, fetcher)
        story = load_inputs(items, fetcher=fetcher, story_id=story_id)
        articles = _unique_ids([*read, *story.articles])
        return Story(
            id=story.id,
            articles=tuple(articles),
            since=tuple(a.id for a in articles[: len(read)]),
        )
    collector = _Collector(fetcher)
    articles = _collect(items, fetcher, collector)
    if story_id is None:
        first = Path(str(items[0])) if items and not is_url(str(items[0])) else None
        story_id = (first.resolve().name if first.is_dir() else first.stem) if first else "story"
    return Story(id=story_id, articles=tuple(articles))


def _collect(
    items: Sequence[str | Path], fetcher: Fetcher | None, collector: _Collector | None = None
) -> list[Article]:
    """The articles of ``items``, with readable unique ids."""
    collector = collector or _Collector(fetcher)
    for item in items:
        text = str(item)
        if is_url(text):
            collector.urls.append(text)
            continue
        path = Path(item)
        if path.is_dir():
            members = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in (".txt", ".text", *HTML_SUFFIXES)
            )
            if not members:
                raise InputError("no .txt or .html files in directory", str(path))
            for member in members:
                collector.add_file(member, strict=False)
        elif path.exists():
            collector.add_file(path, strict=True)
        else:
            raise MissingPathError("no such file or directory", str(path))
    if collector.urls:
        collector.add_pages(collector._fetcher().fetch_many(collector.urls), follow_feeds=True)
    if not collector.articles:
        reason = f": {collector.errors[0]}" if collector.errors else ""
        raise InputError(f"no article could be read{reason}")
    return _unique_ids(collector.articles)


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Readable ids: the file's stem, or the page's host; a repeat gets ``-2``, ``-3``..."""
    seen: dict[str, int] = {}
    out = []
    for article in articles:
        if article.origin and is_url(article.origin):
            base = re.sub(r"^www\.", "", urlsplit(article.origin).hostname or article.id)
        elif article.origin:
            base = Path(article.origin).stem
        else:
            base = article.id
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(replace(article, id=base if count == 0 else f"{base}-{count + 1}"))
    return out


def load_story(paths: Sequence[str | Path], story_id: str | None = None) -> Story:
    """Files, directories and URLs -> one Story, fetching with the default settings.

    A file the user named must be usable; a file found inside a directory that is empty or
    binary is skipped with a warning.
    """
    if not paths:
        raise InputError("no input given")
    with Fetcher() as fetcher:
        return load_inputs(paths, fetcher=fetcher, story_id=story_id)
