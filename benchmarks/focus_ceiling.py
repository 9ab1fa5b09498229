"""How high could an extractive brief of newsfuse's candidate sentences score? A ceiling for
the focused tasks' ROUGE-2 targets.

    python benchmarks/focus_ceiling.py

For every cluster of DUC 2007's update task (100 words) and of the query-focused DUC 2006 and
DUC 2007 main (250 words), a greedy selection that *knows the references* takes, from the
sentences a brief may copy, the one adding most reference bigrams per word until the budget
is spent (an approximation of the best extractive selection from below: the true optimum is
at least as high). Pools: every eligible candidate of the reports the brief draws from (the new
reports for B and C), and for B and C also those the update brief keeps (not already told by
an earlier report; with the topic statement, relevant to it). Prints mean ROUGE-2 recall and
the pool's mean size. No assertion: the figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsfuse.analyse import analyse
from newsfuse.clean import clean
from newsfuse.evaluate import rouge
from newsfuse.evaluate.focus import FocusCluster, load_query_task, load_update_task
from newsfuse.facts.numbers import quantity_facts
from newsfuse.pipeline import _changed_figures, canonical_order
from newsfuse.segment import segment
from newsfuse.select import focus
from newsfuse.select.scoring import eligible
from newsfuse.settings import Settings

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SETTINGS = Settings()


def _bigrams(text: str) -> Counter[tuple[str, str]]:
    tokens = rouge.tokenize(text)
    return Counter(itertools.pairwise(tokens))


def greedy_best(sentences: Sequence[str], references: Sequence[str], words: int) -> str:
    """Sentences adding most reference bigrams (clipped, pooled) per word, within ``words``
    (the last one may run over and is cut, as the scorer cuts every summary)."""
    wanted: Counter[tuple[str, str]] = Counter()
    for reference in references:
        wanted.update(_bigrams(reference))
    grams = [_bigrams(s) for s in sentences]
    lengths = [len(s.split()) for s in sentences]
    have: Counter[tuple[str, str]] = Counter()
    chosen: list[int] = []
    left = words
    while left > 0:
        best, best_value = -1, 0.0
        for i, found in enumerate(grams):
            if i in chosen:
                continue
            gain = sum(min(n, wanted[g] - min(have[g], wanted[g])) for g, n in found.items())
            value = gain / max(1, min(lengths[i], left))
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        chosen.append(best)
        have.update(grams[best])
        left -= lengths[best]
    return " ".join(sentences[i] for i in chosen)


def pools(cluster: FocusCluster) -> dict[str, list[str]]:
    story = cluster.story
    cleaned = canonical_order(clean(a, SETTINGS.clean) for a in story.articles)
    usable = tuple(a for a in cleaned if a.text.strip())
    story = replace(story, articles=cleaned)
    sentences = tuple(s for a in usable for s in segment(a, SETTINGS.segment))
    analysis = analyse(story, sentences, SETTINGS.analyse)
    read = frozenset(story.since)
    mask = eligible(analysis, SETTINGS.select)

    def texts(keep: np.ndarray) -> list[str]:
        rows = analysis.candidates[keep]
        return [
            analysis.sentences[i].text for i in rows if analysis.sentences[i].article_id not in read
        ]

    found = {"candidates": texts(mask)}
    if read:
        changed = _changed_figures(tuple(quantity_facts(usable)), sentences, read)
        for label, query in (("update brief's", None), ("update+query brief's", story.query)):
            reader = focus.focus(analysis, since=story.since, query=query, changed=changed)
            assert reader is not None
            found[label] = texts(mask & reader.eligible)
    return found


def report(name: str, clusters: Sequence[FocusCluster], words: int) -> None:
    results: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for cluster in clusters:
        for pool, sentences in pools(cluster).items():
            summary = rouge.truncate(greedy_best(sentences, cluster.references, words), words)
            r2 = rouge.score(summary, cluster.references)["rouge2"].recall
            results.setdefault((cluster.part or "all", pool), []).append((r2, len(sentences)))
    for (part, pool), rows in sorted(results.items()):
        r2 = float(np.mean([r for r, _ in rows]))
        size = float(np.mean([n for _, n in rows]))
        print(f"| {name} | {part} | {pool} | {len(rows)} | {size:.0f} | {r2:.4f} |", flush=True)


def main() -> None:
    if not (DATA / "duc2007").is_dir() or not (DATA / "duc2006").is_dir():
        sys.exit(f"needs DUC 2006 and 2007 under {DATA}")
    print("| set | part | pool | clusters | sentences | R2 recall |")
    print("|---|---|---|---|---|---|")
    report("DUC 2007 update", load_update_task(DATA / "duc2007"), 100)
    report("DUC 2006", load_query_task(DATA / "duc2006"), 250)
    report("DUC 2007 main", load_query_task(DATA / "duc2007"), 250)


if __name__ == "__main__":
    main()
