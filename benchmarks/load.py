"""Load on `newsfuse serve`: N concurrent clients on loopback for T seconds.

    python benchmarks/load.py [--clients 64] [--seconds 60] [--db PATH_OR_URL] [--workers 1] \\
        [--json out.json]

Starts `newsfuse serve` on 127.0.0.1 (a free port; ``--workers`` uvicorn processes) on the
given database (default: a new SQLite file in a temporary directory; ``--db
postgresql+psycopg://...`` for PostgreSQL, best a fresh database), creates a few stories,
then runs ``--clients`` clients, each sending its next request as soon as the last is
answered, for ``--seconds``. The mix: creating stories (two outlets' reports, their
paragraphs shuffled per story, so that briefs are computed, not only read back), briefs in
60, 120, 200 and 300 words as JSON, Markdown and text, stories, their articles, and the HTML
pages (the story list and story pages). Afterwards every story that got a 201 is read back.

Reported: requests per second, p50 and p99 latency (ms), 5xx responses and failed requests
(connection errors, time-outs; both must be 0), stories created and lost (a 201 not readable
afterwards; must be 0). Clients and server share the machine's cores. The exit code is 1 when
a 5xx, a failed request or a lost story was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "nato-libya-2011"
WORDS = (60, 120, 200, 300)
FORMATS = ("json", "markdown", "text")
# (weight, kind): what a client does next
MIX = (
    (10, "create"),
    (35, "brief"),
    (15, "story page"),
    (15, "story"),
    (8, "articles"),
    (9, "list"),
    (8, "list page"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(db: str, workers: int = 1, port: int | None = None) -> Iterator[str]:
    """`newsfuse serve` on 127.0.0.1 in its own process group; its base URL. The group is
    stopped (SIGTERM, then SIGKILL) on leaving."""
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "newsfuse",
        "serve",
        "--db",
        db,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield base
    finally:
        stop(process)


def wait_ready(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"newsfuse serve exited: {error.strip()}")
        try:
            if httpx.get(f"{base}/api/stories?limit=1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"newsfuse serve did not answer on {base} within {seconds} s")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Stop ``process`` and its group (its uvicorn workers)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass
    if process.stderr:
        process.stderr.close()


def story_body(rng: random.Random, texts: list[str], n: int) -> dict:
    """Two outlets' reports of the example, paragraphs shuffled (a new brief per story)."""
    articles = []
    for k, text in enumerate(texts):
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        head, rest = paragraphs[:2], paragraphs[2:]
        rng.shuffle(rest)
        articles.append(
            {
                "text": "\n\n".join(head + rest[: max(3, len(rest) - rng.randrange(4))]),
                "source": f"Outlet {k + 1}",
            }
        )
    return {"title": f"Load story {n}", "articles": articles}


@dataclass
class Results:
    db: str
    workers: int
    clients: int
    seconds: float
    requests: int = 0
    per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    server_errors: int = 0  # 5xx
    failed_requests: int = 0  # no response: connection error, time-out
    created: int = 0
    lost: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.server_errors == 0 and self.failed_requests == 0 and self.lost == 0


async def _client(
    base: str,
    http: httpx.AsyncClient,
    rng: random.Random,
    texts: list[str],
    created: list[tuple[str, int]],
    until: float,
    latencies: list[float],
    statuses: Counter[str],
    kinds: Counter[str],
    failures: list[str],
) -> None:
    weights = [w for w, _ in MIX]
    names = [k for _, k in MIX]
    while time.monotonic() < until:
        kind = rng.choices(names, weights)[0]
        story_id = rng.choice(created)[0] if created else None
        if story_id is None:
            kind = "create"
        if kind == "create":
            body = story_body(rng, texts, len(created))
            request = http.build_request("POST", f"{base}/api/stories", json=body)
        elif kind == "brief":
            words, fmt = rng.choice(WORDS), rng.choice(FORMATS)
            url = f"{base}/api/stories/{story_id}/brief?words={words}&format={fmt}"
            request = http.build_request("GET", url)
        elif kind == "story page":
            url = f"{base}/stories/{story_id}?words={rng.choice(WORDS)}"
            request = http.build_request("GET", url, headers={"accept": "text/html"})
        elif kind == "story":
            request = http.build_request("GET", f"{base}/api/stories/{story_id}")
        elif kind == "articles":
            request = http.build_request("GET", f"{base}/api/stories/{story_id}/articles")
        elif kind == "list":
            request = http.build_request("GET", f"{base}/api/stories?limit=20")
        else:
            request = http.build_request("GET", f"{base}/", headers={"accept": "text/html"})
        started = time.perf_counter()
        try:
            response = await http.send(request)
        except httpx.HTTPError as exc:
            failures.append(f"{kind}: {type(exc).__name__}: {exc}")
            continue
        latencies.append(time.perf_counter() - started)
        statuses[str(response.status_code)] += 1
        kinds[kind] += 1
        if kind == "create" and response.status_code == 201:
            created.append((response.json()["id"], len(body["articles"])))


async def _load(base: str, clients: int, seconds: float, seed: int, results: Results) -> None:
    texts = [(EXAMPLE / name).read_text() for name in ("aljazeera.txt", "cbsnews.txt")]
    created: list[tuple[str, int]] = []
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    failures: list[str] = []
    # A connection idle for uvicorn's keep-alive time (5 s) is closed by the server; reusing
    # it at that moment fails (ReadError) before the server saw the request. Clients drop
    # theirs sooner, as a careful HTTP client does.
    limits = httpx.Limits(
        max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2.0
    )
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        rng = random.Random(seed)
        for n in range(4):  # a few stories to read from the first second
            response = await http.post(f"{base}/api/stories", json=story_body(rng, texts, n))
            response.raise_for_status()
            created.append((response.json()["id"], 2))
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(
            *(
                _client(
                    base,
                    http,
                    random.Random(seed * 1000 + n),
                    texts,
                    created,
                    until,
                    latencies,
                    statuses,
                    kinds,
                    failures,
                )
                for n in range(clients)
            )
        )
        elapsed = time.monotonic() - started
        # Every story that got a 201 must be readable, with all its articles.
        lost = 0
        for story_id, articles in created:
            response = await http.get(f"{base}/api/stories/{story_id}")
            if response.status_code != 200 or len(response.json()["articles"]) != articles:
                lost += 1
    latencies.sort()
    results.requests = len(latencies)
    results.per_second = round(len(latencies) / elapsed, 1)
    if latencies:
        results.p50_ms = round(1000 * latencies[len(latencies) // 2], 1)
        results.p99_ms = round(
            1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1
        )
    results.server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    results.failed_requests = len(failures)
    results.created = len(created)
    results.lost = lost
    results.by_kind = dict(sorted(kinds.items()))
    results.statuses = dict(sorted(statuses.items()))
    for failure in failures[:5]:
        print(f"failed request: {failure}", file=sys.stderr)


def run(
    db: str | None = None,
    *,
    clients: int = 64,
    seconds: float = 60,
    workers: int = 1,
    seed: int = 1,
) -> Results:
    """Serve ``db`` (a new SQLite file when None), load it, read back every created story."""
    with tempfile.TemporaryDirectory(prefix="newsfuse-load-") as folder:
        db = db or str(Path(folder) / "load.db")
        shown = db if "://" not in db else db.split("://")[0] + "://..."
        results = Results(db=shown, workers=workers, clients=clients, seconds=seconds)
        with serving(db, workers) as base:
            asyncio.run(_load(base, clients, seconds, seed, results))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", help="SQLite path or SQLAlchemy URL (default: a new SQLite file)")
    parser.add_argument("--workers", type=int, default=1, help="newsfuse serve --workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = run(
        args.db, clients=args.clients, seconds=args.seconds, workers=args.workers, seed=args.seed
    )
    data = asdict(results)
    print(json.dumps(data, indent=2))
    print(
        f"| {results.db.split(':')[0] if '://' in results.db else 'sqlite'} | {results.workers} "
        f"| {results.clients} | {results.seconds:g} | {results.requests} | {results.per_second} "
        f"| {results.p50_ms} | {results.p99_ms} | {results.server_errors} "
        f"| {results.failed_requests} | {results.created} | {results.lost} |"
    )
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    sys.exit(0 if results.ok else 1)


if __name__ == "__main__":
    main()
