"""Watching: poll the store's feeds, place each new article in a story, keep briefs fresh.

One poll (:meth:`Watcher.poll`):

1. the feeds that are due (not backing off after errors; at most ``max_feeds``, those
   polled longest ago first) are fetched, several at once, politely (:mod:`.poll`);
2. their entries not seen before (by the feed's guid, by link, by canonical URL, in the
   store and within the poll) are fetched and extracted, at most ``max_new``, in the order
   of the dates the feeds give (undated entries first, in feed order);
   a feed whose entries did not all fit keeps no validators, so the next poll reads it whole;
3. each article joins a story through the :class:`StoryIndex`; every ``batch`` articles,
   the articles, their entries and the index are written in one transaction, so a kill
   loses at most the batch in progress and the next run fetches it again, never twice;
4. the poll's outcome is stored per feed (status, error, back-off: ``backoff`` seconds
   doubled per error in a row, at most ``max_backoff``, or the server's ``Retry-After``);
5. the brief of every story that changed is computed and stored (the default words), and
   of any story left without one (a run killed before this step);
6. with ``keep``, stories whose last report arrived longer ago are pruned.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newsfuse.errors import ConfigError, InputError
from newsfuse.follow.poll import Entry, FeedFetch, HostGate, entry_article, fetch_feed
from newsfuse.load.text import stable_id
from newsfuse.load.url import Fetcher
from newsfuse.models import Article
from newsfuse.stories import StoryIndex
from newsfuse.web.feedstore import EntryRecord, FeedState, PollRecord
from newsfuse.web.store import Store

log = logging.getLogger(__name__)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str, option: str) -> timedelta:
    """``90s``, ``15m``, ``2h``, ``30d``, ``1w`` (a bare number: seconds).

    Raises:
        ConfigError: not such a duration.
    """
    match = _DURATION.match(text)
    if not match:
        raise ConfigError(f"`{option}` must be a duration like 30s, 15m, 2h or 30d; got {text!r}")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


@dataclass(frozen=True, slots=True)
class WatchOptions:
    max_feeds: int | None = None  # feeds polled per poll
    max_new: int | None = 1000  # new articles per poll
    keep: timedelta | None = None  # prune stories whose last report is older
    words: int | None = None  # briefs kept fresh (None: the settings' words)
    batch: int = 100  # articles written per transaction (with the whole index: not too few)
    per_host: int = 2  # connections to one host at once
    delay: float = 1.0  # seconds between two requests to one host
    concurrency: int = 8  # feeds and pages fetched at once
    backoff: float = 60.0  # seconds after the first error, doubled for each next one
    max_backoff: float = 6 * 3600.0
    briefs: bool = True  # recompute changed stories' briefs after a poll


@dataclass
class PollSummary:
    feeds: int = 0
    not_modified: int = 0
    feed_errors: int = 0
    entries: int = 0  # new entries read
    articles: int = 0  # articles placed in stories
    failed: int = 0  # entries that gave no article
    duplicates: int = 0  # entries already seen under another link or canonical URL
    deferred: int = 0  # new entries left for the next poll (max_new)
    stories: set[str] = field(default_factory=set)  # stories changed
    briefs: int = 0
    pruned: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.feeds} feeds polled ({self.not_modified} not modified, "
            f"{self.feed_errors} errors), {self.articles} new articles"
            + (f" ({self.failed} entries failed)" if self.failed else "")
            + (f", {self.deferred} left for the next poll" if self.deferred else "")
            + f", {len(self.stories)} stories changed"
            + (f", {self.pruned} pruned" if self.pruned else "")
            + f" in {self.seconds:.1f} s"
        )


@dataclass(frozen=True, slots=True)
class _New:
    feed: FeedState
    entry: Entry
    key: str  # the article's id in the story index


class Watcher:
    """Polls the feeds of ``store`` into its stories (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        options: WatchOptions | None = None,
        *,
        on_article: Callable[[str, str], None] | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.options = options or WatchOptions()
        self.gate = HostGate(self.options.per_host, self.options.delay)
        self.on_article = on_article  # called with (entry link, story id) once stored
        self.index = self._load_index()

    def _load_index(self) -> StoryIndex:
        state = self.store.story_index_state()
        return StoryIndex() if state is None else StoryIndex.from_bytes(state, where="store")

    def poll(self, stop: threading.Event | None = None) -> PollSummary:
        """One poll of every due feed; ``stop`` (set from another thread) ends it after the
        batch in progress."""
        started = time.monotonic()
        summary = PollSummary()
        feeds = self.store.due_feeds(datetime.now(UTC), self.options.max_feeds)
        summary.feeds = len(feeds)
        pool = ThreadPoolExecutor(max_workers=self.options.concurrency)
        try:
            fetched = list(pool.map(self._fetch_feed, feeds))
            new, deferred_feeds = self._new_entries(feeds, fetched, summary)
            self._place(new, pool, summary, stop)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        self.store.record_polls(
            [
                (f.id, self._poll_record(f, r, deferred_feeds))
                for f, r in zip(feeds, fetched, strict=True)
            ]
        )
        for result in fetched:
            summary.not_modified += result.status == "not-modified"
            summary.feed_errors += result.status == "error"
            if result.status == "error":
                log.warning("%s", result.error)
        if self.options.briefs:
            summary.briefs = self._refresh_briefs(summary.stories, stop)
        if self.options.keep is not None:
            summary.pruned = self.store.prune_stories(datetime.now(UTC) - self.options.keep)
        summary.seconds = time.monotonic() - started
        return summary

    def _fetch_feed(self, feed: FeedState) -> FeedFetch:
        return fetch_feed(feed.url, self.fetcher, self.gate, feed.etag, feed.modified)

    def _poll_record(self, feed: FeedState, result: FeedFetch, deferred: set[int]) -> PollRecord:
        if result.status == "error":
            failures = feed.failures + 1
            wait = min(self.options.backoff * 2 ** (failures - 1), self.options.max_backoff)
            if result.retry_after is not None:
                wait = min(max(wait, result.retry_after), self.options.max_backoff * 4)
            return PollRecord(
                "error",
                error=result.error,
                next_poll=datetime.now(UTC) + timedelta(seconds=wait),
                failures=failures,
            )
        whole = feed.id not in deferred  # else: read it whole next time
        return PollRecord(
            result.status,
            title=result.title,
            etag=result.etag if whole else None,
            modified=result.modified if whole else None,
        )

    def _new_entries(
        self, feeds: Sequence[FeedState], fetched: Sequence[FeedFetch], summary: PollSummary
    ) -> tuple[list[_New], set[int]]:
        """The entries never seen, by date, at most ``max_new``; and the feeds some of whose
        entries were left for the next poll."""
        new: list[_New] = []
        seen_keys: set[str] = set()
        for feed, result in zip(feeds, fetched, strict=True):
            if result.status != "ok":
                continue
            guids = {e.guid for e in result.entries if e.guid}
            links = {e.link for e in result.entries if e.link}
            old_guids, old_links = self.store.seen_entries(feed.id, guids, links)
            for entry in result.entries:
                if (entry.guid and entry.guid in old_guids) or (
                    entry.link and entry.link in old_links
                ):
                    continue
                key = "e" + stable_id(entry.link or f"{feed.url}#{entry.guid or entry.title}")
                if key in seen_keys or key in self.index:
                    continue  # twice in this poll, or placed before and since pruned
                seen_keys.add(key)
                new.append(_New(feed, entry, key))
        new.sort(key=lambda n: n.entry.published or "")  # stable: feed order within a day
        summary.entries = len(new)
        limit = self.options.max_new
        if limit is not None and len(new) > limit:
            summary.deferred = len(new) - limit
            deferred = {n.feed.id for n in new[limit:]}
            return new[:limit], deferred
        return new, set()

    def _place(
        self,
        new: list[_New],
        pool: ThreadPoolExecutor,
        summary: PollSummary,
        stop: threading.Event | None,
    ) -> None:
        futures: list[Future[Article]] = [
            pool.submit(entry_article, n.entry, self.fetcher, self.gate, n.key) for n in new
        ]
        batch: list[EntryRecord] = []
        placed: set[str] = set()  # links and canonical URLs of this poll's articles
        for item, future in zip(new, futures, strict=True):
            if stop is not None and stop.is_set():
                break
            feed_id, entry = item.feed.id, item.entry
            try:
                article = future.result()
            except InputError as exc:
                summary.failed += 1
                log.warning("%s", exc)
                batch.append(EntryRecord(feed_id, entry.guid, entry.link, error=str(exc)))
                continue
            canonical = article.url if article.url and article.url != entry.link else None
            urls = {u for u in (entry.link, canonical) if u}
            if urls & placed or (
                canonical and self.store.seen_entries(feed_id, (), {canonical})[1]
            ):  # the same page under another link
                summary.duplicates += 1
                batch.append(EntryRecord(feed_id, entry.guid, entry.link, canonical))
                continue
            placed |= urls
            try:
                story_id = self.index.add(article)
            except InputError as exc:  # nothing usable left after cleaning, say
                summary.failed += 1
                batch.append(EntryRecord(feed_id, entry.guid, entry.link, error=str(exc)))
                continue
            batch.append(EntryRecord(feed_id, entry.guid, entry.link, canonical, story_id, article))
            if sum(r.article is not None for r in batch) >= self.options.batch:
                self._write(batch, summary)
                batch = []
        if batch:
            self._write(batch, summary)

    def _write(self, batch: list[EntryRecord], summary: PollSummary) -> None:
        """One transaction: the batch's entries and articles with the index that placed them.
        If it fails the index is read back from the store, which holds none of the batch."""
        try:
            changed = self.store.record_entries(batch, self.index.to_bytes(compresslevel=1))
        except BaseException:
            self.index = self._load_index()
            raise
        summary.stories |= changed
        for record in batch:
            if record.article is not None and record.story_id is not None:
                summary.articles += 1
                if self.on_article is not None:
                    self.on_article(record.link or "", record.story_id)

    def _refresh_briefs(self, stories: set[str], stop: threading.Event | None) -> int:
        words = self.options.words or self.store.settings.words
        done = 0
        # and those a killed run placed without briefing them
        missing = set(self.store.stories_without_brief(words)) - stories
        for story_id in [*sorted(stories), *sorted(missing)]:
            if stop is not None and stop.is_set():
                break
            try:
                if self.store.brief(story_id, words) is not None:
                    done += 1
            except InputError as exc:
                log.info("story %s: no brief: %s", story_id, exc)
        return done


def watch_loop(
    watcher: Watcher,
    every: timedelta | None,
    on_poll: Callable[[int, PollSummary], None],
    stop: threading.Event | None = None,
) -> int:
    """Poll once (``every`` None), or every ``every`` until ``stop`` is set; the number of
    polls. A poll that takes longer than ``every`` is followed by the next at once."""
    polls = 0
    while True:
        started = time.monotonic()
        summary = watcher.poll(stop)
        polls += 1
        on_poll(polls, summary)
        if every is None or (stop is not None and stop.is_set()):
            return polls
        wait = every.total_seconds() - (time.monotonic() - started)
        if wait > 0:
            if stop is None:
                time.sleep(wait)
            elif stop.wait(wait):
                return polls
