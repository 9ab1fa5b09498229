"""Train the line classifier of the clean stage and write src/newsfuse/data/cleaner.json.

    python benchmarks/clean_data.py        # first: the labelled lines (benchmarks/out)
    python benchmarks/train_cleaner.py [--c 1.0]

Data: the labelled lines of the fundus pages in benchmarks/out/clean_lines.jsonl (flattened
two ways, labelled by alignment with each publisher parser's body), the hand-labelled lines
of the 81 Multi-News train rows in benchmarks/clean_labels_multinews.jsonl (weighted 3x: the
text the cleaner serves; each passage with its story's context, as clean_story gives it) and
the junk pages written for training (benchmarks/clean_junk_train.jsonl). The val and test
rows' hand labels are never trained on (benchmarks/clean_eval.py also scores all 100 rows in
outlet-disjoint folds, each fold's classifier trained without them).

The pages of readability, newspaper and goose3 are not trained on: their gold texts are
those libraries' own accepted outputs, which keep captions, bylines and link lists that the
hand labels call clutter; added to the training data they lowered clutter recall on
held-out Multi-News train stories from 0.77 to 0.26 at the same threshold (4 folds by story,
fundus + Multi-News train 0.774 / content words kept 0.988 at threshold 0.5; all four page
sets 0.255 / 0.995). They are still scored by benchmarks/clean_eval.py.

A lexicon (a logistic regression over the labelled short lines' words; see fit_lexicon) and
two logistic regressions (scikit-learn, lbfgs, L2, on standardised features; deterministic):
the first over each line's own features (newsfuse.linemodel.FEATURES, the lexical score out of
fold), the second over those
plus the first's probabilities for the line, its neighbours and its article. The second is
trained on the first's out-of-fold probabilities (5 folds split by publisher), so that it
learns how far to trust them on pages the first never saw.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from _data import MULTINEWS_TSV, OUT, REPO, require
from newsfuse.clean import context_of, rule_reasons
from newsfuse.evaluate.datasets import load_multinews
from newsfuse.linemodel import (
    CONTEXT_FEATURES,
    FEATURES,
    StoryContext,
    context_features,
    line_features,
    line_tokens,
)
from newsfuse.settings import CleanSettings

LINES = OUT / "clean_lines.jsonl"
MODEL = REPO / "src" / "newsfuse" / "data" / "cleaner.json"
HAND_LABELS = REPO / "benchmarks" / "clean_labels_multinews.jsonl"
FOLDS = 5
TRAIN_SETS = ("fundus", "multi-news", "junk")
JUNK_TRAIN = REPO / "benchmarks" / "clean_junk_train.jsonl"
# Each hand-labelled Multi-News line counts this many times: the lines the cleaner serves.
MULTINEWS_WEIGHT = 3.0
# (story, passage, line) -> the kind of clutter its hand label gives (None: content)
KINDS: dict[tuple[str, str, int], str | None] = {}


@dataclass
class Doc:
    """One flattened page (or passage): its lines in order, their labels (None: ambiguous)."""

    dataset: str
    publisher: str
    key: str
    lines: list[str]
    labels: list[str | None]
    text: str = ""  # the document as cleaned (default: its lines, one per line)
    numbers: list[int] | None = None  # each line's 1-based number in ``text``
    weight: float = 1.0
    rows: np.ndarray | None = None
    context: StoryContext | None = None  # what the story's articles hold (None: alone)
    story: list[str] | None = None  # the texts of the story's articles, this one among them
    words: list[list[str] | None] | None = None

    def tokens(self) -> list[list[str] | None]:
        """The words the features read in each line (None: a paragraph's)."""
        if self.words is None:
            self.words = [line_tokens(line) for line in self.lines]
        return self.words

    def features(self) -> np.ndarray:
        """The first pass's features, the lexical score left 0 (see ``with_lexicon``)."""
        if self.rows is None:
            text = self.text or "\n".join(self.lines)
            numbers = self.numbers or list(range(1, len(self.lines) + 1))
            reasons = rule_reasons(text)
            self.rows = line_features(self.lines, [reasons.get(n) for n in numbers], self.context)
        return self.rows


# Marks of an outlet in a Multi-News passage's own text (the sample gives no URLs): its
# boilerplate, credits and agency datelines. Used only to keep an outlet's passages on one side
# of the folds (a passage with none of them is its story's own "outlet"); named as
# clean_data.py names the fundus publishers, so that those are kept apart too.
OUTLET_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (site, re.compile(pattern, re.MULTILINE))
    for site, pattern in (
        ("archive", r"These crawls are part of an effort|Internet Archive|Archive-It"),
        ("twitter", r"^Tweet with a location$|legacy Twitter"),
        ("bbc", r"Image caption|Media playback is unsupported|Image copyright"),
        ("nytimes", r"Continue reading the main story"),
        ("usatoday", r"usat\.ly|Read or Share this story|\(Photo: "),
        ("nbcnews", r"Breaking News Emails|^/ Updated By|Copy this code to your website"),
        ("politico", r"Story Continued Below|Also on POLITICO|^Read more about:|politi\.co"),
        ("cnn", r"JUST WATCHED|^Story highlights|^\(CNN\)"),
        ("thehill", r"^ADVERTISEMENT$"),
        ("bloomberg", r"^—With assistance from|Bloomberg Politics|To contact the reporter on"),
        ("usmagazine", r"Us Weekly"),
        ("cbslocal", r"CBS Local Media|CBSLA"),
        ("mediaite", r"Have a tip we should know"),
        ("foxnews", r"Click for more from"),
        ("youtube", r"^Published on \w{3} \d{1,2}, \d{4}$"),
        ("reuters", r"\(Reuters\) -|REUTERS/|^\(Reporting by"),
        ("apnews", r"\(AP\) [—_-]|^___$|Associated Press writer|AP Photo/"),
        ("theguardian", r"Photograph: | Read more$"),
        ("washingtonpost", r"^\[[^\]]+\]$|/The Washington Post\)"),
        ("latimes", r"on Twitter for breaking news"),
    )
)


def outlet_of(text: str, story: str) -> str:
    """The outlet a Multi-News passage's text marks, else its story's own key."""
    return next((site for site, mark in OUTLET_MARKS if mark.search(text)), f"story:{story}")


def multinews_docs(split: str = "train") -> list[Doc]:
    """The hand-labelled Multi-News passages of one split ("train", "val/test" or "all"),
    each with its outlet (``outlet_of``) as publisher and its story's context."""
    labels: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    with HAND_LABELS.open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            if split in ("all", r["split"]):
                labels[(r["story"], r["passage"])][r["line"]] = r["label"]
                KINDS[(r["story"], r["passage"], r["line"])] = r["kind"]
    splits = {"train": ("train",), "val/test": ("val", "test")}.get(split, ("train", "val", "test"))
    docs = []
    settings = CleanSettings()
    for cluster in load_multinews(require(MULTINEWS_TSV), splits=splits).clusters:
        context = context_of(cluster.story.articles, settings)
        texts = [a.text for a in cluster.story.articles]
        for article in cluster.story.articles:
            marks = labels.get((cluster.story.id, article.id))
            if not marks:
                continue
            numbered = [  # white space as the clean stage normalises it
                (n, " ".join(line.split()))
                for n, line in enumerate(article.text.splitlines(), start=1)
                if line.strip()
            ]
            docs.append(
                Doc(
                    "multi-news",
                    outlet_of(article.text, cluster.story.id),
                    f"{cluster.story.id}/{article.id}",
                    [line for _, line in numbered],
                    [marks.get(n) for n, _ in numbered],
                    text=article.text,
                    numbers=[n for n, _ in numbered],
                    weight=MULTINEWS_WEIGHT,
                    context=context,
                    story=texts,
                )
            )
    return docs


def junk_docs() -> list[Doc]:
    """Junk pages written for training (benchmarks/clean_junk_train.jsonl: crawl notices,
    login, cookie, consent and paywall walls, error, bot-check and other notice pages), every
    line clutter; each its own publisher. (The junk pages of clean_junk.jsonl are scored only.)"""
    docs = []
    for line in JUNK_TRAIN.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        lines = [" ".join(x.split()) for x in record["text"].splitlines() if x.strip()]
        docs.append(Doc("junk", record["id"], record["id"], lines, ["clutter"] * len(lines)))
    return docs


def load_docs(path: Path = LINES) -> list[Doc]:
    if not path.exists():
        raise SystemExit(f"{path} not found: run python benchmarks/clean_data.py first")
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            grouped[(record["dataset"], record["page"], record["view"])].append(record)
    docs = []
    for (dataset, page, view), records in sorted(grouped.items()):
        records.sort(key=lambda r: r["line"])
        docs.append(
            Doc(
                dataset,
                records[0]["publisher"],
                f"{dataset}/{page}/{view}",
                [r["text"] for r in records],
                [r["label"] for r in records],
            )
        )
    return docs


def publisher_folds(docs: list[Doc], folds: int = FOLDS) -> list[int]:
    """The fold of each doc: publishers dealt to folds by a hash of their name (stable)."""

    def fold(publisher: str) -> int:
        return int(hashlib.sha256(publisher.encode()).hexdigest(), 16) % folds

    return [fold(d.publisher) for d in docs]


def _xy(
    docs: list[Doc], extra: list[np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for i, doc in enumerate(docs):
        rows = doc.features() if extra is None else extra[i]
        mask = np.array([label is not None for label in doc.labels])
        xs.append(rows[mask])
        ys.append(np.array([label == "clutter" for label in doc.labels])[mask])
        ws.append(np.full(int(mask.sum()), doc.weight))
    return np.vstack(xs), np.concatenate(ys).astype(int), np.concatenate(ws)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> dict[str, list[float]]:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0  # the bias column stays 1
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit((x - mean) / scale, y, sample_weight=w)
    return {
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in model.coef_[0]],
    }


# The lexicon: a word counts when lines of at least this many publishers and topics hold it
# (an outlet's own furniture words, its name, say nothing about an outlet never seen; a story's
# names say nothing about the next story) and it has no digit; its weight is a logistic
# regression's over the labelled short lines' words (in the 5 publisher folds: +0.01 clutter
# recall on the Multi-News rows at the same content kept; minimum topics 5-20 and C 0.03-0.3
# all within 0.005 of each other).
LEXICON_MIN_PUBLISHERS = 3
LEXICON_MIN_TOPICS = 10  # stories (Multi-News) or pages: a story's own words are not cues
LEXICON_C = 0.1
_LEXICAL = FEATURES.index("lexical score")


def fit_lexicon(docs: list[Doc], c: float = LEXICON_C) -> dict[str, float]:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    publishers: dict[str, set[str]] = defaultdict(set)
    topics: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        topic = doc.key.split("/")[0] if doc.dataset == "multi-news" else doc.key
        for words, label in zip(doc.tokens(), doc.labels, strict=True):
            if words is not None and label is not None:
                for word in words:
                    publishers[word].add(doc.publisher)
                    topics[word].add(topic)
    vocabulary = sorted(
        w
        for w, p in publishers.items()
        if len(p) >= LEXICON_MIN_PUBLISHERS
        and len(topics[w]) >= LEXICON_MIN_TOPICS
        and not any(ch.isdigit() for ch in w)
    )
    index = {w: i for i, w in enumerate(vocabulary)}
    indptr, indices, ys, ws = [0], [], [], []
    for doc in docs:
        for words, label in zip(doc.tokens(), doc.labels, strict=True):
            if words is None or label is None:
                continue
            indices.extend(sorted({index[w] for w in words if w in index}))
            indptr.append(len(indices))
            ys.append(label == "clutter")
            ws.append(doc.weight)
    x = csr_matrix(
        (np.ones(len(indices)), np.array(indices, dtype=int), np.array(indptr)),
        shape=(len(ys), len(vocabulary)),
    )
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, np.array(ys, dtype=int), sample_weight=np.array(ws))
    return {
        w: round(float(v), 4)
        for w, v in zip(vocabulary, model.coef_[0], strict=True)
        if abs(v) >= 0.005
    }


def with_lexicon(doc: Doc, lexicon: dict[str, float]) -> np.ndarray:
    """The doc's first-pass features with the lexical score of ``lexicon``."""
    rows = doc.features().copy()
    for i, words in enumerate(doc.tokens()):
        if words is not None:
            rows[i, _LEXICAL] = sum(lexicon.get(w, 0.0) for w in set(words))
    return rows


def _predict(spec: dict[str, list[float]], x: np.ndarray) -> np.ndarray:
    z = ((x - np.asarray(spec["mean"])) / np.asarray(spec["scale"])) @ np.asarray(spec["weights"])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def fit_model(docs: list[Doc], c: float = 1.0) -> dict[str, Any]:
    """The lexicon and both passes, trained on ``docs``: the first pass on lexical scores out
    of fold (5 folds by publisher), the second on the first's out-of-fold probabilities."""
    folds = publisher_folds(docs)
    lexicon = fit_lexicon(docs)
    rows: list[np.ndarray | None] = [None] * len(docs)
    for k in range(FOLDS):
        train = [d for d, f in zip(docs, folds, strict=True) if f != k]
        if not train or len(train) == len(docs):
            continue
        fold_lexicon = fit_lexicon(train)
        for i, (doc, f) in enumerate(zip(docs, folds, strict=True)):
            if f == k:
                rows[i] = with_lexicon(doc, fold_lexicon)
    features = [
        r if r is not None else with_lexicon(doc, lexicon)
        for doc, r in zip(docs, rows, strict=True)
    ]
    line_p: list[np.ndarray | None] = [None] * len(docs)
    for k in range(FOLDS):
        train_rows = [r for r, f in zip(features, folds, strict=True) if f != k]
        if not train_rows:
            continue
        spec = _fit(*_xy([d for d, f in zip(docs, folds, strict=True) if f != k], train_rows), c)
        for i, f in enumerate(folds):
            if f == k:
                line_p[i] = _predict(spec, features[i])
    first = _fit(*_xy(docs, features), c)
    for i in range(len(docs)):
        if line_p[i] is None:
            line_p[i] = _predict(first, features[i])
    context = [context_features(r, p) for r, p in zip(features, line_p, strict=True)]
    second = _fit(*_xy(docs, context), c)
    return {
        "features": list(FEATURES),
        "context_features": list(CONTEXT_FEATURES),
        "line": first,
        "context": second,
        "C": c,
        "lexicon": dict(sorted(lexicon.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args()
    docs = [d for d in load_docs() if d.dataset in TRAIN_SETS] + multinews_docs("train")
    docs += junk_docs()
    model = fit_model(docs, args.c)
    labelled = sum(label is not None for d in docs for label in d.labels)
    model["trained_on"] = (
        f"{labelled} labelled lines of {len(docs)} flattened fundus pages and hand-labelled "
        "Multi-News train passages"
    )
    model["data_sha256"] = hashlib.sha256(LINES.read_bytes()).hexdigest()[:16]
    args.out.write_text(json.dumps(model, indent=1) + "\n")
    for name, weight in zip(CONTEXT_FEATURES, model["context"]["weights"], strict=True):
        print(f"{name:28s} {weight:+.3f}")
    print(f"wrote {args.out} ({model['trained_on']})")


if __name__ == "__main__":
    main()
