"""Story lines -> Stories: JSONL story objects and Multi-News source lines.

JSONL (one story per line)::

    {"id": str, "articles": [{"id": str, "text": str, "source"?: str, "url"?: str,
                              "title"?: str, "published"?: str}],
     "since"?: [article ids already read], "query"?: str}

An article may give ``html`` (a page) or only ``url`` (fetched) instead of ``text``.
``since`` makes an update brief (what the other articles add to those), ``query`` a
query-focused one.

Multi-News (one story per line): documents separated by ``|||||``, newlines written as
``NEWLINE_CHAR`` (the dataset's ``.src`` files); the HF form with real newlines also works.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from newsfuse.errors import InputError
from newsfuse.load.html import article_from_html
from newsfuse.load.text import make_article
from newsfuse.load.url import Fetcher
from newsfuse.models import Article, Story

MULTINEWS_SEPARATOR = "|||||"
MULTINEWS_NEWLINE = "NEWLINE_CHAR"
_ARTICLE_KEYS = frozenset({"id", "text", "source", "url", "title", "published"})


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"`{key}` must be a string; got {type(value).__name__}", where)
    return value.strip() or None


def story_from_json(record: Any, where: str, fetcher: Fetcher | None = None) -> Story:
    """A decoded JSON story object -> Story.

    An article gives its ``text``, or its page as ``html``, or only its ``url`` (fetched with
    ``fetcher``; without one, such an article is an error). Articles with empty text are
    skipped.
    """
    if not isinstance(record, dict):
        raise InputError(f"a story must be a JSON object; got {type(record).__name__}", where)
    story_id = record.get("id")
    if not isinstance(story_id, str | int) or isinstance(story_id, bool) or str(story_id) == "":
        raise InputError("story needs an `id` (string)", where)
    story_id = str(story_id)
    raw_articles = record.get("articles")
    if not isinstance(raw_articles, list) or not raw_articles:
        raise InputError(f"story {story_id!r} needs a non-empty `articles` list", where)
    articles: list[Article] = []
    seen: set[str] = set()
    for n, item in enumerate(raw_articles, start=1):
        here = f"{where} article {n}"
        if not isinstance(item, dict):
            raise InputError("an article must be a JSON object", here)
        article_id = str(item.get("id") or f"a{n}")
        if article_id in seen:
            article_id = f"{article_id}-{n}"
        text, html, url = item.get("text"), item.get("html"), _optional_str(item, "url", here)
        outlet = _optional_str(item, "source", here)
        if isinstance(text, str):
            if not text.strip():
                continue
            article = make_article(
                text,
                article_id=article_id,
                outlet=outlet,
                title=_optional_str(item, "title", here),
                url=url,
                published=_optional_str(item, "published", here),
                origin=here,
            )
        elif isinstance(html, str):
            article = article_from_html(
                html, url=url, origin=here, article_id=article_id, outlet=outlet
            )
        elif url is not None:
            if fetcher is None:
                raise InputError("article has only a `url` and fetching is off", here)
            page = fetcher.fetch(url)
            article = article_from_html(
                page.content, url=page.url, origin=here, article_id=article_id, outlet=outlet
            )
        else:
            raise InputError("article needs `text`, `html` or `url`", here)
        seen.add(article_id)
        articles.append(article)
    if not articles:
        raise InputError(f"story {story_id!r} has no article with text", where)
    since = record.get("since")
    if since is None:
        since = []
    if not isinstance(since, list) or not all(isinstance(a, str | int) for a in since):
        raise InputError("`since` must be a list of article ids", where)
    ids = {a.id for a in articles}
    for article_id in map(str, since):
        if article_id not in ids:
            raise InputError(
                f"`since` names {article_id!r}, which is not an article of the story", where
            )
    query = _optional_str(record, "query", where)
    return Story(id=story_id, articles=tuple(articles), since=tuple(map(str, since)), query=query)


def story_from_multinews(document: str, story_id: str, where: str = "") -> Story:
    """One Multi-News source entry -> Story, one Article per ``|||||``-separated document."""
    document = document.replace(MULTINEWS_NEWLINE, "\n")
    articles = []
    for n, part in enumerate(document.split(MULTINEWS_SEPARATOR), start=1):
        if part.strip():
            articles.append(
                make_article(part.strip("\n"), article_id=f"d{n}", origin=f"{where} document {n}")
            )
    if not articles:
        raise InputError("story has no document with text", where or None)
    return Story(id=story_id, articles=tuple(articles))


LineFormat = Literal["json", "multinews"]


def line_format(path: str, first_line: str) -> LineFormat:
    """The story-line format of a file: JSON for .json/.jsonl files and for files whose first
    line is a JSON object, else Multi-News (one format per file, so that a broken JSON line
    is reported as broken, not read as a document)."""
    if path.lower().endswith((".json", ".jsonl", ".jsonl.gz", ".ndjson")):
        return "json"
    return "json" if first_line.lstrip().startswith("{") else "multinews"


def parse_story_line(
    line: str, line_no: int, origin: str, fmt: LineFormat = "json", fetcher: Fetcher | None = None
) -> Story:
    """One input line (a JSON story object, or a Multi-News entry) -> Story.

    Raises:
        InputError: the line is not a usable story; ``where`` is ``origin:line_no``.
    """
    where = f"{origin}:{line_no}"
    stripped = line.strip()
    if not stripped:
        raise InputError("empty line", where)
    if fmt == "json":
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"bad JSON: {exc.msg} at column {exc.colno}", where) from None
        return story_from_json(record, where, fetcher)
    return story_from_multinews(stripped, story_id=f"line-{line_no}", where=where)


def story_id_hint(line: str, line_no: int) -> str:
    """The id to report for a line that failed to parse: its `id` if readable, else line-N."""
    try:
        record = json.loads(line)
        if isinstance(record, dict) and isinstance(record.get("id"), str | int):
            return str(record["id"])
    except (json.JSONDecodeError, RecursionError):
        pass
    return f"line-{line_no}"
