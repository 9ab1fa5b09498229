"""The web store killed mid-write: `newsfuse serve` (a real process on 127.0.0.1) is killed with
SIGKILL while clients post stories; restarted on the same database, it opens consistent and
every story that got a 201 is readable, whole. Also the quick run of benchmarks/load.py."""

from __future__ import annotations

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from sqlalchemy import create_engine, text

from newsfuse.web.store import database_url


def _benchmark() -> ModuleType:
    """benchmarks/load.py, under a name no test package can shadow."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"
    spec = importlib.util.spec_from_file_location("newsfuse_load_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


load = _benchmark()

pytestmark = pytest.mark.faults


def _serve(db: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", str(port)]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    load.wait_ready(f"http://127.0.0.1:{port}", process)
    return process


def _poster(base: str, stop: threading.Event, acked: list[tuple[str, str]], n: int) -> None:
    with httpx.Client(timeout=30) as http:
        k = 0
        while not stop.is_set():
            k += 1
            title = f"client {n} story {k}"
            body = {
                "title": title,
                "articles": [
                    {
                        "text": f"Report {k}. The harbour bridge reopened on Friday, client {n} said."
                    },
                    {"text": "The repairs cost more than $2 million, the city said on Friday."},
                ],
            }
            try:
                response = http.post(f"{base}/api/stories", json=body)
            except httpx.HTTPError:
                continue  # the server died under this request: it never got a 201
            if response.status_code == 201:
                acked.append((response.json()["id"], title))
            else:
                assert response.status_code < 500, response.text


def _no_half_written_story(url: str) -> None:
    engine = create_engine(url)
    with engine.connect() as connection:
        orphans = connection.execute(
            text("SELECT count(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)")
        ).scalar()
        empty = connection.execute(
            text("SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM articles)")
        ).scalar()
    engine.dispose()
    assert (orphans, empty) == (0, 0)


@pytest.mark.parametrize(("store", "workers"), [("sqlite", 1), ("sqlite", 2), ("postgresql", 2)])
def test_serve_killed_during_posts_reopens_with_every_acknowledged_story(
    tmp_path, request, store, workers
):
    db = (
        str(tmp_path / "store.db")
        if store == "sqlite"
        else request.getfixturevalue("empty_postgres")
    )
    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(db, port, workers)
    stop = threading.Event()
    acked: list[tuple[str, str]] = []
    threads = [
        threading.Thread(target=_poster, args=(base, stop, acked, n), daemon=True) for n in range(6)
    ]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 120
        while len(acked) < 25:  # kill once writes are well under way
            assert time.monotonic() < deadline and server.poll() is None
            time.sleep(0.02)
        os.killpg(server.pid, signal.SIGKILL)  # mid-write: the clients are still posting
        server.wait(timeout=30)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        load.stop(server)
    assert server.returncode == -signal.SIGKILL
    if store == "sqlite":  # what the killed server left
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    _no_half_written_story(database_url(db))
    restarted = _serve(db, port)
    try:
        with httpx.Client(timeout=30) as http:
            for story_id, title in acked:
                response = http.get(f"{base}/api/stories/{story_id}")
                assert response.status_code == 200, story_id
                assert response.json()["title"] == title
                assert len(response.json()["articles"]) == 2
            brief = http.get(f"{base}/api/stories/{acked[-1][0]}/brief?format=text")
            assert brief.status_code == 200 and "harbour bridge" in brief.text
            created = http.post(
                f"{base}/api/stories", json={"articles": [{"text": "Hello world. This is fine."}]}
            )
            assert created.status_code == 201  # and it takes writes again
    finally:
        load.stop(restarted)


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_load_benchmark_quick_run_has_no_5xx_and_loses_nothing(request, store):
    db = None if store == "sqlite" else request.getfixturevalue("empty_postgres")
    results = load.run(db, clients=4, seconds=3, workers=1)
    assert results.requests > 0 and results.created > 4
    assert results.server_errors == 0 and results.failed_requests == 0
    assert results.lost == 0
    assert set(results.by_kind) >= {"create", "brief"}
