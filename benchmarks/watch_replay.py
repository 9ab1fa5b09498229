"""`newsfuse watch` replayed: the clustering dev pile as ~200 feeds over simulated time.

    python benchmarks/pile.py                      # once: benchmarks/out/pile-*.jsonl
    python benchmarks/watch_replay.py [--limit 3000] [--feeds 200] [--polls 12] [--json out.json]

The articles of the dev pile (both parts, benchmarks/pile.py; read-only ../shared/data) are
put in time order (``published``; undated ones at a place drawn from their id) and served
from a loopback HTTP server as HTML pages, each listed in one of ``--feeds`` RSS feeds
(by its id's hash; a feed lists its latest 100 entries, with an ETag). Simulated time
advances in ``--polls`` steps: at each step the next share of the articles appears in their
feeds, and one poll of the Watcher runs (every feed, conditional requests, pages fetched and
extracted, stories joined, batches written to a SQLite store, changed stories briefed).

Measured: articles/s end to end (wall time of all polls / articles stored), the delay from
an entry's appearance (its step starting) to its article stored in its story and to that
story's brief being stored (p50/p99; on a real `--every 15m` add the wait for the next poll),
B-cubed F1 of the stories formed online against the offline ``cluster`` of the same stored
articles (and of both against the gold stories), and store size per 1,000 articles.
Loopback has one host: the per-host limit is raised to 8 connections with no delay (200
outlets would be as many hosts).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import OUT, require
from bcubed import bcubed
from newsfuse.follow import Watcher, WatchOptions
from newsfuse.load.url import Fetcher
from newsfuse.models import Article
from newsfuse.settings import FetchSettings, Settings
from newsfuse.stories.cluster import cluster_index
from newsfuse.web.store import Store, database_url

FEED_WINDOW = 100  # entries a feed lists


def _key(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def load_pile(limit: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The pile's articles in simulated arrival order (the first ``limit``) and gold."""
    gold = {}
    for line in require(OUT / "pile-gold.jsonl").read_text().splitlines():
        record = json.loads(line)
        gold[record["id"]] = record["story"]
    articles = []
    for part in ("tune", "report"):
        for line in require(OUT / f"pile-{part}.jsonl").read_text().splitlines():
            articles.append(json.loads(line))
    dated = sorted((a for a in articles if a.get("published")), key=lambda a: a["published"])
    undated = [a for a in articles if not a.get("published")]
    order = list(dated)
    for article in sorted(undated, key=lambda a: a["id"]):  # at a place drawn from the id
        order.insert(_key(article["id"]) % (len(order) + 1), article)
    chosen = order[:limit]
    return chosen, {a["id"]: gold[a["id"]] for a in chosen}


def _pub_date(published: str | None) -> str:
    if not published:
        return ""
    try:
        day = datetime.fromisoformat(published[:10]).replace(hour=12, tzinfo=UTC)
    except ValueError:
        return ""
    return f"<pubDate>{format_datetime(day)}</pubDate>"


def page(article: dict[str, Any]) -> bytes:
    title = html.escape(article.get("title") or "")
    outlet = html.escape(article.get("source") or "Replay News")
    paragraphs = "".join(
        f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n") if p.strip()
    )
    published = article.get("published")
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
        f'<meta property="og:site_name" content="{outlet}">{meta}</head><body>'
        f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


class Replay:
    """What the server shows: the entries that have appeared, per feed."""

    def __init__(self, articles: list[dict[str, Any]], feeds: int) -> None:
        self.articles = {a["id"]: a for a in articles}
        self.feed_of = {a["id"]: _key("feed:" + a["id"]) % feeds for a in articles}
        self.shown: dict[int, list[str]] = {n: [] for n in range(feeds)}
        self.appeared: dict[str, float] = {}
        self.lock = threading.Lock()
        self.base = ""

    def reveal(self, ids: list[str]) -> None:
        now = time.monotonic()
        with self.lock:
            for article_id in ids:
                self.shown[self.feed_of[article_id]].append(article_id)
                self.appeared[self.url(article_id)] = now

    def url(self, article_id: str) -> str:
        return f"{self.base}/a/{article_id}.html"

    def feed(self, number: int) -> bytes:
        with self.lock:
            ids = self.shown[number][-FEED_WINDOW:]
        items = "".join(
            f"<item><guid>{i}</guid><link>{self.url(i)}</link>"
            f"<title>{html.escape(self.articles[i].get('title') or '')}</title>"
            f"{_pub_date(self.articles[i].get('published'))}</item>"
            for i in reversed(ids)
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>'
            f"<link>{self.base}/</link><description>replay</description>{items}</channel></rss>"
        ).encode()


def serve(replay: Replay) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # the http.server API names it so
            if self.path.startswith("/feed/"):
                body, kind = replay.feed(int(self.path[6:-4])), "application/rss+xml"
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
            elif self.path.startswith("/a/"):
                body, kind, etag = page(replay.articles[self.path[3:-5]]), "text/html", ""
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    replay.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    return httpd


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=3000, help="articles replayed")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--polls", type=int, default=12, help="steps of simulated time")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    articles, gold = load_pile(args.limit)
    replay = Replay(articles, args.feeds)
    httpd = serve(replay)
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-replay-"))
    db = folder / "news.db"
    store = Store(database_url(str(db)), Settings())
    store.ensure_feeds([f"{replay.base}/feed/{n}.xml" for n in range(args.feeds)])
    stored_at: dict[str, float] = {}
    briefed_at: dict[str, float] = {}
    story_of_link: dict[str, str] = {}

    def placed(link: str, story_id: str) -> None:
        stored_at[link] = time.monotonic()
        story_of_link[link] = story_id

    options = WatchOptions(max_new=None, per_host=8, delay=0.0, concurrency=8)
    fetch = FetchSettings(allow_private=True)
    polls = []
    started = time.monotonic()
    with Fetcher(fetch) as fetcher:
        watcher = Watcher(store, fetcher, options, on_article=placed)
        step = -(-len(articles) // args.polls)
        for n in range(args.polls):
            replay.reveal([a["id"] for a in articles[n * step : (n + 1) * step]])
            summary = watcher.poll()
            done = time.monotonic()
            for link in replay.appeared:
                if link in stored_at and link not in briefed_at:
                    briefed_at[link] = done
            polls.append(summary)
            print(f"poll {n + 1}: {summary.line()}", file=sys.stderr)
    wall = time.monotonic() - started
    httpd.shutdown()

    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT url, story_id, raw_text, title, published, outlet FROM articles"
        ).fetchall()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:  # where the bytes are (SQLite's dbstat table, when compiled in)
            tables = dict(connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
        except sqlite3.OperationalError:
            tables = {}
    store.close()
    size = sum(p.stat().st_size for p in folder.iterdir())
    shutil.rmtree(folder)
    id_of = {replay.url(i): i for i in replay.articles}
    online = {id_of[url]: story for url, story, *_ in rows}
    stored = [
        Article(id=id_of[url], text=text, title=title, published=published, outlet=outlet)
        for url, _story, text, title, published, outlet in rows
    ]
    offline_index = cluster_index(stored)
    offline = {a.id: offline_index.story_of(a.id) for a in stored}
    to_store = [stored_at[u] - replay.appeared[u] for u in stored_at]
    to_brief = [briefed_at[u] - replay.appeared[u] for u in briefed_at]
    failed = sum(p.failed for p in polls)
    figures = {
        "articles_replayed": len(articles),
        "articles_stored": len(rows),
        "entries_failed": failed,
        "feeds": args.feeds,
        "polls": args.polls,
        "not_modified": sum(p.not_modified for p in polls),
        "seconds": round(wall, 1),
        "articles_per_second": round(len(rows) / wall, 2),
        "delay_to_store_p50_s": round(percentile(to_store, 0.5), 2),
        "delay_to_store_p99_s": round(percentile(to_store, 0.99), 2),
        "delay_to_brief_p50_s": round(percentile(to_brief, 0.5), 2),
        "delay_to_brief_p99_s": round(percentile(to_brief, 0.99), 2),
        "online_stories": len(set(online.values())),
        "offline_stories": len(set(offline.values())),
        "bcubed_online_vs_offline": [round(x, 4) for x in bcubed(online, offline)],
        "bcubed_online_vs_gold": [
            round(x, 4) for x in bcubed(online, {i: gold[i] for i in online})
        ],
        "bcubed_offline_vs_gold": [
            round(x, 4) for x in bcubed(offline, {i: gold[i] for i in offline})
        ],
        "store_mb_per_1000_articles": round(size / 1e6 / max(len(rows), 1) * 1000, 2),
        "briefs": sum(p.briefs for p in polls),
        "store_mb_by_table": {
            name: round(size / 1e6, 2)
            for name, size in sorted(tables.items(), key=lambda kv: -kv[1])
            if size > 100_000
        },
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
