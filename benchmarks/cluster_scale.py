"""Story clustering at scale: synthetic piles made by repeating the dev pile's stories in new
time windows.

    python benchmarks/pile.py && python benchmarks/cluster_scale.py 10000 100000 [1000000]

Each size runs in a fresh process (so that its peak RSS is its own). The pile: the dated
articles of the dev pile (DUC 2003/2006/2007, MultiLing, AllSides; both parts), repeated; the
k-th repeat has every date moved ``SHIFT_YEARS * k`` years on and new ids, so a repeat is a
new story (gold: dev story + repeat number). Articles arrive in date order, one
``StoryIndex.add`` each (reading included). Reported: articles per second, peak RSS, B-cubed
F1 of the whole pile, stories still in the active window at the end, and the time of single
``add`` calls once the pile is in (median and 99th percentile of the last 1000).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bcubed import bcubed
from newsfuse.stories.index import StoryIndex
from newsfuse.stories.signals import article_day
from pile import read_gold, read_pile
from train_story_model import article_of

SHIFT_YEARS = 26  # the dev pile's dates run from 1996 to 2021
LATENCY_SAMPLE = 1000


def base_pile() -> list[tuple[dict[str, str], int, str]]:
    """(record, day, gold story) of every dated dev article, in date order."""
    gold = read_gold()
    rows = []
    for part in ("tune", "report"):
        for record in read_pile(part):
            day = article_day(article_of(record))
            if day is not None:
                rows.append((record, day, gold[record["id"]][0]))
    rows.sort(key=lambda row: row[1])
    return rows


def synthetic(size: int) -> Iterator[tuple[dict[str, str], str]]:
    """``size`` article records with their gold story, in date order."""
    base = base_pile()
    n = 0
    for repeat in range(size // len(base) + 1):
        for record, day, story in base:
            if n == size:
                return
            moved = date.fromordinal(day)
            moved = moved.replace(year=moved.year + SHIFT_YEARS * repeat, day=min(moved.day, 28))
            yield (
                {**record, "id": f"{record['id']}-r{repeat}", "published": moved.isoformat()},
                f"{story}#r{repeat}",
            )
            n += 1


def run(size: int) -> dict[str, object]:
    index = StoryIndex()
    predicted: dict[str, str] = {}
    gold: dict[str, str] = {}
    latencies: list[float] = []
    started = time.perf_counter()
    for n, (record, story) in enumerate(synthetic(size)):
        article = article_of(record)
        tick = time.perf_counter()
        predicted[record["id"]] = index.add(article)
        if n >= size - LATENCY_SAMPLE:
            latencies.append(time.perf_counter() - tick)
        gold[record["id"]] = story
    seconds = time.perf_counter() - started
    p, r, f = bcubed(predicted, gold)
    latencies.sort()
    return {
        "articles": size,
        "seconds": round(seconds, 1),
        "articles_per_second": round(size / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bcubed": [round(p, 4), round(r, 4), round(f, 4)],
        "stories": len(index.stories()),
        "active_stories": index.active_stories,
        "add_ms_median": round(1000 * latencies[len(latencies) // 2], 2),
        "add_ms_p99": round(1000 * latencies[int(len(latencies) * 0.99)], 2),
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run(int(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    results = []
    for size in sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(json.dumps(result), flush=True)
    if len(results) > 1:
        ratio = results[1]["seconds"] / results[0]["seconds"]  # type: ignore[operator]
        print(f"time {results[1]['articles']} / time {results[0]['articles']}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
