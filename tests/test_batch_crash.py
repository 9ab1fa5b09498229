"""`newsfuse batch` killed with SIGKILL mid-run, then `--resume`: every story exactly once,
none lost, no half-written line. The processes are real: started, killed with kill -9 (their
whole process group, Dask workers included) once some output exists, and run again."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfuse.batch import run_batch
from newsfuse.batchio import MANIFEST, job_record_path, read_records, start_lines_job
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings

pytestmark = pytest.mark.faults

WORDS = 60
STORIES = 40


@pytest.fixture(scope="module")
def stories(tmp_path_factory, example_dir) -> Path:
    texts = [p.read_text() for p in sorted(example_dir.glob("*.txt"))]
    lines = []
    for n in range(STORIES):
        articles = [
            {"id": f"a{k}", "text": f"Report {n} of the story.\n\n{t}"} for k, t in enumerate(texts)
        ]
        lines.append(json.dumps({"id": f"s{n:03d}", "articles": articles}))
    lines.insert(7, '{"id": "broken", "articles": [')  # a corrupt line: an error record
    path = tmp_path_factory.mktemp("in") / "stories.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def expected(stories) -> list[str]:
    """The output lines of one uninterrupted run."""
    out = io.StringIO()
    run_batch(
        read_records(stories), out, Pipeline(Settings(words=WORDS)), words=WORDS, origin=str(stories)
    )
    return out.getvalue().splitlines()


def _batch(*args: object, words: int = WORDS) -> list[str]:
    return [sys.executable, "-m", "newsfuse", "batch", *map(str, args), "-w", str(words), "-q"]


def _kill_when(command: list[str], ready) -> None:
    """Start ``command`` in its own process group, SIGKILL the group once ``ready()``."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 180
        while not ready():
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "no output came"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the job and every process it started
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while True:  # nothing of the group outlives the kill (Dask workers included)
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "processes of the killed job still run"
        time.sleep(0.1)


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_batch_inprocess_killed_then_resumed(stories, expected, tmp_path):
    out = tmp_path / "briefs.jsonl"
    _kill_when(_batch(stories, "-o", out), lambda: _lines(out) >= 5)
    written = out.read_bytes()
    assert 5 <= written.count(b"\n") < len(expected)  # killed mid-run
    if written.endswith(b"\n"):  # the kill fell between lines: tear one as a kill mid-write would
        out.write_bytes(written + expected[written.count(b"\n")].encode()[:40])

    other = subprocess.run(
        _batch(stories, "-o", out, "--resume", words=80),
        capture_output=True,
        text=True,
        check=False,
    )
    assert other.returncode == 2 and "another input or other settings" in other.stderr
    assert "Traceback" not in other.stderr

    resumed = subprocess.run(
        _batch(stories, "-o", out, "--resume"), capture_output=True, text=True, check=False
    )
    assert resumed.returncode == 1, resumed.stderr  # 1: the corrupt line is a failed story
    assert "Traceback" not in resumed.stderr
    lines = out.read_text().splitlines()
    assert lines == expected  # each story once, in order, none lost, no torn line
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == len(set(ids)) == STORIES + 1


def test_batch_inprocess_resume_refuses_an_output_of_no_job(stories, tmp_path):
    out = tmp_path / "briefs.jsonl"
    out.write_text('{"id": "x", "error": "something else wrote this"}\n')
    result = subprocess.run(
        _batch(stories, "-o", out, "--resume"), capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "no job record" in result.stderr
    assert not job_record_path(out).exists()


@pytest.mark.parametrize("broken", ["record is a directory", "record is not text", "output is a directory"])
def test_batch_inprocess_resume_of_an_unreadable_job_is_one_line(stories, tmp_path, broken):
    out = tmp_path / "briefs.jsonl"
    if broken == "output is a directory":
        out.mkdir()
        start_lines_job(out, stories, Settings(words=WORDS).digest())
    else:
        out.write_text("")
        if broken == "record is a directory":
            job_record_path(out).mkdir()
        else:
            job_record_path(out).write_bytes(b"\xff\xfe\x00binary")
    result = subprocess.run(
        _batch(stories, "-o", out, "--resume"), capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_batch_dask_killed_then_resumed(stories, expected, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "briefs"
    command = _batch(
        stories, "-o", out, "--engine", "dask", "--workers", "2", "--partition-size", "4"
    )

    def some_partitions() -> bool:
        try:
            return bool(json.loads((out / MANIFEST).read_text())["partitions"])
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            return False

    _kill_when(command, some_partitions)
    finished = json.loads((out / MANIFEST).read_text())["partitions"]
    assert 1 <= len(finished) < 11
    resumed = subprocess.run(
        [*command, "--resume"], capture_output=True, text=True, check=False, timeout=300
    )
    assert resumed.returncode == 1, resumed.stderr
    assert "Traceback" not in resumed.stderr
    manifest = json.loads((out / MANIFEST).read_text())
    lines = [
        line
        for name in sorted(manifest["partitions"])
        for line in (out / manifest["partitions"][name]["file"]).read_text().splitlines()
    ]
    assert lines == expected  # each story once, in order, none lost, no torn line
    assert sorted(p.name for p in out.glob("part-*")) == [
        f"part-{i:05d}.jsonl" for i in range(11)
    ]
