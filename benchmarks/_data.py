"""Readers for the shared evaluation data (never copied into the repo)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
MULTINEWS_TSV = SHARED_DATA / "multi-news" / "polito_sample_100_seed42.tsv"
OUT = REPO / "benchmarks" / "out"


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(
            f"skipped: {path} not found (the shared evaluation data is read-only in ../shared/data)"
        )
    return path


def multinews_rows() -> list[dict[str, str]]:
    """Rows of the Polito Multi-News sample: row_id, split, document, summary."""
    csv.field_size_limit(sys.maxsize)
    with require(MULTINEWS_TSV).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def multinews_story_records() -> Iterator[dict[str, object]]:
    """The sample as JSONL story records (one article per ||||| document)."""
    for row in multinews_rows():
        documents = [d.strip() for d in row["document"].split("|||||")]
        yield {
            "id": f"mn-{row['row_id']}",
            "articles": [{"id": f"d{n}", "text": d} for n, d in enumerate(documents, start=1) if d],
        }


def write_multinews_jsonl(path: Path | None = None) -> Path:
    """Write the sample as JSONL stories (default: benchmarks/out/multinews100.jsonl)."""
    path = path or OUT / "multinews100.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in multinews_story_records():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    print(write_multinews_jsonl(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
