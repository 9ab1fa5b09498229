"""Every "differs" and "updated" the compare stage gives over all stories at hand, to judge.

    python benchmarks/facts_scan.py [--labels differs updated "not comparable"]

The labelled set (facts_eval.py) holds few real contradictions and updates, so its precision
for them rests on a handful of facts. This scan runs the figures' comparison over every
story of the shared data — the 506 AllSides triples, the 30 DUC 2003 clusters and the 100
Multi-News rows — and prints each fact with the given labels, every mention with its
sentence, for a reader to judge; then the number of facts per label.
"""

from __future__ import annotations

import argparse
from collections import Counter

from _data import SHARED_DATA, multinews_rows, require
from facts_eval import cleaned, load_stories
from newsfuse.evaluate.datasets import load_duc
from newsfuse.facts.numbers import quantity_facts, sentence_bounds


def story_ids() -> list[str]:
    allsides = require(next((SHARED_DATA / "neus-allsides" / "raw_crawled").glob("*.jsonl")))
    n_allsides = len(allsides.read_text(encoding="utf-8").splitlines())
    duc = load_duc(require(SHARED_DATA / "duc2003-task2"))
    return (
        [f"allsides-{n}" for n in range(n_allsides)]
        + [f"duc-{cluster.id}" for cluster in duc.clusters]
        + [f"mn-{row['row_id']}" for row in multinews_rows()]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", nargs="+", default=["differs", "updated"])
    args = parser.parse_args()

    ids = story_ids()
    stories = load_stories(ids)
    per_label: Counter[str] = Counter()
    for story_id in ids:
        articles = cleaned(stories[story_id])
        text = {a.id: a.text for a in articles}
        for fact in quantity_facts(articles):
            per_label[fact.label.value] += 1
            if fact.label.value not in args.labels:
                continue
            print(f"{story_id} [{fact.label.value}] {fact.value}")
            for mention in fact.mentions:
                start, end = sentence_bounds(text[mention.article], mention.start, mention.end)
                sentence = " ".join(text[mention.article][start:end].split())
                print(f"    {mention.article}: «{mention.text}» … {sentence[:220]}")
    print(f"\n{len(ids)} stories; figure facts per label: {dict(sorted(per_label.items()))}")


if __name__ == "__main__":
    main()
