"""--since and --query through `summarize`, and "since"/"query" keys of batch lines."""

from __future__ import annotations

import json

import pytest

from newsfuse.cli import main
from test_focus import MONDAY_AP, MONDAY_REUTERS, WEDNESDAY_NOTHING, WEDNESDAY_TOLL


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def _write(directory, articles):
    directory.mkdir()
    for article in articles:
        (directory / f"{article.id}.txt").write_text(article.text)
    return directory


def test_cli_summarize_since_a_directory_read_before(tmp_path, capsys):
    read = _write(tmp_path / "read", [MONDAY_REUTERS, MONDAY_AP])
    new = _write(tmp_path / "new", [WEDNESDAY_TOLL])
    code, out, err = run(
        ["summarize", str(new), "--since", str(read), "--words", "100", "-f", "json"], capsys
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["since"] == ["mon-ap", "mon-reuters"]
    assert [s["article"] for s in data["sentences"]] == ["wed-reuters"]
    assert data["budget_words"] == 100


def test_cli_summarize_since_with_nothing_new_prints_the_notice(tmp_path, capsys):
    read = _write(tmp_path / "read", [MONDAY_REUTERS, MONDAY_AP])
    new = _write(tmp_path / "new", [WEDNESDAY_NOTHING])
    code, out, _ = run(["summarize", str(new), "--since", str(read), "-f", "text"], capsys)
    assert code == 0
    assert "Nothing new: the later report repeats what the reports read before said." in out


def test_cli_summarize_query_with_format_and_no_facts(tmp_path, capsys):
    new = _write(tmp_path / "story", [MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL])
    code, out, _ = run(
        ["summarize", str(new), "--query", "How many died?", "--no-facts", "-f", "json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "How many died?" and data["facts"] == []
    assert "since" not in data


def test_cli_summarize_empty_query_and_missing_since_are_one_line_errors(tmp_path, capsys):
    new = _write(tmp_path / "story", [MONDAY_REUTERS])
    code, _, err = run(["summarize", str(new), "--query", "  "], capsys)
    assert code == 2 and err.startswith("Error: ") and len(err.strip().splitlines()) == 1
    code, _, err = run(["summarize", str(new), "--since", str(tmp_path / "nope")], capsys)
    assert code == 2 and err.startswith("Error: ") and "Traceback" not in err


def _line(story_id, articles, **extra):
    return json.dumps(
        {
            "id": story_id,
            "articles": [
                {"id": a.id, "text": a.text, "source": a.outlet, "published": a.published}
                for a in articles
            ],
            **extra,
        }
    )


def test_batch_lines_with_since_and_query(tmp_path, capsys):
    stories = tmp_path / "stories.jsonl"
    stories.write_text(
        "\n".join(
            [
                _line(
                    "update",
                    [MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL],
                    since=["mon-ap", "mon-reuters"],
                ),
                _line("asked", [MONDAY_REUTERS, WEDNESDAY_TOLL], query="How many died?"),
                _line("plain", [MONDAY_REUTERS, WEDNESDAY_TOLL]),
                _line("bad", [MONDAY_REUTERS], since=["tuesday"]),
            ]
        )
        + "\n"
    )
    out = tmp_path / "briefs.jsonl"
    code, _, _ = run(["batch", str(stories), "-o", str(out), "--no-progress", "-q"], capsys)
    assert code == 1  # the bad line failed, the others were written
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["update"]["since"] == ["mon-ap", "mon-reuters"]
    assert records["update"]["sentences"][0]["earlier"][0]["text"] == "12 people"
    assert records["asked"]["query"] == "How many died?"
    assert "since" not in records["plain"] and "query" not in records["plain"]
    assert "tuesday" in records["bad"]["error"]
