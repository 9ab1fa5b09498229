"""`newsfuse watch` killed mid-poll (a real process, SIGKILL), then run again: every entry's
article stored exactly once, the story index agreeing with the stored stories. And Ctrl-C
(SIGINT) mid-poll: exit 130 with one line, the store as consistent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from newsite import WIKINEWS, Route, Site, page_html, rss

from newsfuse.stories import StoryIndex

pytestmark = pytest.mark.faults

PAGES = 30
BATCH = 25  # --batch: articles written per transaction


def _site_with_pages(site: Site, hold_from: int) -> threading.Event:
    """A feed of 30 pages; those from ``hold_from`` on wait for the returned event."""
    hold = threading.Event()
    names = sorted(p.stem for p in WIKINEWS.glob("M00*.txt"))[:PAGES]
    items = []
    for n, name in enumerate(names):
        site.routes[f"/p/{n}.html"] = Route(
            page_html(name, f"Outlet {n % 3}"), hold=hold if n >= hold_from else None
        )
        items.append((name, site.url(f"/p/{n}.html"), name, ""))
    site.routes["/feed.xml"] = Route(rss("Feed", items), "application/rss+xml")
    return hold


def _command(site: Site, folder: Path, db: Path) -> list[str]:
    feeds = folder / "feeds.txt"
    feeds.write_text(site.url("/feed.xml") + "\n")
    return [
        sys.executable, "-m", "newsfuse", "watch", str(feeds), "--db", str(db),
        "--once", "--allow-private", "--delay", "0", "--batch", str(BATCH),
    ]  # fmt: skip


def _count(db: Path, query: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=10) as connection:
            return int(connection.execute(query).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def _wait_for(process: subprocess.Popen, ready) -> None:
    deadline = time.monotonic() + 120
    while not ready():
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline, "the poll stored nothing"
        time.sleep(0.05)


def _consistent(db: Path) -> tuple[int, int]:
    """Articles and entries of the store, checked against its story index."""
    with sqlite3.connect(db) as connection:
        urls = [u for (u,) in connection.execute("SELECT url FROM articles")]
        entries = connection.execute("SELECT count(*) FROM feed_entries").fetchone()[0]
        stories = {s for (s,) in connection.execute("SELECT id FROM stories")}
        (state,) = connection.execute("SELECT data FROM story_index").fetchone()
    index = StoryIndex.from_bytes(state)
    assert len(urls) == len(set(urls))  # no article twice
    assert len(index) == len(urls) == entries  # the index placed exactly the stored articles
    assert {g.id for g in index.stories()} == stories
    return len(urls), entries


def test_watch_killed_mid_poll_resumes_without_duplicates(site, tmp_path):
    hold = _site_with_pages(site, hold_from=BATCH + 2)
    db = tmp_path / "news.db"
    command = _command(site, tmp_path, db)
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _wait_for(process, lambda: _count(db, "SELECT count(*) FROM articles") >= BATCH)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert _consistent(db) == (BATCH, BATCH)  # the first batch, whole; nothing of the next

    hold.set()
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert _consistent(db) == (PAGES, PAGES)
    assert f"{PAGES - BATCH} new articles" in again.stderr
    unbriefed = (
        "SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM briefs b "
        "WHERE b.story_id = s.id AND b.revision = s.revision)"
    )
    assert _count(db, unbriefed) == 0  # the killed run's stories too
    third = subprocess.run(command, capture_output=True, text=True, check=False)
    assert third.returncode == 0 and " 0 new articles" in third.stderr
    assert _consistent(db) == (PAGES, PAGES)


def test_watch_ctrl_c_mid_poll_exits_130_with_one_line(site, tmp_path):
    hold = _site_with_pages(site, hold_from=BATCH + 2)
    db = tmp_path / "news.db"
    process = subprocess.Popen(
        _command(site, tmp_path, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(process, lambda: _count(db, "SELECT count(*) FROM articles") >= BATCH)
        process.send_signal(signal.SIGINT)
        hold.set()  # the page fetches in flight end; the interrupted poll writes nothing more
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert err.strip().splitlines()[-1].startswith("newsfuse: watch stopped")
    assert "Traceback" not in err
    assert _consistent(db) == (BATCH, BATCH)
