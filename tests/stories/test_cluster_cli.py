"""`newsfuse cluster` and `newsfuse batch --pile` end to end, and each kind of bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from piles import EXPECTED, QUAKE_2009, partition, pile_articles

from newsfuse.cli import main
from newsfuse.stories.pile import cluster_pile

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nato-libya-2011"


def _run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    code = exit_info.value.code
    return code if isinstance(code, int) else 0


def _records(dated: bool = True) -> list[dict[str, str]]:
    out = []
    for _, article in pile_articles(dated):
        record = {"id": article.id, "text": article.text}
        if article.published:
            record["published"] = article.published
        out.append(record)
    return out


def _write(path: Path, records: list[object], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def _stories(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_cluster_cli_writes_stories_batch_reads(tmp_path: Path, capsys) -> None:
    records = _records()
    pile = _write(tmp_path / "pile.jsonl.gz", records)
    out, assign = tmp_path / "stories.jsonl", tmp_path / "assign.jsonl"
    assert _run(["cluster", str(pile), "-o", str(out), "--assign", str(assign)]) == 0
    stories = _stories(out)
    groups = partition([tuple(a["id"] for a in s["articles"]) for s in stories])  # type: ignore[union-attr]
    assert groups == EXPECTED
    # every article exactly once, its record unchanged
    written = [a for s in stories for a in s["articles"]]  # type: ignore[union-attr]
    assert sorted(written, key=lambda a: a["id"]) == sorted(records, key=lambda a: a["id"])
    lines = [json.loads(line) for line in assign.read_text().splitlines()]
    story_of = {s["id"]: {a["id"] for a in s["articles"]} for s in stories}  # type: ignore[union-attr]
    assert all(line["id"] in story_of[line["story"]] for line in lines)
    assert len(lines) == len(records)
    assert "8 articles in 4 stories, 0 failed" in capsys.readouterr().err
    briefs = tmp_path / "briefs.jsonl"
    assert _run(["batch", str(out), "-o", str(briefs), "--words", "60", "--no-facts"]) == 0
    assert len(briefs.read_text().splitlines()) == 4


def test_cluster_cli_reads_summarize_inputs_too(tmp_path: Path) -> None:
    out = tmp_path / "stories.jsonl"
    assert _run(["cluster", str(EXAMPLE), "-o", str(out)]) == 0
    stories = _stories(out)
    articles = [a for s in stories for a in s["articles"]]  # type: ignore[union-attr]
    assert len(articles) == len(list(EXAMPLE.glob("*.txt")))
    assert all(a["text"] for a in articles)


def test_cluster_cli_index_keeps_story_ids_as_the_pile_grows(tmp_path: Path) -> None:
    records = _records()
    index = tmp_path / "index.json.gz"
    first = _write(tmp_path / "first.jsonl", records[:6])
    both = _write(tmp_path / "both.jsonl", records)
    out1, out2 = tmp_path / "s1.jsonl", tmp_path / "s2.jsonl"
    assert _run(["cluster", str(first), "-o", str(out1), "--index", str(index)]) == 0
    assert _run(["cluster", str(both), "-o", str(out2), "--index", str(index)]) == 0
    before = {s["id"]: {a["id"] for a in s["articles"]} for s in _stories(out1)}  # type: ignore[union-attr]
    after = {s["id"]: {a["id"] for a in s["articles"]} for s in _stories(out2)}  # type: ignore[union-attr]
    for story_id, members in before.items():
        assert members <= after[story_id]
    assert sum(len(m) for m in after.values()) == len(records)


def test_batch_pile_clusters_then_summarises(tmp_path: Path) -> None:
    pile = _write(tmp_path / "pile.jsonl", _records())
    briefs = tmp_path / "briefs.jsonl"
    code = _run(["batch", "--pile", str(pile), "-o", str(briefs), "--words", "60", "--no-facts"])
    assert code == 0
    lines = [json.loads(line) for line in briefs.read_text().splitlines()]
    assert len(lines) == 4 and all("error" not in line for line in lines)


def test_batch_wants_input_or_pile_not_both(tmp_path: Path, capsys) -> None:
    pile = _write(tmp_path / "pile.jsonl", _records())
    assert _run(["batch", str(pile), "--pile", str(pile), "-o", str(tmp_path / "b")]) == 2
    assert "not both" in capsys.readouterr().err


def test_cluster_cli_article_without_text_fails_with_its_reason(tmp_path: Path, capsys) -> None:
    records = [*_records(), {"id": "empty", "text": "  "}, {"id": "no-text"}]
    pile = _write(tmp_path / "pile.jsonl", records)
    out, assign = tmp_path / "s.jsonl", tmp_path / "a.jsonl"
    assert _run(["cluster", str(pile), "-o", str(out), "--assign", str(assign)]) == 1
    failures = {
        line["id"]: line["error"]
        for line in map(json.loads, assign.read_text().splitlines())
        if line["story"] is None
    }
    assert "has no text" in failures["empty"]
    assert "needs `text`" in failures["no-text"]
    assert sum(len(s["articles"]) for s in _stories(out)) == 8  # type: ignore[arg-type]
    assert "2 failed" in capsys.readouterr().err


def test_cluster_cli_duplicate_id_is_an_error_naming_it(tmp_path: Path, capsys) -> None:
    records = _records()
    pile = _write(tmp_path / "pile.jsonl", [*records, {**records[0], "text": QUAKE_2009[1]}])
    assert _run(["cluster", str(pile), "-o", str(tmp_path / "s.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "duplicate article id 'quake-2009-1'" in err and "Traceback" not in err


def test_cluster_cli_bad_json_line_is_an_error_record_and_the_rest_is_done(
    tmp_path: Path,
) -> None:
    pile = _write(tmp_path / "pile.jsonl", _records(), extra_lines=('{"id": "broken", "te',))
    out, assign = tmp_path / "s.jsonl", tmp_path / "a.jsonl"
    assert _run(["cluster", str(pile), "-o", str(out), "--assign", str(assign)]) == 1
    errors = [line for line in map(json.loads, assign.read_text().splitlines()) if "error" in line]
    assert len(errors) == 1 and "bad JSON" in errors[0]["error"]
    assert len(_stories(out)) == 4


def test_cluster_pile_five_megabyte_article(tmp_path: Path) -> None:
    huge = QUAKE_2009[0] + "\n\n" + "Rescue work went on through the night. " * 130_000
    assert len(huge) > 5_000_000
    pile = _write(tmp_path / "pile.jsonl", [*_records(), {"id": "huge", "text": huge}])
    with (tmp_path / "s.jsonl").open("w") as out:
        report, _ = cluster_pile([str(pile)], out)
    assert report.articles == 9 and not report.failed
    written = [a for s in _stories(tmp_path / "s.jsonl") for a in s["articles"]]  # type: ignore[union-attr]
    assert next(a for a in written if a["id"] == "huge")["text"] == huge


def test_cluster_pile_ten_thousand_copies_are_one_story_of_copies(tmp_path: Path) -> None:
    records = [{"id": f"copy-{n}", "text": QUAKE_2009[0]} for n in range(10_000)]
    pile = _write(tmp_path / "pile.jsonl", records)
    with (tmp_path / "s.jsonl").open("w") as out:
        report, _ = cluster_pile([str(pile)], out)
    (story,) = _stories(tmp_path / "s.jsonl")
    assert report.stories == 1 and len(story["articles"]) == 10_000  # type: ignore[arg-type]
    assert story["copies"] == [[f"copy-{n}" for n in range(10_000)]]
