"""What an update or query-focused brief costs against a generic brief of the same reports.

    python benchmarks/focus_speed.py [--repeat 3]

Update: the B and C sets of DUC 2007's update task (20 stories of 15 to 25 reports), each
briefed generically (all its reports) and as an update (``since`` = the earlier sets), 100
words. Query: the 50 topics of DUC 2006 (25 reports each), generically and with the topic
statement, 250 words. Both with the facts across outlets on (as ``summarize`` runs by
default) and off. Best of ``--repeat`` runs per story; the ratio is of the summed times. No
assertion: the figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from newsfuse.evaluate.focus import load_query_task, load_update_task
from newsfuse.models import Story
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def best(pipeline: Pipeline, story: Story, words: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        pipeline.run(story, words=words)
        times.append(time.perf_counter() - start)
    return min(times)


def compare(name: str, stories: list[Story], words: int, repeat: int) -> None:
    for facts in (True, False):
        settings = Settings.from_mapping({"compare": {"enabled": facts}})
        pipeline = Pipeline(settings)
        pipeline.run(stories[0], words=words)  # warm-up
        generic = focused = 0.0
        for story in stories:
            generic += best(pipeline, replace(story, since=(), query=None), words, repeat)
            focused += best(pipeline, story, words, repeat)
        n = len(stories)
        print(
            f"| {name} | {'on' if facts else 'off'} | {n} | {1000 * generic / n:.0f} "
            f"| {1000 * focused / n:.0f} | {focused / generic:.2f}x |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (DATA / "duc2007").is_dir() or not (DATA / "duc2006").is_dir():
        sys.exit(f"needs DUC 2006 and 2007 under {DATA}")
    print("| brief | facts | stories | generic ms | focused ms | ratio |")
    print("|---|---|---|---|---|---|")
    update = [c.story for c in load_update_task(DATA / "duc2007") if c.part in ("B", "C")]
    compare("update (DUC 2007 B, C)", [replace(s, query=None) for s in update], 100, args.repeat)
    query = [c.story for c in load_query_task(DATA / "duc2006")]
    compare("query (DUC 2006)", query, 250, args.repeat)


if __name__ == "__main__":
    main()
