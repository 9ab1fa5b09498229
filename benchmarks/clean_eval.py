"""The clean stage against its peers, on lines of publishers it was never trained on.

    python benchmarks/clean_data.py                  # the labelled page lines (benchmarks/out)
    python benchmarks/clean_eval.py [--thresholds 0.25,0.2,0.3,0.5] [--json out.json]

Data:

- the page lines of benchmarks/clean_data.py (fundus, readability, newspaper, goose3) and the
  hand-labelled lines of all 100 Multi-News rows (benchmarks/clean_labels_multinews.jsonl;
  each passage's outlet read from its own marks, train_cleaner.outlet_of), in 5
  publisher-disjoint folds: each fold is cleaned by a classifier trained (as
  benchmarks/train_cleaner.py trains it) on the other four folds' fundus pages, Multi-News
  passages and written junk pages, so no publisher or outlet is on both sides; the
  Multi-News passages are cleaned with their story's context (clean_story's), and once more
  each alone ("articles alone"); a confusion by hand-labelled kind follows;
- the 19 val and test rows (885 lines) cleaned by the shipped classifier, which never saw
  them (it saw the train rows, whose outlets overlap theirs);
- junk documents: the 16 of benchmarks/clean_junk.jsonl (written for this test: crawl
  notices, login, cookie and paywall walls, error pages; never trained on), and the
  Multi-News passages that are all clutter (33), in the outlet folds.

Per data set: clutter-line recall and precision (over the labelled lines; a line counts as
dropped when the system keeps none of it), the share of the content lines' words kept, and
junk documents dropped (nothing of them kept). Peers in the same run: today's rules alone
(clean.model = false), the naive filter (a line of >= 8 words ending in sentence
punctuation stays), C4's line rules (>= 5 words, terminal punctuation, no "javascript" or
"cookie"), jusText (one <p> per line, English stop list).
"""

from __future__ import annotations

import argparse
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _data import REPO, multinews_rows
from newsfuse.clean import clean
from newsfuse.linemodel import LineModel, StoryContext, model_from_dict
from newsfuse.models import Article
from newsfuse.settings import CleanSettings
from train_cleaner import (
    FOLDS,
    KINDS,
    TRAIN_SETS,
    Doc,
    fit_model,
    junk_docs,
    load_docs,
    multinews_docs,
    publisher_folds,
)

VAL_TEST_STORIES = frozenset(
    f"mn-{row['row_id']}" for row in multinews_rows() if row["split"] in ("val", "test")
)

LABELS = REPO / "benchmarks" / "clean_labels_multinews.jsonl"
JUNK = REPO / "benchmarks" / "clean_junk.jsonl"
_WORD = re.compile(r"\w+")

# A system: the text of a document (one line per line) and what its story's articles hold
# (None: alone) -> the set of 1-based line numbers it keeps.
System = Callable[[str, StoryContext | None], set[int]]


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def newsfuse_system(
    settings: CleanSettings, model: LineModel | None = None, story: bool = True
) -> System:
    """newsfuse's clean stage; ``story=False``: each article as if alone."""

    def run(text: str, context: StoryContext | None) -> set[int]:
        cleaned = clean(Article(id="x", text=text), settings, model, context if story else None)
        # a line goes when nothing of it is kept: a run-on line (text that lost its line
        # breaks) loses only the sentences the rules drop, each recorded with its number
        gone: dict[int, int] = defaultdict(int)
        for d in cleaned.dropped:
            gone[d.line] += len(d.text.split())
        return {n for n, line in _lines(text) if gone.get(n, 0) < len(line.split())}

    return run


def naive(text: str, context: StoryContext | None = None) -> set[int]:
    return {n for n, line in _lines(text) if len(line.split()) >= 8 and line[-1] in ".!?\"”’'"}


def c4(text: str, context: StoryContext | None = None) -> set[int]:
    keep = set()
    for n, line in _lines(text):
        lowered = line.lower()
        if "javascript" in lowered or "cookie" in lowered:
            continue
        if len(line.split()) >= 5 and line.endswith((".", "!", "?", '"', "”")):
            keep.add(n)
    return keep


def justext_system(text: str, context: StoryContext | None = None) -> set[int]:
    import justext

    numbered = _lines(text)
    if not numbered:
        return set()
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for _, line in numbered)
    paragraphs = justext.justext(page + "</body></html>", justext.get_stoplist("English"))
    kept_texts = [" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate]
    keep, k = set(), 0
    for n, line in numbered:  # paragraphs come back in order, one per <p>
        if k < len(kept_texts) and kept_texts[k] == " ".join(line.split()):
            keep.add(n)
            k += 1
    return keep


class Tally:
    def __init__(self) -> None:
        self.clutter = self.clutter_dropped = self.dropped = 0
        self.content_words = self.content_words_kept = 0

    def add(self, labels: dict[int, tuple[str, str]], kept: set[int]) -> None:
        for n, (label, line) in labels.items():
            words = len(_WORD.findall(line))
            if label == "clutter":
                self.clutter += 1
                if n not in kept:
                    self.clutter_dropped += 1
                    self.dropped += 1
            else:
                self.content_words += words
                if n in kept:
                    self.content_words_kept += words
                else:
                    self.dropped += 1

    def row(self) -> dict[str, float]:
        return {
            "clutter_recall": self.clutter_dropped / max(1, self.clutter),
            "clutter_precision": self.clutter_dropped / max(1, self.dropped),
            "content_words_kept": self.content_words_kept / max(1, self.content_words),
            "clutter_lines": self.clutter,
        }


def _doc_labels(doc: Doc) -> dict[int, tuple[str, str]]:
    """Labelled lines by their number in the document as cleaned."""
    numbers = doc.numbers or range(1, len(doc.lines) + 1)
    return {
        n: (label, line)
        for n, label, line in zip(numbers, doc.labels, doc.lines, strict=True)
        if label is not None
    }


def _doc_text(doc: Doc) -> str:
    return doc.text or "\n".join(doc.lines)


def _is_junk(doc: Doc) -> bool:
    return all(label == "clutter" for label in doc.labels if label is not None)


MN_FOLDS = "multi-news, all rows (hand; outlet folds)"
MN_SHIPPED = "multi-news val+test (hand; shipped model)"


def evaluate(thresholds: list[float]) -> dict[str, Any]:
    pages = load_docs()
    hand = multinews_docs("all")
    docs = pages + hand + junk_docs()  # (the junk pages written for training: trained on only)
    folds = publisher_folds(docs)
    peers: dict[str, System] = {
        "rules (today)": newsfuse_system(CleanSettings(model=False)),
        "naive (>= 8 words + punct.)": naive,
        "C4 line rules": c4,
        "jusText (<p> per line)": justext_system,
    }
    default = CleanSettings().threshold
    names = [f"newsfuse (threshold {t})" for t in thresholds] + ["newsfuse, articles alone"]
    names += list(peers)
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # kind -> [lines, dropped]
    junk: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # system -> [dropped, documents]
    for k in range(FOLDS):
        train = [d for d, f in zip(docs, folds, strict=True) if f != k and d.dataset in TRAIN_SETS]
        test = [d for d, f in zip(docs, folds, strict=True) if f == k]
        model = model_from_dict(fit_model(train))
        systems = {
            f"newsfuse (threshold {t})": newsfuse_system(CleanSettings(threshold=t), model)
            for t in thresholds
        }
        systems["newsfuse, articles alone"] = newsfuse_system(CleanSettings(), model, story=False)
        systems |= peers
        for doc in test:
            if doc.dataset == "junk":
                continue
            text, labels = _doc_text(doc), _doc_labels(doc)
            dataset = MN_FOLDS if doc.dataset == "multi-news" else doc.dataset
            for name, system in systems.items():
                kept = system(text, doc.context)
                tallies[dataset][name].add(labels, kept)
                if doc.dataset != "multi-news":
                    tallies["all pages"][name].add(labels, kept)
                elif _is_junk(doc):
                    junk[name][0] += not kept
                    junk[name][1] += 1
                if doc.dataset == "multi-news" and name == f"newsfuse (threshold {default})":
                    story, passage = doc.key.split("/")
                    for n in labels:
                        kind = KINDS.get((story, passage, n)) or "(content)"
                        kinds[kind][0] += 1
                        kinds[kind][1] += n not in kept
    shipped = {
        f"newsfuse (threshold {t})": newsfuse_system(CleanSettings(threshold=t)) for t in thresholds
    }
    shipped["newsfuse, articles alone"] = newsfuse_system(CleanSettings(), story=False)
    shipped |= peers
    for doc in hand:
        if doc.key.split("/")[0] not in VAL_TEST_STORIES:
            continue
        for name, system in shipped.items():
            tallies[MN_SHIPPED][name].add(_doc_labels(doc), system(doc.text, doc.context))
    written = [json.loads(line)["text"] for line in JUNK.read_text().splitlines()]
    for name, system in shipped.items():
        junk[f"{name} (written)"] = [sum(not system(t, None) for t in written), len(written)]
    results: dict[str, Any] = {}
    for dataset, by_system in tallies.items():
        results[dataset] = {name: by_system[name].row() for name in names}
    results["junk documents"] = dict(junk)
    results["kinds"] = dict(kinds)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", default=str(CleanSettings().threshold))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    results = evaluate(thresholds)
    print(
        "| data set | system | clutter lines | clutter recall | clutter precision "
        "| content words kept |"
    )
    print("|---|---|---|---|---|---|")
    for dataset, rows in results.items():
        if dataset in ("junk documents", "kinds"):
            continue
        for name, r in rows.items():
            print(
                f"| {dataset} | {name} | {r['clutter_lines']} | {r['clutter_recall']:.3f} | "
                f"{r['clutter_precision']:.3f} | {r['content_words_kept']:.4f} |"
            )
    print("\n| system | junk documents dropped |\n|---|---|")
    for name, (dropped, documents) in results["junk documents"].items():
        print(f"| {name} | {dropped} of {documents} |")
    print("\n| kind (hand label) | lines | dropped | share dropped |\n|---|---|---|---|")
    for kind, (lines, dropped) in sorted(results["kinds"].items(), key=lambda kv: -kv[1][0]):
        print(f"| {kind} | {lines} | {dropped} | {dropped / lines:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
