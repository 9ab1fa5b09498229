"""Batch: a file of story lines -> a file of brief lines, streamed in-process.

Each input line (a JSONL story or a Multi-News entry) gives one output line: the brief's JSON
object, or ``{"id", "error"}`` when that story failed. Lines are read, summarised and written
one at a time and flushed at once, so memory stays flat and a crash loses nothing already
written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from newsfuse.errors import NewsfuseError
from newsfuse.load.jsonl import LineFormat, line_format, parse_story_line, story_id_hint
from newsfuse.load.url import Fetcher
from newsfuse.pipeline import Pipeline
from newsfuse.render.json import brief_to_dict

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BatchReport:
    done: int
    failed: int

    @property
    def total(self) -> int:
        return self.done + self.failed


def summarize_line(
    pipeline: Pipeline,
    line: str,
    line_no: int,
    origin: str,
    words: int,
    fmt: LineFormat = "json",
    fetcher: Fetcher | None = None,
) -> dict[str, Any]:
    """One input line -> its output record; never raises for a bad story.

    This is the one place that catches every exception: a bug in one story must not stop
    thousands of others. Its traceback is logged at DEBUG.
    """
    try:
        story = parse_story_line(line, line_no, origin, fmt, fetcher)
        return brief_to_dict(pipeline.run(story, words=words))
    except NewsfuseError as exc:
        return {"id": story_id_hint(line, line_no), "error": str(exc)}
    except Exception as exc:
        log.debug("story on line %d failed", line_no, exc_info=True)
        return {
            "id": story_id_hint(line, line_no),
            "error": f"{origin}:{line_no}: internal error {type(exc).__name__}: {exc}",
        }


def run_batch(
    lines: Iterable[tuple[int, str]],
    out: IO[str],
    pipeline: Pipeline,
    *,
    words: int,
    origin: str,
    on_item: Callable[[dict[str, Any]], None] | None = None,
) -> BatchReport:
    """Summarise every line and write one JSON line per story to ``out`` as it finishes.

    The line format (JSON stories or Multi-News entries) is decided once, from ``origin``'s
    name and the first line.
    """
    done = failed = 0
    fmt: LineFormat | None = None
    with Fetcher(pipeline.settings.fetch) as fetcher:  # for articles given only by URL
        for line_no, line in lines:
            if fmt is None:
                fmt = line_format(origin, line)
            record = summarize_line(pipeline, line, line_no, origin, words, fmt, fetcher)
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
            if "error" in record:
                failed += 1
                log.warning("%s", record["error"])
            else:
                done += 1
            if on_item is not None:
                on_item(record)
    return BatchReport(done=done, failed=failed)


__all__ = ["BatchReport", "run_batch", "summarize_line"]
