"""Tune and check the query-focused brief on DUC 2006 only (the constants of
``newsfuse.select.focus``); DUC 2007 is then reported with them unchanged.

    python benchmarks/focus_eval.py                       # the grid below, newsfuse only
    python benchmarks/focus_eval.py --set QUERY_SCORE_MIX=0.6 --set LEXRANK_BIAS=0.7

Prints ROUGE-2 and SU4 recall (as DUC reported them) of each setting on the 50 topics of
DUC 2006 (250 words), with the generic brief of the same run as the reference point.

The constants were chosen by coordinate steps from a first guess (R2 0.0796 with a 6,000-char
lead and question words discounted by how many reports use them), one constant at a time
with ``--set``; each step's figures are in BENCHMARKS.md ("Update and query-focused briefs").
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from newsfuse.evaluate import rouge
from newsfuse.evaluate.focus import FocusCluster, load_query_task, su4
from newsfuse.evaluate.peers import System, newsfuse_system
from newsfuse.select import focus

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "duc2006"
GRID = {
    "QUERY_SCORE_MIX": (0.3, 0.6, 0.9),
    "CONCEPT_FLOOR": (0.2, 0.5),
    "EXPANSION_WEIGHT": (0.0, 0.5, 1.0),
}


def score(
    clusters: Sequence[FocusCluster], system: System, words: int = 250
) -> tuple[float, float, float]:
    r2 = s4 = 0.0
    start = time.perf_counter()
    for cluster in clusters:
        summary = rouge.truncate(system(cluster.story, words, ()), words)
        r2 += rouge.score(summary, cluster.references)["rouge2"].recall
        s4 += su4(summary, cluster.references).recall
    n = len(clusters)
    return r2 / n, s4 / n, 1000 * (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE, fixed")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no DUC 2006 data at {args.data}")
    clusters = load_query_task(args.data)
    system = newsfuse_system()
    generic = [replace(c, story=replace(c.story, query=None)) for c in clusters]
    r2, s4, ms = score(generic, system)
    print(f"generic brief: R2 {r2:.4f} SU4 {s4:.4f} ({ms:.0f} ms)", flush=True)
    fixed = dict(item.split("=", 1) for item in args.set)
    grid = {k: v for k, v in GRID.items() if k not in fixed} if not fixed else {}
    for name, value in fixed.items():
        setattr(focus, name, int(value) if value.isdigit() else float(value))
    names = list(grid)
    for values in itertools.product(*grid.values()) if names else [()]:
        for name, value in zip(names, values, strict=True):
            setattr(focus, name, value)
        r2, s4, ms = score(clusters, system)
        shown = ", ".join(f"{n}={v}" for n, v in [*fixed.items(), *zip(names, values, strict=True)])
        print(f"{shown or 'defaults'}: R2 {r2:.4f} SU4 {s4:.4f} ({ms:.0f} ms)", flush=True)


if __name__ == "__main__":
    main()
