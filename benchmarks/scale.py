"""Throughput of `newsfuse batch` in-process and on a local Dask cluster of 1 and 2 workers.

    python benchmarks/scale.py [--stories 2000] [--partition-size 100] [--repeat 2] \\
        [--json out.json]

Input: the 100 Multi-News stories and the 30 DUC 2003 clusters of ../shared/data, repeated
with new ids up to ``--stories``. Each run summarises every story (260 words) and writes
JSON lines; the Dask runs write partitions and a manifest. Reported: stories per second,
the speed-up of 2 workers over 1 (scaling efficiency on this 2-core machine), the engine's
overhead per story against the in-process run, and peak memory (the client's and each
worker's maximum resident set). Each set-up runs ``--repeat`` times and its best run counts:
this machine's speed drifts by ±15 % from minute to minute.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from _data import SHARED_DATA, multinews_story_records, require
from newsfuse.batch import run_batch
from newsfuse.batchio import read_records
from newsfuse.dask_batch import run_job
from newsfuse.evaluate.datasets import load_dataset
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings


def _stories(count: int) -> list[dict]:
    base = list(multinews_story_records())
    duc = load_dataset(require(SHARED_DATA / "duc2003-task2"))
    for cluster in duc.clusters:
        base.append(
            {
                "id": cluster.id,
                "articles": [
                    {"id": a.id, "text": a.text, "source": a.outlet, "title": a.title}
                    for a in cluster.story.articles
                ],
            }
        )
    out = []
    for n, story in zip(range(count), itertools.cycle(base), strict=False):
        out.append({**story, "id": f"{story['id']}-{n}"})
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import distributed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2, help="runs per set-up; the best counts")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    settings = Settings(words=260)
    work = Path(tempfile.mkdtemp(prefix="newsfuse-scale-"))
    source = work / "stories.jsonl"
    source.write_text("".join(json.dumps(s) + "\n" for s in _stories(args.stories)))

    in_process = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        expected = run_batch(
            read_records(source), io.StringIO(), Pipeline(settings), words=260, origin=str(source)
        )
        in_process = min(in_process, time.perf_counter() - start)
    results = {
        "stories": args.stories,
        "failed": expected.failed,
        "in_process_s": round(in_process, 2),
    }
    print(f"in-process: {args.stories / in_process:.1f} stories/s, client peak {_peak_mb():.0f} MB")

    for workers in (1, 2):
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        )
        with distributed.Client(cluster) as client:
            client.run(lambda: None)  # workers up before the clock starts
            elapsed = float("inf")
            for attempt in range(args.repeat):
                out = work / f"out-{workers}-{attempt}"
                start = time.perf_counter()
                report = run_job(
                    source, out, settings, client=client, partition_size=args.partition_size
                )
                elapsed = min(elapsed, time.perf_counter() - start)
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        cluster.close()
        # the same stories fail in both engines (a Multi-News row with no text left after
        # cleaning is recorded as failed), and none is lost
        assert (report.done, report.failed) == (expected.done, expected.failed), report
        results[f"dask_{workers}_s"] = round(elapsed, 2)
        results[f"dask_{workers}_worker_peak_mb"] = round(max(peaks.values()))
        print(
            f"dask, {workers} worker(s): {args.stories / elapsed:.1f} stories/s, "
            f"worker peak {max(peaks.values()):.0f} MB"
        )
    results["scaling_2_vs_1"] = round(results["dask_1_s"] / results["dask_2_s"], 2)
    results["overhead_ms_per_story"] = round(
        (results["dask_1_s"] - in_process) * 1000 / args.stories, 2
    )
    print(
        f"2 workers vs 1: {results['scaling_2_vs_1']}x; engine overhead "
        f"{results['overhead_ms_per_story']} ms per story (1 worker vs in-process)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
