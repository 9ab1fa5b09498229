"""Story clustering on the dev pile: newsfuse and peers, B-cubed per data set, in one run.

    python benchmarks/pile.py && python benchmarks/cluster_eval.py [--json out.json]

Peers (thresholds chosen on the TUNING pile by best B-cubed F1, then applied unchanged to the
REPORTING pile; see benchmarks/pile.py for the split):

- agglomerative: TF-IDF (scikit-learn, sublinear tf, English stop words) + average-link
  agglomerative clustering on cosine distance, cut at a distance threshold;
- online centroid: single pass in time order, each article joins the most similar story
  centroid (TF-IDF cosine) above a threshold, else founds a story: the classic TDT baseline;
- HDBSCAN on TF-IDF cosine distances (noise points are stories of their own).

newsfuse: ``cluster`` on the whole pile (time order), the incremental ``StoryIndex.add`` in
arrival order (the pile's shuffled order), five other arrival orders (the spread of F1), text
alone (titles, outlets, URLs and dates removed); and the dense setting (the model that also
reads static MiniLM embeddings of title and lead, ``JoinModel.load(dense=True)``) whole pile,
in arrival order and in the five other orders.

Two golds: "topics", the data sets' own stories (DUC 2007 and MultiLing: assessors' topics
running for years), and "events", the same stories cut wherever their reports leave a gap of
more than 30 days (issue 15's rule; ``train_story_model.EVENT_GAP``; see
benchmarks/cluster_ceiling.py). Each peer's threshold is chosen on the tuning part against
the gold it is scored on.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from bcubed import bcubed, by_set
from newsfuse.stories.cluster import cluster_index
from newsfuse.stories.index import StoryIndex
from newsfuse.stories.model import JoinModel
from newsfuse.stories.signals import article_day
from pile import event_gold, read_gold, read_pile
from train_story_model import EVENT_GAP, article_of

Records = list[dict[str, str]]
Labels = dict[str, str]


def _tfidf(records: Records):
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1)
    return vectorizer.fit_transform([r.get("title", "") + "\n" + r["text"] for r in records])


def agglomerative(records: Records, threshold: float) -> Labels:
    x = _tfidf(records)
    similarity = (x @ x.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=threshold, criterion="distance")
    return {r["id"]: f"c{label}" for r, label in zip(records, labels, strict=True)}


def _time_order(records: Records) -> list[int]:
    days = [article_day(article_of(r)) for r in records]
    return sorted(range(len(records)), key=lambda i: (days[i] is None, days[i] or 0, i))


def online_centroid(records: Records, threshold: float) -> Labels:
    x = _tfidf(records)
    order = _time_order(records)
    x = x[order]
    labels = np.full(len(order), -1)
    sq_norms: list[float] = []
    for i in range(len(order)):
        if i:
            sims = (x[:i] @ x[i].T).toarray().ravel()
            dots = np.bincount(labels[:i], weights=sims, minlength=len(sq_norms))
            cosines = dots / np.sqrt(np.array(sq_norms))
            best = int(np.argmax(cosines))
            if cosines[best] >= threshold:
                labels[i] = best
                sq_norms[best] += 2 * dots[best] + 1.0
                continue
        labels[i] = len(sq_norms)
        sq_norms.append(1.0)
    return {records[order[i]]["id"]: f"c{labels[i]}" for i in range(len(order))}


def hdbscan(records: Records, min_samples: float) -> Labels:
    from sklearn.cluster import HDBSCAN

    x = _tfidf(records)
    distance = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    labels = HDBSCAN(
        metric="precomputed", min_cluster_size=2, min_samples=int(min_samples)
    ).fit_predict(distance)
    return {
        r["id"]: (f"c{label}" if label >= 0 else f"noise-{r['id']}")
        for r, label in zip(records, labels, strict=True)
    }


def newsfuse_whole(records: Records) -> Labels:
    index = cluster_index([article_of(r) for r in records])
    return {r["id"]: index.story_of(r["id"]) for r in records}


def newsfuse_incremental(records: Records, model: JoinModel | None = None) -> Labels:
    index = StoryIndex(model)
    return {r["id"]: index.add(article_of(r)) for r in records}


def text_only(records: Records) -> Records:
    return [{"id": r["id"], "text": r["text"]} for r in records]


PEERS: dict[str, tuple[Callable[[Records, float], Labels], tuple[float, ...]]] = {
    "TF-IDF + average-link agglomerative": (
        agglomerative,
        tuple(round(0.5 + 0.025 * k, 3) for k in range(19)),
    ),
    "single-pass online centroid (TDT)": (
        online_centroid,
        tuple(round(0.1 + 0.025 * k, 3) for k in range(17)),
    ),
    "HDBSCAN on TF-IDF": (hdbscan, (1.0, 2.0, 3.0)),
}


def newsfuse_dense(records: Records) -> Labels:
    index = cluster_index([article_of(r) for r in records], model=JoinModel.load(dense=True))
    return {r["id"]: index.story_of(r["id"]) for r in records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--shuffles", type=int, default=5)
    args = parser.parse_args()
    topics = read_gold()
    tune, report = read_pile("tune"), read_pile("report")
    days = {r["id"]: article_day(article_of(r)) for r in (*tune, *report)}
    events_only = event_gold({k: v[0] for k, v in topics.items() if k in days}, days, EVENT_GAP)
    events = {k: (v, topics[k][1]) for k, v in events_only.items()}
    golds = {"topics": topics, "events": events}
    results: dict[str, dict[str, object]] = {}

    def record(name: str, labels: Labels, seconds: float, extra: dict[str, object]) -> None:
        results[name] = {"seconds": round(seconds, 2), **extra}
        for kind, gold in golds.items():
            if kind not in extra.get("gold", kind):  # type: ignore[operator]
                continue
            scores = by_set(labels, gold)
            results[name][kind] = scores
            print(
                f"{name:42} {kind:6} {seconds:6.1f}s  "
                + "  ".join(f"{k} {p:.3f}/{r:.3f}/{f:.3f}" for k, (p, r, f) in scores.items()),
                flush=True,
            )

    for name, (method, grid) in PEERS.items():
        for kind, gold in golds.items():
            tune_gold = {r["id"]: gold[r["id"]][0] for r in tune}
            best = max(grid, key=lambda t: bcubed(method(tune, t), tune_gold)[2])
            started = time.perf_counter()
            labels = method(report, best)
            seconds = time.perf_counter() - started
            record(f"{name} [{kind}]", labels, seconds, {"threshold": best, "gold": kind})

    started = time.perf_counter()
    whole = newsfuse_whole(report)
    record("newsfuse cluster (whole pile)", whole, time.perf_counter() - started, {})
    started = time.perf_counter()
    whole_dense = newsfuse_dense(report)
    record("newsfuse cluster, dense setting", whole_dense, time.perf_counter() - started, {})
    started = time.perf_counter()
    incremental = newsfuse_incremental(report)
    record(
        "newsfuse StoryIndex.add (arrival order)", incremental, time.perf_counter() - started, {}
    )
    dense_model = JoinModel.load(dense=True)
    started = time.perf_counter()
    incremental_dense = newsfuse_incremental(report, dense_model)
    record(
        "newsfuse StoryIndex.add, dense setting",
        incremental_dense,
        time.perf_counter() - started,
        {},
    )
    started = time.perf_counter()
    record(
        "newsfuse cluster, text alone",
        newsfuse_whole(text_only(report)),
        time.perf_counter() - started,
        {},
    )
    agreement = {
        "sparse": round(bcubed(incremental, whole)[2], 4),
        "dense": round(bcubed(incremental_dense, whole_dense)[2], 4),
    }
    print(f"incremental vs whole pile: B-cubed F1 of one against the other {agreement}")
    spread: dict[str, dict[str, object]] = {}
    for setting, model in (("sparse", None), ("dense", dense_model)):
        runs = []
        for seed in range(1, args.shuffles + 1):
            shuffled = list(report)
            random.Random(seed).shuffle(shuffled)
            runs.append(newsfuse_incremental(shuffled, model))
        for kind, gold in golds.items():
            f1s = [by_set(labels, gold)["overall"][2] for labels in runs]
            if f1s:
                spread.setdefault(setting, {})[kind] = found = {
                    "f1": [round(f, 4) for f in f1s],
                    "min": round(min(f1s), 4),
                    "max": round(max(f1s), 4),
                    "stdev": round(statistics.pstdev(f1s), 4),
                }
                print(f"incremental F1, {setting}, {kind}, {args.shuffles} arrival orders: {found}")
    if args.json:
        payload = {
            "event_gap_days": EVENT_GAP,
            "systems": results,
            "incremental_vs_whole_f1": agreement,
            "shuffles": spread,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    main()
