"""A one-line, title-only article is summarised, through the command line; when a story
really gives an empty brief, the user is told why."""

from __future__ import annotations

import json
import subprocess
import sys


def _summarize(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_cli_one_line_article_is_summarised(tmp_path):
    article = tmp_path / "hello.txt"
    article.write_text("Hello world. This is fine.\n")
    result = _summarize(str(article), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    brief = json.loads(result.stdout)
    assert brief["summary"] == "Hello world. This is fine."
    assert [s["sources"] for s in brief["sentences"]] == [["hello"], ["hello"]]
    markdown = _summarize(str(article))
    assert markdown.returncode == 0 and "Hello world. [1] This is fine. [1]" in markdown.stdout


def test_cli_one_line_articles_of_two_outlets_cite_both(tmp_path):
    (tmp_path / "a.txt").write_text("Storm closes the harbour bridge.\n")
    (tmp_path / "b.txt").write_text("Storm closes the harbour bridge.\n")
    result = _summarize(str(tmp_path), "-f", "json")
    assert result.returncode == 0, result.stderr
    (sentence,) = json.loads(result.stdout)["sentences"]
    assert sentence["text"] == "Storm closes the harbour bridge." and sorted(
        sentence["sources"]
    ) == ["a", "b"]


def test_cli_empty_brief_says_why(tmp_path):
    article = tmp_path / "long.txt"
    words = " ".join(f"word{n}" for n in range(40))
    article.write_text(f"{words}.\n")  # one sentence of 40 words, a budget of 10
    result = _summarize(str(article), "-w", "10", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sentences"] == []
    assert "empty brief: no sentence fits in 10 words (the shortest has 40)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_fragments_only_give_an_empty_brief_that_says_why(tmp_path):
    article = tmp_path / "menu.txt"
    article.write_text("Short line\nAnother short line\n")  # no final stops: never copied
    result = _summarize(str(article), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sentences"] == []
    assert "empty brief: no whole sentence in the articles" in result.stderr
