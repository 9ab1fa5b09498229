import io
import json

import pytest

from newsfuse.batch import run_batch
from newsfuse.batchio import read_records
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings


@pytest.mark.slow
def test_batch_over_multinews_sample_keeps_every_id(multinews_rows, tmp_path):
    source = tmp_path / "multinews.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for row in multinews_rows:
            documents = [d.strip() for d in row["document"].split("|||||") if d.strip()]
            story = {
                "id": f"mn-{row['row_id']}",
                "articles": [{"id": f"d{n}", "text": d} for n, d in enumerate(documents, 1)],
            }
            handle.write(json.dumps(story) + "\n")
    out = io.StringIO()
    report = run_batch(
        read_records(source), out, Pipeline(Settings(words=260)), words=260, origin=str(source)
    )
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == [f"mn-{row['row_id']}" for row in multinews_rows]
    # One row holds no news: an Internet Archive crawl notice and a login wall. It is
    # recorded as failed, with the reason; every other story has its brief.
    failed = [r for r in records if "error" in r]
    assert [r["id"] for r in failed] == ["mn-45962"]
    assert "no article has text left after cleaning" in failed[0]["error"]
    assert report.failed == 1 and report.done == len(multinews_rows) - 1
    for record in records:
        if "error" in record:
            continue
        assert 0 < record["words"] <= 260
        texts = {a["id"] for a in record["articles"]}
        assert all(set(s["sources"]) <= texts for s in record["sentences"])


def test_batch_writes_each_story_as_it_finishes(tmp_path, example_dir):
    story = json.dumps(
        {"id": "s", "articles": [{"text": (example_dir / "cbsnews.txt").read_text()}]}
    )
    source = tmp_path / "in.jsonl"
    source.write_text(f"{story}\nnot json at all {{\n{story}\n")

    flushed: list[int] = []

    class Recorder(io.StringIO):
        def flush(self) -> None:
            flushed.append(len(self.getvalue().splitlines()))

    out = Recorder()
    report = run_batch(read_records(source), out, Pipeline(), words=50, origin="in.jsonl")
    assert flushed == [1, 2, 3]  # flushed after every story: a crash loses nothing done
    assert (report.done, report.failed) == (2, 1)
