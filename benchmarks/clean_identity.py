"""A digest of everything the clean stage produces on the shared data, to show that a change
(a speed-up) leaves its output byte-identical.

    python benchmarks/clean_identity.py [--out benchmarks/out/clean_identity.txt] [--probabilities]
                                        [--variants]

Articles: the Multi-News Polito sample and L-Eval's news rows, DUC 2003, 2006 and 2007,
MultiLing 2011, the AllSides triples (raw crawled bodies), and the pages of fundus,
readability, newspaper and goose3 flattened newspaper-style (benchmarks/clean_data.py's
``page_lines``, cached in benchmarks/out), each cleaned as scraped text and once more as a
page's extracted text (the rules alone). For each article one line goes to ``--out``: its id
and a hash of its cleaned text, title and every dropped line (line number, text, reason,
confidence); the last line is the hash of them all, which is printed. ``--probabilities``
also hashes the line classifier's raw probabilities (repr of each float), a stricter check
than the rounded confidences. ``--variants`` cleans everything again with the classifier
off and with thresholds 0.15 and 0.6. Compare two runs with ``diff``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from _data import OUT, SHARED_DATA, multinews_rows
from newsfuse.clean import clean
from newsfuse.evaluate.datasets import load_duc, load_multiling, load_multinews
from newsfuse.load.jsonl import story_from_multinews
from newsfuse.load.text import make_article
from newsfuse.models import Article
from newsfuse.settings import CleanSettings

PAGES_CACHE = OUT / "clean_identity_pages.jsonl"


def _multinews() -> Iterator[tuple[str, Article]]:
    for row in multinews_rows():
        story = story_from_multinews(row["document"], f"mn-{row['row_id']}")
        for a in story.articles:
            yield f"{story.id}/{a.id}", a
    leval = SHARED_DATA / "multi-news" / "leval_news_summ.jsonl"
    if leval.exists():
        for cluster in load_multinews(leval).clusters:
            for a in cluster.story.articles:
                yield f"leval-{cluster.id}/{a.id}", a


def _duc() -> Iterator[tuple[str, Article]]:
    for name in ("duc2003-task2", "duc2006", "duc2007"):
        path = SHARED_DATA / name
        if not path.exists():
            continue
        for cluster in load_duc(path).clusters:
            for a in cluster.story.articles:
                yield f"{name}-{cluster.id}/{a.id}", a


def _multiling() -> Iterator[tuple[str, Article]]:
    path = SHARED_DATA / "multiling2011-pilot-english"
    if path.exists():
        for cluster in load_multiling(path).clusters:
            for a in cluster.story.articles:
                yield f"multiling-{cluster.id}/{a.id}", a


def _allsides() -> Iterator[tuple[str, Article]]:
    folder = SHARED_DATA / "neus-allsides" / "raw_crawled"
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            record = json.loads(line)
            for side, item in record["news"].items():
                if item.get("newBody"):
                    text = "\n\n".join(item["newBody"])
                    if text.strip():
                        yield f"allsides-{n}/{side}", make_article(text, article_id=side)


def _pages() -> Iterator[tuple[str, Article]]:
    if not PAGES_CACHE.exists():
        from clean_data import SETS, page_lines

        PAGES_CACHE.parent.mkdir(parents=True, exist_ok=True)
        with PAGES_CACHE.open("w", encoding="utf-8") as handle:
            for name, (folder, pages) in SETS.items():
                if not (SHARED_DATA / folder).exists():
                    continue
                for page in pages(SHARED_DATA / folder):
                    text = "\n".join(page_lines(page.html))
                    record = {"id": f"{name}-{page.page}", "text": text}
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for line in PAGES_CACHE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["text"].strip():
            a = make_article(record["text"], article_id=record["id"])
            yield record["id"], a
            yield record["id"] + "#html", replace(a, source_format="html")


def articles() -> Iterator[tuple[str, Article]]:
    for source in (_multinews, _duc, _multiling, _allsides, _pages):
        yield from source()


def article_digest(a: Article) -> str:
    h = hashlib.sha256()
    h.update(repr((a.text, a.title)).encode("utf-8"))
    for d in a.dropped:
        h.update(repr((d.line, d.text, d.reason, d.confidence)).encode("utf-8"))
    return h.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT / "clean_identity.txt")
    parser.add_argument("--probabilities", action="store_true")
    parser.add_argument("--variants", action="store_true")
    args = parser.parse_args()
    settings = {"": CleanSettings()}
    if args.variants:
        settings |= {
            " model=off": CleanSettings(model=False),
            " threshold=0.15": CleanSettings(threshold=0.15),
            " threshold=0.6": CleanSettings(threshold=0.6),
        }
    if args.probabilities:
        import newsfuse.linemodel as linemodel

        recorded: list[str] = []
        original = linemodel.LineModel.probabilities

        def spy(self: linemodel.LineModel, rows):  # type: ignore[no-untyped-def]
            p = original(self, rows)
            recorded.append(",".join(map(repr, p.tolist())))
            return p

        linemodel.LineModel.probabilities = spy  # type: ignore[method-assign]
    total = hashlib.sha256()
    lines = []
    n = 0
    for key, article in articles():
        for name, cfg in settings.items():
            if args.probabilities:
                recorded.clear()
            digest = article_digest(clean(article, cfg))
            if args.probabilities:
                digest += " " + hashlib.sha256("|".join(recorded).encode()).hexdigest()[:16]
            lines.append(f"{key}{name} {digest}")
            total.update(lines[-1].encode("utf-8"))
        n += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + f"\nALL {total.hexdigest()}\n", encoding="utf-8")
    print(f"{n} articles cleaned; digest {total.hexdigest()}", file=sys.stdout)


if __name__ == "__main__":
    main()
