"""What a request brings -> Articles: pasted texts, HTML, uploaded files and URLs.

Each item is checked against the app's limits before any work is done on it; URLs are fetched
together (``Fetcher.fetch_many``, with its private-address rule). A failing item fails the
request with a message naming it, so that nothing half-made is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsfuse.errors import InputError
from newsfuse.load import make_article
from newsfuse.load.html import article_from_html, looks_like_html
from newsfuse.load.inputs import feed_links
from newsfuse.load.text import decode_text
from newsfuse.load.url import Fetcher, is_url
from newsfuse.models import Article


@dataclass(frozen=True, slots=True)
class Limits:
    """What one request may bring. Over a limit: a 413 or 422 answer, never a slow server."""

    max_body_bytes: int = 8 * 2**20
    max_articles: int = 50  # per story, counting articles already stored
    max_article_chars: int = 1_000_000
    max_words: int = 2_000  # of a brief


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article of a request: exactly one of ``text``, ``html``, ``url``."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    where: str = "article"


def uploaded(filename: str, data: bytes, where: str) -> ArticleInput:
    """An uploaded file as an input: an HTML page or a text (UTF-8, else Windows-1252)."""
    text = decode_text(data, where)
    if filename.lower().endswith((".html", ".htm")) or looks_like_html(data):
        return ArticleInput(html=text, where=where)
    return ArticleInput(text=text, where=where)


def url_inputs(block: str) -> list[ArticleInput]:
    """One URL per non-blank line."""
    items = []
    for n, line in enumerate(block.splitlines(), start=1):
        url = line.strip()
        if not url:
            continue
        if not is_url(url):
            raise InputError("not an http(s) URL", f"URL line {n}")
        items.append(ArticleInput(url=url, where=url))
    return items


def _check_length(text: str, limits: Limits, where: str) -> None:
    if len(text) > limits.max_article_chars:
        raise InputError(f"article longer than {limits.max_article_chars:,} characters", where)


def check_limits(items: Sequence[ArticleInput], limits: Limits, already: int = 0) -> None:
    """Raises InputError when there are no items, too many, or one is too large."""
    if not items:
        raise InputError("no article given: paste a text, upload a file or give a URL")
    if already + len(items) > limits.max_articles:
        raise InputError(f"a story holds at most {limits.max_articles} articles")
    for item in items:
        given = [v for v in (item.text, item.html, item.url) if v is not None]
        if len(given) != 1:
            raise InputError("give exactly one of `text`, `html` or `url`", item.where)
        _check_length(given[0], limits, item.where)


def to_articles(
    items: Sequence[ArticleInput], fetcher: Fetcher, limits: Limits, already: int = 0
) -> list[Article]:
    """Articles (as loaded, not yet cleaned) from checked inputs.

    Raises:
        InputError: over a limit, an empty text, a page without article text, a URL that
            failed or was refused (the message names it).
    """
    check_limits(items, limits, already)
    pages = iter(fetcher.fetch_many([i.url for i in items if i.url is not None]))
    articles = []
    for item in items:
        if item.text is not None:
            if not item.text.strip():
                raise InputError("article has no text", item.where)
            articles.append(
                make_article(
                    item.text,
                    outlet=item.source,
                    title=item.title,
                    published=item.published,
                    origin=item.where,
                )
            )
            continue
        if item.html is not None:
            article = article_from_html(item.html, origin=item.where, outlet=item.source)
        else:
            page = next(pages)
            if isinstance(page, InputError):
                raise page
            if feed_links(page.content, item.url) is not None:
                raise InputError("a feed, not an article page: give its articles' URLs", item.url)
            article = article_from_html(
                page.content, url=page.url, origin=page.requested, outlet=item.source
            )
        if item.title or item.published:
            article = replace(
                article,
                title=item.title or article.title,
                published=item.published or article.published,
            )
        _check_length(article.text, limits, item.where)  # what a fetched page came to
        articles.append(article)
    return articles
