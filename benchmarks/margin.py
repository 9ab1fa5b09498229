"""How sure a margin is: the paired difference of two systems over the clusters of one run.

    newsfuse eval DATASET --json out.json
    python benchmarks/margin.py out.json [--system newsfuse] [--peer sumbasic]

For each ROUGE metric: the mean F1 difference (x100) between the system and the peer over
the same clusters, its standard deviation across clusters, the standard error of the mean
and a 95 % interval (mean ± 1.96 standard errors). A margin whose interval spans the bar
cannot tell a system that meets it from one that does not.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="the --json file of `newsfuse eval`")
    parser.add_argument("--system", default="newsfuse")
    parser.add_argument("--peer", default="sumbasic")
    args = parser.parse_args()
    data = json.loads(args.results.read_text(encoding="utf-8"))
    system = data["systems"][args.system]["per_cluster"]
    peer = data["systems"][args.peer]["per_cluster"]
    clusters = sorted(system.keys() & peer.keys())
    print(f"{args.system} - {args.peer}, {len(clusters)} clusters of {data['dataset']}")
    print("| metric | mean difference | SD | standard error | 95 % interval |")
    print("|---|---|---|---|---|")
    for metric in sorted(system[clusters[0]]):
        differences = [100 * (system[c][metric] - peer[c][metric]) for c in clusters]
        mean = statistics.fmean(differences)
        sd = statistics.stdev(differences) if len(differences) > 1 else 0.0
        error = sd / math.sqrt(len(differences))
        print(
            f"| {metric} | {mean:+.2f} | {sd:.2f} | {error:.2f} | "
            f"{mean - 1.96 * error:+.2f} to {mean + 1.96 * error:+.2f} |"
        )


if __name__ == "__main__":
    main()
