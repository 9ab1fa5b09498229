"""The Dask engine: a real LocalCluster with two worker processes on 127.0.0.1."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsfuse.batch import run_batch
from newsfuse.batchio import MANIFEST, read_records
from newsfuse.errors import ConfigError
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings

distributed = pytest.importorskip("distributed")
from newsfuse.dask_batch import run_job  # noqa: E402 - after the skip guard

SETTINGS = Settings(words=60)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def stories_file(tmp_path_factory, example_dir) -> Path:
    texts = [p.read_text() for p in sorted(example_dir.glob("*.txt"))]
    path = tmp_path_factory.mktemp("in") / "stories.jsonl"
    lines = []
    for n in range(11):
        articles = [{"id": f"a{k}", "text": t} for k, t in enumerate(texts[: 1 + n % 2])]
        lines.append(json.dumps({"id": f"s{n}", "articles": articles}))
    lines.insert(6, '{"id": "broken", "articles": [')  # a corrupt line
    path.write_text("\n".join(lines) + "\n")
    return path


def _in_process(path: Path) -> list[str]:
    out = io.StringIO()
    run_batch(read_records(path), out, Pipeline(SETTINGS), words=SETTINGS.words, origin=str(path))
    return out.getvalue().splitlines()


def _partitions(directory: Path) -> list[str]:
    return [
        line for p in sorted(directory.glob("part-*.jsonl")) for line in p.read_text().splitlines()
    ]


def test_dask_output_identical_to_in_process(client, stories_file, tmp_path):
    report = run_job(stories_file, tmp_path / "out", SETTINGS, client=client, partition_size=4)
    assert _partitions(tmp_path / "out") == _in_process(stories_file)
    assert (report.done, report.failed, report.partitions) == (11, 1, 3)
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert sorted(manifest["partitions"]) == ["00000", "00001", "00002"]


def test_dask_records_corrupt_line_and_goes_on(client, stories_file, tmp_path):
    run_job(stories_file, tmp_path / "out", SETTINGS, client=client, partition_size=5)
    records = [json.loads(line) for line in _partitions(tmp_path / "out")]
    failed = [r for r in records if "error" in r]
    assert len(records) == 12 and len(failed) == 1
    assert failed[0]["id"] == "line-7" and "stories.jsonl:7" in failed[0]["error"]


def test_dask_resume_after_interruption(client, stories_file, tmp_path):
    out = tmp_path / "out"

    def stop_after_two(index: int, _stories: int) -> None:
        if index >= 1:
            raise KeyboardInterrupt  # the job is killed after writing two partitions

    with pytest.raises(KeyboardInterrupt):
        run_job(
            stories_file,
            out,
            SETTINGS,
            client=client,
            partition_size=3,
            on_partition=stop_after_two,
        )
    finished = json.loads((out / MANIFEST).read_text())["partitions"]
    assert 1 <= len(finished) < 4
    kept = {name: (out / part["file"]).read_bytes() for name, part in finished.items()}
    with pytest.raises(ConfigError, match="--resume"):
        run_job(stories_file, out, SETTINGS, client=client, partition_size=3)
    report = run_job(stories_file, out, SETTINGS, client=client, partition_size=3, resume=True)
    assert report.skipped_partitions == len(finished)
    assert _partitions(out) == _in_process(stories_file)  # nothing lost, nothing twice
    for name, content in kept.items():
        assert (out / f"part-{name}.jsonl").read_bytes() == content  # not redone


def test_dask_resume_refuses_other_settings(client, stories_file, tmp_path):
    run_job(stories_file, tmp_path / "out", SETTINGS, client=client, partition_size=4)
    with pytest.raises(ConfigError, match="another input or other settings"):
        run_job(
            stories_file,
            tmp_path / "out",
            Settings(words=80),
            client=client,
            partition_size=4,
            resume=True,
        )


def test_dask_gzip_and_parquet_in_parquet_out(client, stories_file, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    good = [
        json.loads(line)
        for line in stories_file.read_text().splitlines()
        if not line.startswith('{"id": "broken"')
    ]
    gz = tmp_path / "stories.jsonl.gz"
    with gzip.open(gz, "wt") as handle:
        handle.write("\n".join(json.dumps(r) for r in good) + "\n")
    parquet = tmp_path / "stories.parquet"
    pq.write_table(pa.Table.from_pylist(good), parquet)
    from_gz = run_job(gz, tmp_path / "gz", SETTINGS, client=client, partition_size=4)
    from_parquet = run_job(
        parquet, tmp_path / "pq", SETTINGS, client=client, partition_size=4, output_format="parquet"
    )
    assert from_gz.done == from_parquet.done == 11 and from_gz.failed == from_parquet.failed == 0
    table = pq.read_table(sorted((tmp_path / "pq").glob("part-*.parquet")))
    results = [json.loads(r) for r in table.column("result").to_pylist()]
    expected = [json.loads(line) for line in _partitions(tmp_path / "gz")]
    assert results == expected


def test_cli_batch_dask_engine(tmp_path, stories_file, capsys):
    from newsfuse.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "batch",
                str(stories_file),
                "-o",
                str(tmp_path / "out"),
                "--engine",
                "dask",
                "--workers",
                "2",
                "--partition-size",
                "5",
                "--words",
                "60",
                "--no-progress",
            ]
        )
    assert exit_info.value.code == 1  # one corrupt line
    err = capsys.readouterr().err
    assert "11 done, 1 failed" in err and "Traceback" not in err
    assert _partitions(tmp_path / "out") == _in_process(stories_file)


def test_dask_output_same_for_one_and_two_workers(stories_file, tmp_path):
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    )
    with distributed.Client(cluster) as one_worker:
        run_job(stories_file, tmp_path / "one", SETTINGS, client=one_worker, partition_size=2)
    cluster.close()
    assert _partitions(tmp_path / "one") == _in_process(stories_file)
