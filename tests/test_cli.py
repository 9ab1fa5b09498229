"""Every user error through the command line: one line, the right exit code, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from newsfuse.cli import main


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def _one_line_error(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Traceback" not in err


def test_cli_summarize_example_markdown(example_dir, capsys):
    code, out, err = run(["summarize", str(example_dir), "--words", "120"], capsys)
    assert code == 0, err
    assert out.startswith("# NATO")
    assert "## Sources" in out and "[1][2]" in out


def test_cli_summarize_json_and_explain(example_dir, capsys):
    code, out, err = run(["summarize", str(example_dir), "-f", "json", "--explain"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "nato-libya-2011"
    assert "Watch CBSN Live" in err and "promo" in err  # --explain goes to stderr


def test_cli_missing_path_exits_2(tmp_path, capsys):
    code, out, err = run(["summarize", str(tmp_path / "nope")], capsys)
    assert code == 2 and out == ""
    _one_line_error(err)
    assert "no such file or directory" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\x00\x01\x02binary\x00" * 20, "binary data")],
)
def test_cli_bad_file_exits_1(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = run(["summarize", str(path)], capsys)
    assert code == 1
    _one_line_error(err)
    assert message in err


@pytest.mark.parametrize(
    "argv",
    [
        ["summarize", "x", "--words", "3"],
        ["summarize", "x", "--strategy", "magic"],
        ["summarize", "x", "--citations", "telepathic"],
    ],
)
def test_cli_bad_option_values_exit_2(example_dir, capsys, argv):
    argv = [str(example_dir) if a == "x" else a for a in argv]
    code, _, err = run(argv, capsys)
    assert code == 2
    _one_line_error(err)


def test_cli_bad_config_file_exits_2(example_dir, tmp_path, capsys):
    config = tmp_path / "nf.toml"
    config.write_text("[select]\nredundency = 0.3\n")
    code, _, err = run(["summarize", str(example_dir), "--config", str(config)], capsys)
    assert code == 2
    _one_line_error(err)
    assert "unknown setting `select.redundency`" in err


def test_cli_summarize_jsonl_story(tmp_path, capsys, example_dir):
    story = {
        "id": "nato",
        "articles": [
            {"id": p.stem, "text": p.read_text(), "source": p.stem.upper()}
            for p in sorted(example_dir.glob("*.txt"))
        ],
    }
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps(story) + "\n")
    code, out, _ = run(["summarize", str(path), "-f", "json"], capsys)
    assert code == 0
    assert {a["source"] for a in json.loads(out)["articles"]} == {"ALJAZEERA", "CBSNEWS"}
    path.write_text((json.dumps(story) + "\n") * 2)
    code, _, err = run(["summarize", str(path)], capsys)
    assert code == 1 and "use `newsfuse batch`" in err


def test_cli_batch_records_bad_lines_and_goes_on(tmp_path, capsys, example_dir):
    good = {
        "id": "good",
        "articles": [{"id": "a", "text": (example_dir / "cbsnews.txt").read_text()}],
    }
    lines = [
        json.dumps(good),
        '{"id": "broken", "articles": [',
        json.dumps({"id": "empty", "articles": []}),
        "",
        json.dumps({**good, "id": "good-2"}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        ["batch", str(source), "-o", str(out), "--words", "60", "--no-progress"], capsys
    )
    assert code == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["good", "line-2", "empty", "good-2"]
    assert "error" in records[1] and "in.jsonl:2" in records[1]["error"]
    assert "error" in records[2]
    assert records[0]["summary"] and records[3]["summary"] == records[0]["summary"]
    assert all(r["words"] <= 60 for r in records if "error" not in r)
    assert "2 done, 2 failed" in err
    assert "Traceback" not in err


def test_cli_batch_all_good_exits_0(tmp_path, capsys, example_dir):
    good = {
        "id": "s",
        "articles": [{"id": "a", "text": (example_dir / "aljazeera.txt").read_text()}],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(good) + "\n")
    code, _, _ = run(["batch", str(source), "-o", str(tmp_path / "o.jsonl"), "-q"], capsys)
    assert code == 0


def test_cli_batch_missing_input_exits_2(tmp_path, capsys):
    code, _, err = run(
        ["batch", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "o.jsonl")], capsys
    )
    assert code == 2
    _one_line_error(err)


def test_cli_version(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("newsfuse ")


def test_cli_runs_as_module_and_is_quiet_on_closed_pipe(example_dir):
    result = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", str(example_dir), "-f", "text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "Sources:" in result.stdout
    piped = subprocess.run(
        f"{sys.executable} -m newsfuse summarize {example_dir} -f json -w 400 | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in piped.stderr


def test_cli_unreadable_output_path(tmp_path, capsys, example_dir):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "s", "articles": [{"text": "Some text here about a vote."}]}) + "\n"
    )
    code, _, err = run(
        ["batch", str(source), "-o", str(Path(tmp_path) / "no" / "dir" / "o.jsonl")], capsys
    )
    assert code == 1
    _one_line_error(err)


def test_cli_eval_unknown_peer_and_missing_dataset(tmp_path, capsys):
    code, _, err = run(["eval", str(tmp_path / "none.tsv")], capsys)
    assert code == 2
    _one_line_error(err)
    code, _, err = run(["eval", str(tmp_path), "--peers", "magic"], capsys)
    assert code == 2 and "unknown peer 'magic'" in err


def test_cli_eval_small_dataset(tmp_path, capsys, example_dir):
    pytest.importorskip("rouge_score")
    import csv

    document = " ||||| ".join(
        p.read_text().replace("\n", "NEWLINE_CHAR") for p in sorted(example_dir.glob("*.txt"))
    )
    path = tmp_path / "mn.tsv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["row_id", "split", "document", "summary"])
        writer.writerow(
            ["1", "test", document, "– NATO ended its Libya mission after the UN vote."]
        )
    out = tmp_path / "r.json"
    code, stdout, _ = run(
        ["eval", str(path), "--peers", "lead", "--words", "40", "--json", str(out)], capsys
    )
    assert code == 0
    assert "| newsfuse |" in stdout and "| lead |" in stdout
    data = json.loads(out.read_text())
    assert data["words"] == 40 and set(data["systems"]) == {"newsfuse", "lead"}
    assert 0 < data["systems"]["newsfuse"]["rouge1_f1"] <= 1
    # per-cluster F1, for paired comparisons: with one cluster, the mean is that cluster's
    newsfuse = data["systems"]["newsfuse"]
    assert set(newsfuse["per_cluster"]) == {"mn-1"}
    assert newsfuse["per_cluster"]["mn-1"]["rouge1"] == pytest.approx(newsfuse["rouge1_f1"])


def test_cli_no_facts_skips_the_compare_stage(example_dir, capsys):
    for flag, has_facts in (("--facts", True), ("--no-facts", False)):
        with pytest.raises(SystemExit) as exit_info:
            main(["summarize", str(example_dir), "-f", "json", flag])
        assert exit_info.value.code == 0
        assert bool(json.loads(capsys.readouterr().out)["facts"]) is has_facts


def test_cli_semantic_citations_flag_reaches_the_attribute_stage(example_dir, capsys, monkeypatch):
    seen = []

    def encoder(model_dir=""):  # stands in for the encoder: records that the stage asked for it
        seen.append(model_dir)
        return SimpleNamespace(encode=lambda texts: np.eye(len(texts)))

    monkeypatch.setattr("newsfuse.embeddings.sentence_encoder", encoder)
    code, out, _ = run(
        ["summarize", str(example_dir), "-f", "json", "--citations", "semantic"], capsys
    )
    assert code == 0 and seen == [""]  # the shipped static model: no extra, no path
    assert json.loads(out)["sentences"]


def test_cli_semantic_citations_need_no_extra(example_dir, capsys, monkeypatch):
    import newsfuse.embeddings

    newsfuse.embeddings.sentence_encoder.cache_clear()
    for module in ("safetensors", "tokenizers", "torch", "sentence_transformers"):
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    try:
        code, out, err = run(
            ["summarize", str(example_dir), "-f", "json", "--citations", "semantic"], capsys
        )
    finally:
        newsfuse.embeddings.sentence_encoder.cache_clear()
    assert code == 0, err
    assert json.loads(out)["sentences"]


def test_cli_transformer_without_the_extra_is_one_line(example_dir, tmp_path, capsys, monkeypatch):
    import newsfuse.embeddings

    newsfuse.embeddings.sentence_encoder.cache_clear()
    for name in ("model.safetensors", "tokenizer.json"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setenv("NEWSFUSE_ATTRIBUTE__MODEL_DIR", str(tmp_path))
    monkeypatch.setitem(sys.modules, "tokenizers", None)  # as if not installed
    try:
        code, _, err = run(["summarize", str(example_dir), "--citations", "semantic"], capsys)
    finally:
        newsfuse.embeddings.sentence_encoder.cache_clear()
    assert code == 1
    _one_line_error(err)
    assert 'pip install "newsfuse[semantic]"' in err


def test_cli_transformer_directory_without_the_model_is_one_line(
    example_dir, tmp_path, capsys, monkeypatch
):
    import newsfuse.embeddings

    newsfuse.embeddings.sentence_encoder.cache_clear()
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("NEWSFUSE_ATTRIBUTE__MODEL_DIR", str(tmp_path))
    try:
        code, _, err = run(["summarize", str(example_dir), "--citations", "semantic"], capsys)
    finally:
        newsfuse.embeddings.sentence_encoder.cache_clear()
    assert code == 2  # a configuration error
    _one_line_error(err)
    assert "attribute.model_dir" in err and "model.safetensors" in err
