"""The story-clustering dev pile: articles from ../shared/data, shuffled, opaque ids, gold apart.

    python benchmarks/pile.py            # writes benchmarks/out/pile-{tune,report}.jsonl + gold

Data sets and their part (split BY DATA SET, never inside one):

- tune:   DUC 2003 task 2 (30 TDT event clusters, 1998), DUC 2006 (50 topics, 1996-2000),
          Multi-News Polito sample (100 clusters, no dates, no titles), and the first
          ``ALLSIDES_TRAIN`` triples of NeuS's AllSides TRAINING split (title + lead of a left,
          centre and right report of one event; no dates, no outlets; none of their titles is
          in the crawl used for reporting): same-subject stories to tune on;
- report: DUC 2007 main (45 topics, 1996-2000; its update task's 10 topics x A/B/C are the
          SAME 25 documents as the main task's topic of that name, split in date order by
          count: one developing story, so they are read once, through the main task;
          ``cluster_ceiling.py --update``: the gap between two parts, 1-91 days, is always
          below the largest gap inside a part, 111-601 days), MultiLing 2011
          (10 WikiNews topics, 2004-2011), AllSides (506 left/center/right story triples of
          April-October 2021: same-week political stories, the hard same-subject slice;
          ``published`` is the date in the article's URL, else the day AllSides posted the
          story, as a crawler would know it).

Each article is kept when its text has at least 80 words after newsfuse's cleaner (which
drops crawl notices, error pages and page furniture), and read once when two data sets carry
the same text. Article lines are what ``newsfuse cluster`` reads:
``{"id", "text", "title"?, "source"?, "url"?, "published"?}``; the gold
(``{"id", "story", "set"}``) is written to a separate file. Ids are opaque (a hash of the
source id) and lines are shuffled with a fixed seed, so neither leaks the answer.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import MULTINEWS_TSV, OUT, SHARED_DATA, require
from newsfuse.clean import clean
from newsfuse.evaluate.datasets import (
    load_duc,
    load_multiling,
    load_multinews,
    read_sgml_article,
)
from newsfuse.settings import CleanSettings

MIN_WORDS = 80
SEED = 15
ALLSIDES = (
    SHARED_DATA / "neus-allsides" / "raw_crawled" / "headline_11_2021-10-19_crawled_all.jsonl"
)
PARTS = {
    "duc2003": "tune",
    "duc2006": "tune",
    "multinews": "tune",
    "allsides-train": "tune",
    "duc2007": "report",
    "multiling2011": "report",
    "allsides": "report",
}
ALLSIDES_TRAIN_SOURCE = SHARED_DATA / "neus-allsides" / "lrc_roundup" / "train.source"
ALLSIDES_TRAIN = 1200
_TRIPLE_ARTICLE = re.compile(r"^\s*TITLE=>(.*?)ARTICLE=>(.*)$", re.DOTALL)
_URL_DATE = re.compile(r"/(20\d\d)/([01]\d)/([0-3]\d)/")


def _record(
    text: str,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> dict[str, str]:
    record = {"text": text}
    for key, value in (
        ("title", title),
        ("source", source),
        ("url", url),
        ("published", published),
    ):
        if value:
            record[key] = value
    return record


def _from_dataset(name: str, loader_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    if name == "multinews":
        data = load_multinews(loader_path)
    elif name == "multiling2011":
        data = load_multiling(loader_path)
    elif name == "duc2007":  # the main task's documents (its references are not needed)
        for directory in sorted(d for d in loader_path.iterdir() if d.is_dir()):
            for path in sorted(directory.iterdir()):
                article = read_sgml_article(path)
                yield (
                    f"{name}/{directory.name}/{article.id}",
                    f"{name}/{directory.name}",
                    _record(article.text, article.title, article.outlet, None, article.published),
                )
        return
    else:
        data = load_duc(loader_path)
    for cluster in data.clusters:
        for article in cluster.story.articles:
            yield (
                f"{name}/{cluster.id}/{article.id}",
                f"{name}/{cluster.id}",
                _record(
                    article.text, article.title, article.outlet, article.url, article.published
                ),
            )


def _allsides() -> Iterator[tuple[str, str, dict[str, str]]]:
    with require(ALLSIDES).open(encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            for side, item in sorted((story.get("news") or {}).items()):
                if not item or not item.get("newBody"):
                    continue
                url = item.get("newsLink") or None
                found = _URL_DATE.search(url or "")
                yield (
                    f"allsides/{story['id']}/{side}",
                    f"allsides/{story['id']}",
                    _record(
                        "\n\n".join(p.strip() for p in item["newBody"] if p.strip()),
                        item.get("newsTitle"),
                        item.get("newsSource"),
                        url,
                        "-".join(found.groups()) if found else story["date"][:10],
                    ),
                )


def _allsides_train() -> Iterator[tuple[str, str, dict[str, str]]]:
    with require(ALLSIDES_TRAIN_SOURCE).open(encoding="utf-8") as handle:
        for n, line in zip(range(ALLSIDES_TRAIN), handle, strict=False):
            for side, part in enumerate(line.rstrip("\n").split(" [SEP] ")):
                found = _TRIPLE_ARTICLE.match(part)
                if found:
                    title, text = (found.group(1).strip().rstrip("."), found.group(2).strip())
                    yield f"allsides-train/{n}/{side}", f"allsides-train/{n}", _record(text, title)


def sources() -> Iterator[tuple[str, str, str, dict[str, str]]]:
    """(data set, source id, gold story, article record) of every candidate article."""
    readers = {
        "duc2003": lambda: _from_dataset("duc2003", require(SHARED_DATA / "duc2003-task2")),
        "duc2006": lambda: _from_dataset("duc2006", require(SHARED_DATA / "duc2006")),
        "multinews": lambda: _from_dataset("multinews", require(MULTINEWS_TSV)),
        "allsides-train": _allsides_train,
        "duc2007": lambda: _from_dataset("duc2007", require(SHARED_DATA / "duc2007" / "main_docs")),
        "multiling2011": lambda: _from_dataset(
            "multiling2011", require(SHARED_DATA / "multiling2011-pilot-english")
        ),
        "allsides": _allsides,
    }
    for name, read in readers.items():
        for source_id, story, record in read():
            yield name, source_id, story, record


def cleaned_words(text: str) -> int:
    from newsfuse.load.text import make_article

    return len(clean(make_article(text, article_id="x"), CleanSettings()).text.split())


def build(out: Path = OUT) -> dict[str, Counter[str]]:
    out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, dict[str, str], dict[str, str]]] = []
    seen_text: set[str] = set()
    counts: dict[str, Counter[str]] = {}
    for name, source_id, story, record in sources():
        tally = counts.setdefault(name, Counter())
        key = hashlib.sha1(" ".join(record["text"].split()).encode()).hexdigest()
        if key in seen_text:
            tally["repeated text"] += 1
            continue
        if not record["text"].strip() or cleaned_words(record["text"]) < MIN_WORDS:
            tally[f"< {MIN_WORDS} words"] += 1
            continue
        seen_text.add(key)
        article_id = "a" + hashlib.sha1(f"{SEED}:{source_id}".encode()).hexdigest()[:12]
        tally["kept"] += 1
        rows.append(
            (
                PARTS[name],
                {"id": article_id, **record},
                {"id": article_id, "story": story, "set": name},
            )
        )
    random.Random(SEED).shuffle(rows)
    for part in ("tune", "report"):
        with (out / f"pile-{part}.jsonl").open("w", encoding="utf-8") as handle:
            for row_part, record, _ in rows:
                if row_part == part:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (out / "pile-gold.jsonl").open("w", encoding="utf-8") as handle:
        for _, _, gold in rows:
            handle.write(json.dumps(gold) + "\n")
    return counts


def split_at_gaps(
    members: list[str], days: dict[str, int | None], gap: float | None
) -> dict[str, str]:
    """One gold story's reports cut wherever consecutive dated reports are more than ``gap``
    days apart (None: never), as piece labels; undated reports join the largest piece."""
    dated = sorted((day, a) for a in members if (day := days.get(a)) is not None)
    undated = [a for a in members if days.get(a) is None]
    pieces: list[list[str]] = []
    previous = None
    for day, article in dated:
        if not pieces or (gap is not None and previous is not None and day - previous > gap):
            pieces.append([])
        pieces[-1].append(article)
        previous = day
    if not pieces:
        pieces.append([])
    largest = max(pieces, key=len)
    largest.extend(undated)
    return {a: f"{n}" for n, piece in enumerate(pieces) for a in piece}


def event_gold(
    gold: dict[str, str], days: dict[str, int | None], gap: float | None
) -> dict[str, str]:
    """The gold cut into events: each story split wherever its reports leave a gap of more
    than ``gap`` days (issue 15: a new event after a gap is a new story)."""
    stories: dict[str, list[str]] = {}
    for article, story in gold.items():
        stories.setdefault(story, []).append(article)
    out = {}
    for story, members in stories.items():
        for article, piece in split_at_gaps(sorted(members), days, gap).items():
            out[article] = f"{story}#{piece}"
    return out


def read_gold(path: Path = OUT / "pile-gold.jsonl") -> dict[str, tuple[str, str]]:
    """Article id -> (gold story, data set)."""
    gold = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            gold[row["id"]] = (row["story"], row["set"])
    return gold


def read_pile(part: str, out: Path = OUT) -> list[dict[str, str]]:
    path = out / f"pile-{part}.jsonl"
    if not path.exists():
        build(out)
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


if __name__ == "__main__":
    found = build()
    for name, tally in found.items():
        print(
            f"{name:14} {PARTS[name]:7} " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.items()))
        )
    gold = read_gold()
    for part in ("tune", "report"):
        ids = {json.loads(line)["id"] for line in (OUT / f"pile-{part}.jsonl").open()}
        stories = {gold[i][0] for i in ids}
        print(
            f"{part}: {len(ids)} articles, {len(stories)} gold stories -> {OUT}/pile-{part}.jsonl"
        )
