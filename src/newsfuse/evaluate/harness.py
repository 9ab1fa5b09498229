"""Run systems side by side on one dataset: ROUGE and time per cluster, one table."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newsfuse.errors import InputError
from newsfuse.evaluate import rouge
from newsfuse.evaluate.datasets import Cluster, Dataset
from newsfuse.evaluate.peers import System, make_system

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SystemResult:
    name: str
    scores: dict[str, rouge.Score]  # mean over clusters, per metric
    ms_per_cluster: float
    per_cluster: dict[str, dict[str, float]] = field(default_factory=dict)  # id -> metric F1
    # Clusters the system could not summarise (e.g. nothing left after cleaning): scored as
    # an empty summary, so that every system is averaged over the same clusters.
    failed: tuple[str, ...] = ()


def evaluate(
    dataset: Dataset,
    systems: Sequence[str],
    *,
    words: int | None = None,
    on_progress: Callable[[str, int], None] | None = None,
) -> list[SystemResult]:
    """Score every system on every cluster; summaries are cut at ``words`` (default: the
    dataset's budget). Time covers the system alone, not the scoring, after one untimed
    run of each system on the first cluster."""
    budget = words or dataset.words
    results = []
    for name in systems:
        system = make_system(name)
        totals = {m: [0.0, 0.0, 0.0] for m in rouge.METRICS}
        per_cluster: dict[str, dict[str, float]] = {}
        failed: list[str] = []
        elapsed = 0.0
        if dataset.clusters:  # untimed warm-up: imports, models and caches load once
            _summary(system, dataset.clusters[0], budget)
        for n, cluster in enumerate(dataset.clusters, start=1):
            start = time.perf_counter()
            summary = _summary(system, cluster, budget)
            elapsed += time.perf_counter() - start
            if summary is None:
                log.warning("%s: %s gave no summary of %s", dataset.name, name, cluster.id)
                failed.append(cluster.id)
                summary = ""
            scores = rouge.score(rouge.truncate(summary, budget), cluster.references)
            per_cluster[cluster.id] = {m: scores[m].f1 for m in rouge.METRICS}
            for metric, value in scores.items():
                totals[metric][0] += value.precision
                totals[metric][1] += value.recall
                totals[metric][2] += value.f1
            if on_progress is not None:
                on_progress(name, n)
        count = max(1, len(dataset.clusters))
        results.append(
            SystemResult(
                name=name,
                scores={
                    m: rouge.Score(p / count, r / count, f / count)
                    for m, (p, r, f) in totals.items()
                },
                ms_per_cluster=elapsed * 1000 / count,
                per_cluster=per_cluster,
                failed=tuple(failed),
            )
        )
    return results


def _summary(system: System, cluster: Cluster, words: int) -> str | None:
    """The system's summary of ``cluster``; None when its input leaves nothing to summarise."""
    try:
        return system(cluster.story, words, cluster.references)
    except InputError:
        return None


def markdown_table(dataset: Dataset, results: Sequence[SystemResult], words: int) -> str:
    """One Markdown table: ROUGE F1 and recall (x100) and ms per cluster."""
    lines = [
        f"{dataset.name}: {len(dataset.clusters)} clusters, summaries cut at {words} words",
        "",
        "| system | R1 F | R2 F | RL F | R1 R | R2 R | RL R | ms/cluster |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        s = result.scores
        lines.append(
            f"| {result.name} | {100 * s['rouge1'].f1:.2f} | {100 * s['rouge2'].f1:.2f} | "
            f"{100 * s['rougeL'].f1:.2f} | {100 * s['rouge1'].recall:.2f} | "
            f"{100 * s['rouge2'].recall:.2f} | {100 * s['rougeL'].recall:.2f} | "
            f"{result.ms_per_cluster:.1f} |"
        )
    for result in results:
        if result.failed:
            lines.append(
                f"\n{result.name} gave no summary of {len(result.failed)} cluster(s), scored as "
                f"empty: {', '.join(result.failed)}"
            )
    return "\n".join(lines)
