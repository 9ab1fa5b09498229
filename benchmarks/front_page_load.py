"""The front page under load: 32 concurrent readers while `newsfuse watch` writes to the same
SQLite file.

    python benchmarks/front_page_load.py [--seconds 60] [--readers 32] [--stories 2000]
    python benchmarks/front_page_load.py --direct --stories 1000   # the store's calls alone

1. A store is filled with ``--stories`` stories, each an article of
   examples/pile/articles.jsonl reported by 1 to 3 of eight outlets (copies), arrivals
   spread over two days, each with its stored brief (computed once per article and number of
   reports), written straight into the tables (cleaned text = the text) so that filling
   takes seconds; the search index (migration 0003's triggers) indexes them as any insert.
2. A loopback HTTP server serves 4 RSS feeds (one outlet each) over the 102 pile articles (each
   article in every feed, as HTML pages): 408 entries, revealed at an even pace over the
   first three quarters of the run.
3. `newsfuse serve --db FILE --workers 2` and `newsfuse watch FEEDS --db FILE --every 2s
   --delay 0 --allow-private` run as a user starts them (``--no-watch``: serve alone);
   ``--readers`` asyncio clients ask for the front page as fast as they get answers (8 in
   10 requests `/`, 1 a search `/?q=`, 1 an outlet filter `/?outlet=`) for ``--seconds``.

Printed: latency p50/p90/p99/max of the readers' requests, requests per second, non-200
answers, "database is locked" in either process's output, and the articles watch wrote
during the run. Bounded: about ``--seconds`` + 15 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import httpx

REPO = Path(__file__).resolve().parent.parent
PILE = REPO / "examples" / "pile" / "articles.jsonl"
OUTLETS = [f"{name} News" for name in ("Harbour", "Valley", "Capital", "Coast", "North", "Metro")]
OUTLETS += ["The Daily Wire", "Evening Post"]
FEED_OUTLETS = ["Loopback Times", "Loopback Herald", "Loopback Wire", "Loopback Post"]
SEARCH_WORDS = ["earthquake", "tsunami", "NATO", "climate", "sailors", "Chile", "flight"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pile() -> list[dict[str, str]]:
    with PILE.open() as lines:
        return [json.loads(line) for line in lines if line.strip()]


def fill(db: Path, stories: int, seed: int = 1) -> None:
    """``stories`` stories, each one pile article reported by 1 to 3 outlets, with the brief
    `newsfuse watch` would have stored for it, straight into the tables the migrations made
    (a brief is computed once per article and number of reports, and reused)."""
    from newsfuse.models import Article, Story
    from newsfuse.render import brief_to_dict
    from newsfuse.web.store import Store, database_url

    store = Store(database_url(str(db)))  # the schema, the pipeline, the briefs' key
    pile = _pile()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    briefs: dict[tuple[int, int], str] = {}
    story_rows, article_rows, brief_rows = [], [], []
    for n in range(stories):
        arrived = now - timedelta(minutes=rng.uniform(30, 48 * 60))
        story_id = f"fill{n:06d}"
        story_rows.append((story_id, None, arrived.strftime("%Y-%m-%d %H:%M:%S.%f"), 0))
        number, reports = rng.randrange(len(pile)), rng.randint(1, 3)
        record = pile[number]
        for k, outlet in enumerate(rng.sample(OUTLETS, reports), start=1):
            when = (arrived + timedelta(minutes=k)).strftime("%Y-%m-%d %H:%M:%S.%f")
            article_rows.append(
                (
                    story_id, f"a{k}", k, outlet, record.get("title"), record.get("title"),
                    "text", "fill", record["text"], record["text"], "[]", when,
                )
            )  # fmt: skip
        if (number, reports) not in briefs:
            text, title = record["text"], record["title"]
            articles = tuple(
                Article(id=f"a{k}", text=text, outlet=f"Outlet {k}", title=title)
                for k in range(1, reports + 1)
            )
            brief = store.pipeline.run(Story("fill", articles), words=store.settings.words)
            briefs[number, reports] = json.dumps(brief_to_dict(brief), ensure_ascii=False)
        created = now.strftime("%Y-%m-%d %H:%M:%S.%f")
        brief_rows.append(
            (story_id, store.settings.words, 0, store._brief_key, briefs[number, reports], created)
        )
    store.close()
    with sqlite3.connect(db) as connection:
        connection.executemany(
            "INSERT INTO stories (id, title, created, revision) VALUES (?, ?, ?, ?)", story_rows
        )
        connection.execute("UPDATE stories SET updated = created")
        connection.executemany(
            "INSERT INTO articles (story_id, article_id, position, outlet, title, headline, "
            "source_format, origin, raw_text, cleaned_text, dropped, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            article_rows,
        )
        connection.executemany(
            "INSERT INTO briefs (story_id, words, revision, settings, data, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            brief_rows,
        )


class FeedSite:
    """Feeds whose entries appear over time, and the article pages they link to."""

    def __init__(self, reveal_seconds: float) -> None:
        self.records = _pile()
        self.entries = [(f, n) for n in range(len(self.records)) for f in range(len(FEED_OUTLETS))]
        self.reveal_seconds = reveal_seconds
        self.started = time.monotonic()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def visible(self) -> int:
        share = (time.monotonic() - self.started) / self.reveal_seconds
        return min(len(self.entries), int(share * len(self.entries)))

    def feed(self, number: int) -> str:
        items = []
        for feed, n in self.entries[: self.visible()]:
            if feed != number:
                continue
            record = self.records[n]
            when = format_datetime(datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
            items.append(
                f"<item><title>{escape(record['title'])}</title>"
                f"<link>{self.base}/page/{feed}/{n}.html</link>"
                f'<guid isPermaLink="false">{feed}-{n}</guid><pubDate>{when}</pubDate></item>'
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{FEED_OUTLETS[number]}</title><link>{self.base}/</link>"
            f"<description>loopback</description>{''.join(reversed(items))}</channel></rss>"
        )

    def page(self, feed: int, n: int) -> str:
        record = self.records[n]
        paragraphs = "".join(
            f"<p>{escape(line)}</p>" for line in record["text"].splitlines() if line.strip()
        )
        return (
            f'<!DOCTYPE html><html lang="en"><head><title>{escape(record["title"])}</title>'
            f'<meta property="og:site_name" content="{FEED_OUTLETS[feed]}"></head><body>'
            f"<article><h1>{escape(record['title'])}</h1>{paragraphs}</article></body></html>"
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = self.path.strip("/").split("/")
                try:
                    if parts[0] == "feed":
                        body, kind = site.feed(int(parts[1].removesuffix(".xml"))), "rss+xml"
                    elif parts[0] == "page":
                        body, kind = site.page(int(parts[1]), int(parts[2][:-5])), "html"
                    else:
                        raise ValueError(self.path)
                except (ValueError, IndexError):
                    self.send_error(404)
                    return
                data = body.encode()
                self.send_response(200)
                ctype = "text/html" if kind == "html" else "application/rss+xml"
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


async def _reader(
    base: str, deadline: float, latencies: list[float], failures: list[str], rng: random.Random
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.8:
                params = {}
            elif roll < 0.9:
                params = {"q": rng.choice(SEARCH_WORDS)}
            else:
                params = {"outlet": rng.choice(OUTLETS)}
            start = time.perf_counter()
            try:
                response = await client.get("/", params=params)
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            latencies.append(time.perf_counter() - start)
            if status != "200":
                failures.append(status)


def _wait_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise SystemExit("newsfuse serve did not start")


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def direct(stories: int, repeats: int = 30) -> None:
    """Median ms of the store's listing calls on a filled store, one caller, no server; the
    listing cache off (each call ranks the stories), as after every write."""
    from newsfuse.web.frontpage import ListingCache
    from newsfuse.web.store import Store, database_url

    db = Path(tempfile.mkdtemp(prefix="newsfuse-front-direct-")) / "news.db"
    fill(db, stories)
    store = Store(database_url(str(db)))
    store._listings = ListingCache(seconds=0.0)  # never reused
    store.front_page()  # the search mode, found once
    calls = {
        "front_page(limit=31)": lambda: store.front_page(limit=31),
        "front_page(q='earthquake')": lambda: store.front_page(q="earthquake", limit=31),
        "front_page(outlet=...)": lambda: store.front_page(outlet="Metro News", limit=31),
        "outlets()": store.outlets,
    }
    print(f"| call ({stories} stories) | median ms |")
    print("|---|---|")
    for name, call in calls.items():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            times.append(1000 * (time.perf_counter() - start))
        print(f"| `{name}` | {statistics.median(times):.1f} |")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2, help="serve's worker processes")
    parser.add_argument("--no-watch", action="store_true", help="readers only (a baseline)")
    parser.add_argument(
        "--direct", action="store_true", help="time Store.front_page in-process, no server"
    )
    args = parser.parse_args()
    if args.direct:
        direct(args.stories)
        return
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-front-load-"))
    db = folder / "news.db"
    started = time.perf_counter()
    fill(db, args.stories)
    stories_before, articles_before = _count(db, "stories"), _count(db, "articles")
    print(
        f"filled {stories_before} stories, {articles_before} reports "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    site = FeedSite(reveal_seconds=0.75 * args.seconds)
    site.thread.start()
    feeds = folder / "feeds.txt"
    feeds.write_text("".join(f"{site.base}/feed/{n}.xml\n" for n in range(len(FEED_OUTLETS))))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    logs = {name: (folder / f"{name}.log").open("wb") for name in ("serve", "watch")}
    serve = subprocess.Popen(
        [sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", str(port),
         "--workers", str(args.workers)],
        stdout=logs["serve"], stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    _wait_up(base, serve)
    watch = subprocess.Popen(
        [sys.executable, "-m", "newsfuse", "watch", str(feeds), "--db", str(db), "--every", "2s",
         "--delay", "0", "--allow-private"] if not args.no_watch else [sys.executable, "-c", ""],
        stdout=logs["watch"], stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    site.started = time.monotonic()
    latencies: list[float] = []
    failures: list[str] = []
    deadline = time.monotonic() + args.seconds

    async def readers() -> None:
        await asyncio.gather(
            *(
                _reader(base, deadline, latencies, failures, random.Random(n))
                for n in range(args.readers)
            )
        )

    wall = time.perf_counter()
    asyncio.run(readers())
    wall = time.perf_counter() - wall
    for process in (watch, serve):
        process.send_signal(signal.SIGTERM)
    for process in (watch, serve):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    site.server.shutdown()
    for log in logs.values():
        log.close()
    output = {name: (folder / f"{name}.log").read_text(errors="replace") for name in logs}
    locked = {name: text.count("database is locked") for name, text in output.items()}
    written = _count(db, "articles") - articles_before
    new_stories = _count(db, "stories") - stories_before
    ms = [1000 * x for x in latencies]
    print("| writer | readers | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-200 | "
          "'database is locked' | articles written | stories added |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {'none' if args.no_watch else 'watch'} | "
        f"{args.readers} | {len(ms)} | {len(ms) / wall:.1f} | {statistics.median(ms):.0f} | "
        f"{_percentile(ms, 0.90):.0f} | {_percentile(ms, 0.99):.0f} | {max(ms):.0f} | "
        f"{len(failures)} | {sum(locked.values())} | {written} | {new_stories} |"
    )
    print(
        f"store: {stories_before} stories before; {site.visible()} of {len(site.entries)} feed "
        f"entries shown; watch exit {watch.returncode}; logs in {folder}",
        file=sys.stderr,
    )
    if failures:
        print(f"non-200 answers: {sorted(set(failures))}", file=sys.stderr)
    tail = output["watch"].strip().splitlines()[-3:]
    print("watch: " + " / ".join(tail), file=sys.stderr)


if __name__ == "__main__":
    main()
