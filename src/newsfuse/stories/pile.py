"""A pile of articles in, story lines out: what ``newsfuse cluster`` does.

Inputs: article JSONL lines ``{"id", "text", "title"?, "source"?, "url"?, "published"?}``
(plain or gzip; an article may give ``html`` or only ``url`` instead of ``text``, as in a
story line), story lines ``{"id", "articles": [...]}`` (their articles are read one by
one), and everything ``newsfuse summarize`` reads (text and HTML files, directories, URLs,
feeds). Output: one story a line, ``{"id", "articles": [...], "copies"?: [[...]]}``, the
article records exactly as read, which ``newsfuse batch`` reads as it is.

An article that cannot be used (no text, nothing left after cleaning, a bad JSON line) is a
failure with its reason; the rest go on. Two articles with one id stop the run with an error
naming the id.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from newsfuse.batchio import read_records
from newsfuse.errors import InputError, MissingPathError
from newsfuse.load.inputs import load_inputs
from newsfuse.load.jsonl import story_from_json
from newsfuse.load.url import Fetcher, is_url
from newsfuse.models import Article
from newsfuse.stories.cluster import time_order
from newsfuse.stories.index import StoryIndex
from newsfuse.stories.signals import RawSignals, read_article

log = logging.getLogger(__name__)

_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".ndjson", ".ndjson.gz", ".json.gz")


@dataclass
class PileReport:
    articles: int = 0
    stories: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id or place, why)


@dataclass(frozen=True, slots=True)
class _Item:
    record: dict[str, Any]  # written out unchanged
    article: Article


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith(_JSONL_SUFFIXES)


def _article_from_record(record: Any, where: str, fetcher: Fetcher | None) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"an article must be a JSON object; got {type(record).__name__}", where)
    article_id = record.get("id")
    if not isinstance(article_id, str | int) or isinstance(article_id, bool) or article_id == "":
        raise InputError("article needs an `id`", where)
    text = record.get("text")
    if isinstance(text, str) and not text.strip():
        raise InputError("article has no text", where)
    if text is not None and not isinstance(text, str):
        raise InputError(f"`text` must be a string; got {type(text).__name__}", where)
    article = story_from_json({"id": "pile", "articles": [record]}, where, fetcher).articles[0]
    return replace(article, id=str(article_id))


def _failure_id(record: Any, fallback: str) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str | int):
        return str(record["id"])
    return fallback


def read_pile(
    inputs: Sequence[str], fetcher: Fetcher | None, failed: list[tuple[str, str]]
) -> Iterator[_Item]:
    """Every article of ``inputs``; unusable ones are appended to ``failed``."""
    for name in inputs:
        if not is_url(name) and _is_jsonl(name):
            path = Path(name)
            if not path.exists():
                raise MissingPathError("no such file", name)
            for line_no, line in read_records(path):
                where = f"{name}:{line_no}"
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    failed.append((f"line-{line_no}", f"{where}: bad JSON: {exc}"))
                    continue
                is_story = isinstance(record, dict) and isinstance(record.get("articles"), list)
                records = record["articles"] if is_story else [record]
                for n, item in enumerate(records, start=1):
                    here = f"{where} article {n}" if is_story else where
                    try:
                        article = _article_from_record(item, here, fetcher)
                    except InputError as exc:
                        failed.append((_failure_id(item, f"line-{line_no}"), str(exc)))
                        continue
                    yield _Item(item, article)
        else:
            story = load_inputs([name], fetcher=fetcher)
            for article in story.articles:
                record = {"id": article.id, "text": article.text}
                for key, value in (
                    ("title", article.title),
                    ("source", article.outlet),
                    ("url", article.url),
                    ("published", article.published),
                ):
                    if value:
                        record[key] = value
                yield _Item(record, article)


def cluster_pile(
    inputs: Sequence[str],
    out: IO[str],
    *,
    assign: IO[str] | None = None,
    index: StoryIndex | None = None,
    fetcher: Fetcher | None = None,
    on_article: Callable[[], None] | None = None,
) -> tuple[PileReport, StoryIndex]:
    """Cluster the articles of ``inputs`` and write their stories to ``out``.

    With ``index`` (e.g. one loaded from a previous run), its stories are extended: articles
    it already holds keep their story. Raises InputError on a duplicate article id.
    """
    report = PileReport()
    index = index or StoryIndex()
    items: list[_Item] = []
    signals: list[RawSignals] = []
    where_seen: dict[str, int] = {}
    read_before: dict[int, tuple[str, RawSignals]] = {}
    for item in read_pile(inputs, fetcher, report.failed):
        article = item.article
        if article.id in where_seen:
            raise InputError(f"duplicate article id {article.id!r}")
        where_seen[article.id] = len(items)
        key = hash(article.text)
        known = read_before.get(key)
        if known is not None and known[0] == article.text:  # an exact copy: read once
            raw = replace(known[1], id=article.id)
        else:
            try:
                raw = read_article(article)
            except InputError as exc:
                report.failed.append((article.id, str(exc)))
                continue
            read_before[key] = (article.text, raw)
        items.append(item)
        signals.append(raw)
        if on_article is not None:
            on_article()
    for i in time_order(signals):
        if signals[i].id not in index:
            index.add_signals(signals[i])
    by_story: dict[str, list[int]] = {}
    for n, raw in enumerate(signals):
        by_story.setdefault(index.story_of(raw.id), []).append(n)
    for group in index.stories():
        members = by_story.get(group.id)
        if not members:
            continue
        present = {signals[n].id for n in members}
        line: dict[str, Any] = {"id": group.id, "articles": [items[n].record for n in members]}
        copies = [[a for a in c if a in present] for c in group.copies]
        copies = [c for c in copies if len(c) > 1]
        if copies:
            line["copies"] = copies
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        report.stories += 1
    report.articles = len(items)
    if assign is not None:
        for raw in signals:
            assign.write(json.dumps({"id": raw.id, "story": index.story_of(raw.id)}) + "\n")
        for article_id, reason in report.failed:
            assign.write(
                json.dumps({"id": article_id, "story": None, "error": reason}, ensure_ascii=False)
                + "\n"
            )
    for _, reason in report.failed:
        log.warning("%s", reason)
    return report, index
