"""Choose a setting of the brief by cross-validation on the Multi-News train rows only.

    python benchmarks/cross_validate.py '{"analyse": {"lead_chars": 3000}}' '{...}' ...
        [--folds 5] [--ridge 100]

Each argument is a settings mapping (as in a TOML config) to try. For each, the 81 train rows
of the Polito sample are cut into the same folds (every fifth row); the learned scorer is
retrained on all folds but one (benchmarks/train_selector.py's model, with that setting)
and the held-out fold is summarised and scored (ROUGE F1 x100, 260 words). The val/test
rows and DUC 2003 are never read: they stay for reporting.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from _data import MULTINEWS_TSV, require
from newsfuse.evaluate import rouge
from newsfuse.evaluate.datasets import load_multinews
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings
from train_selector import cluster_examples, fit

WORDS = 260


def cross_validate(overrides: dict, folds: int, ridge: float) -> tuple[float, float]:
    """Mean ROUGE-1 and ROUGE-2 F1 of the held-out folds."""
    dataset = load_multinews(require(MULTINEWS_TSV), splits=("train",))
    base = {"words": WORDS, "compare": {"enabled": False}}
    examples = cluster_examples(Settings.from_mapping({**base, **overrides}), dataset)
    ids = [c.id for c in dataset.clusters]
    totals = np.zeros(2)
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(folds):
            held_out = set(ids[fold::folds])
            kept = [i for i in ids if i not in held_out]
            x = np.vstack([examples[i][0] for i in kept])
            y = np.concatenate([examples[i][1] for i in kept])
            weights = Path(tmp) / f"fold{fold}.json"
            weights.write_text(json.dumps(fit(x, y, ridge)))
            select = {**overrides.get("select", {}), "weights": str(weights)}
            pipeline = Pipeline(Settings.from_mapping({**base, **overrides, "select": select}))
            for cluster in dataset.clusters:
                if cluster.id in held_out:
                    summary = rouge.truncate(pipeline.run(cluster.story).text, WORDS)
                    scores = rouge.score(summary, cluster.references)
                    totals += (scores["rouge1"].f1, scores["rouge2"].f1)
    r1, r2 = 100 * totals / len(ids)
    return float(r1), float(r2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="+", help="settings mappings as JSON")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--ridge", type=float, default=100.0)
    args = parser.parse_args()
    print("| settings | R1 F | R2 F |")
    print("|---|---|---|")
    for text in args.settings:
        r1, r2 = cross_validate(json.loads(text), args.folds, args.ridge)
        print(f"| `{text}` | {r1:.2f} | {r2:.2f} |", flush=True)


if __name__ == "__main__":
    main()
