"""Where newsfuse ``cluster`` spends its time, against the agglomerative peer in the same run.

    python benchmarks/pile.py && python benchmarks/cluster_speed.py [2132 5000 10000]

For each size: the reporting pile (its 2,132 articles) or a synthetic pile of that many dated
dev articles (``cluster_scale.synthetic``: the dev stories repeated in new time windows).
Timed in one process, one after the other: newsfuse's reading of each article split into
cleaning (``newsfuse.clean``) and the rest (terms, names, date, MinHash shingles), its index
(``StoryIndex.add_signals`` in time order; sparse and dense settings), and the agglomerative
peer of ``cluster_eval.py`` (TF-IDF, the n x n cosine matrix, average-link linkage) at its
tuned cut. Wall-clock seconds on a shared 2-core machine: read the ratios, not the seconds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsfuse.stories.signals as signals_module
from cluster_eval import agglomerative
from cluster_scale import synthetic
from newsfuse.stories.cluster import time_order
from newsfuse.stories.index import StoryIndex
from newsfuse.stories.model import JoinModel
from newsfuse.stories.signals import read_article
from pile import read_pile
from train_story_model import article_of

AGGLOMERATIVE_CUT = 0.85  # cluster_eval.py's choice on the tuning part (topics gold)


def measure(records: list[dict[str, str]]) -> dict[str, float]:
    articles = [article_of(r) for r in records]
    real_clean = signals_module.clean
    cleaning = 0.0

    def timed_clean(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal cleaning
        tick = time.perf_counter()
        out = real_clean(*args, **kwargs)
        cleaning += time.perf_counter() - tick
        return out

    signals_module.clean = timed_clean  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        raw = [read_article(a) for a in articles]
        reading = time.perf_counter() - started
    finally:
        signals_module.clean = real_clean
    out = {"articles": len(records), "read_clean_s": cleaning, "read_rest_s": reading - cleaning}
    for name, model in (("sparse", JoinModel.load()), ("dense", JoinModel.load(dense=True))):
        started = time.perf_counter()
        index = StoryIndex(model)
        for i in time_order(raw):
            index.add_signals(raw[i])
        out[f"index_{name}_s"] = time.perf_counter() - started
    started = time.perf_counter()
    agglomerative(records, AGGLOMERATIVE_CUT)
    out["agglomerative_s"] = time.perf_counter() - started
    out["newsfuse_s"] = reading + out["index_sparse_s"]
    out["newsfuse_over_agglomerative"] = out["newsfuse_s"] / out["agglomerative_s"]
    return {k: round(v, 3) for k, v in out.items()}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2132]
    for size in sizes:
        report = read_pile("report")
        synthetic_pile = size != len(report)
        records = [r for r, _story in synthetic(size)] if synthetic_pile else report
        print(json.dumps(measure(records)), flush=True)


if __name__ == "__main__":
    main()
