"""Tune and check the focused briefs (the constants of ``newsfuse.select.focus``).

    python benchmarks/focus_eval.py                       # the grid below, newsfuse only
    python benchmarks/focus_eval.py --set QUERY_SCORE_MIX=0.6 --set LEXRANK_BIAS=0.7
    python benchmarks/focus_eval.py --update --set EARLIER_CONCEPT_WEIGHT=0.5

Query (the default): ROUGE-2 and SU4 recall (as DUC reported them) of each setting on the 50
topics of DUC 2006 (250 words), with the generic brief of the same run as the reference
point; DUC 2007 is then reported with the constants unchanged.

Update (``--update``): there is no update set but DUC 2007's ten topics, so they are split
by topic id: the first five (D0703 to D0721) to choose on, the other five (D0726 to D0743) to
check. Prints R2 / SU4 recall over B and C of each half, for the update brief alone and with
the topic statement as its question (100 words), and the share of the update brief's content
terms already in the earlier sets over all ten topics (novelty; the human summaries' share
first).

The query constants were chosen by coordinate steps from a first guess (R2 0.0796 with a
6,000-char lead and question words discounted by how many reports use them), one constant at a
time with ``--set``; each step's figures are in BENCHMARKS.md ("Update and query-focused
briefs").
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
from newsfuse.evaluate.focus import (
    FocusCluster,
    earlier_share,
    load_query_task,
    load_update_task,
    su4,
)
from newsfuse.evaluate.peers import System, newsfuse_system
from newsfuse.select import focus

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
GRID = {"FOCUS_SCORE_WEIGHT": (0.0, 0.25, 0.5, 1.0)}
UPDATE_GRID = {"EARLIER_CONCEPT_WEIGHT": (0.3, 0.5, 0.7)}
FIRST_HALF = ("D0703", "D0706", "D0711", "D0716", "D0721")  # of the ten update topics


def score(
    clusters: Sequence[FocusCluster], system: System, words: int = 250
) -> tuple[float, float, float]:
    r2 = s4 = 0.0
    start = time.perf_counter()
    for cluster in clusters:
        summary = rouge.truncate(system(cluster.story, words, ()), words)
        r2 += rouge.score(summary, cluster.references)["rouge2"].recall
        s4 += su4(summary, cluster.references).recall
    n = max(1, len(clusters))
    return r2 / n, s4 / n, 1000 * (time.perf_counter() - start) / n


def _query(clusters: list[FocusCluster], system: System) -> str:
    r2, s4, ms = score(clusters, system)
    return f"R2 {r2:.4f} SU4 {s4:.4f} ({ms:.0f} ms)"


def _update(clusters: list[FocusCluster], system: System) -> str:
    later = [c for c in clusters if c.part in ("B", "C")]
    shares = [
        earlier_share(rouge.truncate(system(replace(c.story, query=None), 100, ()), 100), c.story)
        for c in later
    ]
    shown = [f"terms already read {sum(s or 0.0 for s in shares) / len(shares):.3f}"]
    for label, half in (
        ("D0703-D0721", [c for c in later if c.id[:5].upper() in FIRST_HALF]),
        ("D0726-D0743", [c for c in later if c.id[:5].upper() not in FIRST_HALF]),
    ):
        for with_query in (False, True):
            runs = [
                c if with_query else replace(c, story=replace(c.story, query=None)) for c in half
            ]
            r2, s4, _ = score(runs, system, 100)
            shown.append(f"{label}{' +query' if with_query else ''} R2 {r2:.4f} SU4 {s4:.4f}")
    return "; ".join(shown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE, fixed")
    parser.add_argument("--update", action="store_true", help="DUC 2007's update task")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    path = args.data / ("duc2007" if args.update else "duc2006")
    if not path.is_dir():
        sys.exit(f"no DUC data at {path}")
    system = newsfuse_system()
    if args.update:
        clusters = load_update_task(path)
        run = _update
        later = [c for c in clusters if c.part in ("B", "C")]
        human = [
            earlier_share(rouge.truncate(r, 100), c.story) for c in later for r in c.references
        ]
        share = sum(h or 0.0 for h in human) / len(human)
        print(f"the human summaries: terms already read {share:.3f}")
    else:
        clusters = load_query_task(path)
        run = _query
        generic = [replace(c, story=replace(c.story, query=None)) for c in clusters]
        print(f"generic brief: {_query(generic, system)}", flush=True)
    fixed = dict(item.split("=", 1) for item in args.set)
    base = UPDATE_GRID if args.update else GRID
    grid = {k: v for k, v in base.items() if k not in fixed} if not fixed else {}
    for name, value in fixed.items():
        setattr(focus, name, int(value) if value.isdigit() else float(value))
    names = list(grid)
    for values in itertools.product(*grid.values()) if names else [()]:
        for name, value in zip(names, values, strict=True):
            setattr(focus, name, value)
        shown = ", ".join(f"{n}={v}" for n, v in [*fixed.items(), *zip(names, values, strict=True)])
        print(f"{shown or 'defaults'}: {run(clusters, system)}", flush=True)


if __name__ == "__main__":
    main()
