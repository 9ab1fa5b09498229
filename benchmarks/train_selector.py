"""Train the learned sentence scorer and write src/newsfuse/data/selector.json.

    python benchmarks/train_selector.py [--ridge 100]

Data: the ``train`` rows (81) of ../shared/data/multi-news/polito_sample_100_seed42.tsv
only; the val/test rows and DUC 2003 stay unseen for reporting. Each eligible candidate
sentence (as the pipeline segments and filters it) is one example; its label is the mean of
its clipped unigram and bigram precision against the reference (how much of the sentence a
human summary contains). The model is ridge regression on standardised features, solved in
closed form: deterministic, no random seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from _data import MULTINEWS_TSV, REPO, require
from newsfuse.analyse import analyse
from newsfuse.clean import clean_story
from newsfuse.evaluate import rouge
from newsfuse.evaluate.datasets import Dataset, load_multinews
from newsfuse.models import Story
from newsfuse.pipeline import canonical_order
from newsfuse.segment import segment
from newsfuse.select.features import FEATURES, features
from newsfuse.select.scoring import eligible
from newsfuse.settings import Settings

OUT = REPO / "src" / "newsfuse" / "data" / "selector.json"


def _precision(tokens: list[str], references: list[list[str]], n: int) -> float:
    grams = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    if not grams:
        return 0.0
    best: Counter[tuple[str, ...]] = Counter()
    for reference in references:
        best |= Counter(tuple(reference[i : i + n]) for i in range(len(reference) - n + 1))
    return sum((grams & best).values()) / sum(grams.values())


def cluster_examples(
    settings: Settings, dataset: Dataset | None = None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per train cluster: the features of its eligible candidates and their labels."""
    dataset = dataset or load_multinews(require(MULTINEWS_TSV), splits=("train",))
    found = {}
    for cluster in dataset.clusters:
        articles = canonical_order(clean_story(cluster.story.articles, settings.clean))
        sentences = tuple(
            s for a in articles if a.text.strip() for s in segment(a, settings.segment)
        )
        analysis = analyse(Story(cluster.id, articles), sentences, settings.analyse)
        mask = eligible(analysis, settings.select)
        matrix = features(analysis, mask)
        references = [rouge.tokenize(r) for r in cluster.references]
        labels = []
        for k in np.flatnonzero(mask):
            tokens = rouge.tokenize(analysis.sentences[analysis.candidates[k]].text)
            labels.append(
                (_precision(tokens, references, 1) + _precision(tokens, references, 2)) / 2
            )
        found[cluster.id] = (matrix[mask], np.array(labels))
    return found


def fit(x: np.ndarray, y: np.ndarray, ridge: float) -> dict[str, Any]:
    """Ridge regression on standardised features, in closed form (no random seed)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0  # the bias column stays 1
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    weights = np.linalg.solve(z.T @ z + ridge * np.eye(z.shape[1]), z.T @ y)
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 8) for v in mean],
        "scale": [round(float(v), 8) for v in scale],
        "weights": [round(float(v), 8) for v in weights],
        "ridge": ridge,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ridge", type=float, default=100.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    examples = cluster_examples(Settings())
    x = np.vstack([x for x, _ in examples.values()])
    y = np.concatenate([y for _, y in examples.values()])
    model = fit(x, y, args.ridge)
    model |= {
        "label": "mean of clipped unigram and bigram precision against the reference",
        "trained_on": f"{len(examples)} train rows of {MULTINEWS_TSV.name}, {len(y)} sentences",
        "data_sha256": hashlib.sha256(MULTINEWS_TSV.read_bytes()).hexdigest()[:16],
    }
    args.out.write_text(json.dumps(model, indent=2) + "\n")
    for name, value in zip(FEATURES, model["weights"], strict=True):
        print(f"{name:24s} {value:+.4f}")
    print(f"wrote {args.out} ({len(y)} sentences from {len(examples)} stories)")


if __name__ == "__main__":
    main()
