"""Batch input and output: story records in, partitions of results out, with a manifest.

Input: JSONL (plain or gzip) with one story per line, Multi-News lines, or Parquet with
columns ``id`` and ``articles`` (a list of ``{id, text, source?, url?, title?, published?}``).
Every record comes out as ``(number, line)``, the line being JSON text for Parquet rows, so
that one parser (``load.jsonl.parse_story_line``) serves all formats.

Output of an in-process job: one JSONL file, written line by line in input order, and
``OUTPUT.job.json`` naming the input and settings; ``--resume`` cuts off a torn last line and
skips the stories already written.

Output of a partitioned job: a directory of ``part-NNNNN.jsonl`` (or ``.parquet``) files and
``manifest.json``, rewritten atomically after each partition, naming the input, the settings
and every finished partition. A job killed midway resumes from it without redoing or losing
a finished partition.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from newsfuse.errors import ConfigError, InputError, MissingExtraError, MissingPathError

MANIFEST = "manifest.json"
_FINGERPRINT_BYTES = 1 << 20


def input_format(path: Path) -> str:
    """``parquet``, ``jsonl.gz`` or ``text`` (JSONL or Multi-News lines), from the name."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".gz"):
        return "jsonl.gz"
    return "text"


def read_records(path: Path) -> Iterator[tuple[int, str]]:
    """Non-blank records of ``path`` with their 1-based numbers, read lazily.

    Raises:
        MissingPathError: ``path`` does not exist.
        MissingExtraError: a Parquet file without pyarrow installed.
    """
    if not path.exists():
        raise MissingPathError("no such file", str(path))
    if path.is_dir():
        raise InputError("is a directory, expected a JSONL or Parquet file", str(path))
    fmt = input_format(path)
    if fmt == "parquet":
        yield from _read_parquet(path)
        return
    opener = gzip.open if fmt == "jsonl.gz" else open
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield number, raw.decode("utf-8", errors="replace")
    except (OSError, EOFError) as exc:  # a truncated or corrupt gzip stream
        raise InputError(f"cannot read: {exc}", str(path)) from None


def _read_parquet(path: Path) -> Iterator[tuple[int, str]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("batch", "Parquet input") from None
    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a bad file
        raise InputError(f"not a readable Parquet file: {exc}", str(path)) from None
    number = 0
    for batch in table.iter_batches():
        for row in batch.to_pylist():
            number += 1
            yield number, json.dumps(row, ensure_ascii=False, default=str)


def fingerprint(path: Path) -> str:
    """Size plus a hash of the first MiB: enough to tell one input file from another."""
    digest = hashlib.sha256(str(path.stat().st_size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(_FINGERPRINT_BYTES))
    return digest.hexdigest()[:16]


@dataclass
class Manifest:
    """What a partitioned job has finished; saved after every partition."""

    input: str
    input_fingerprint: str
    settings: str
    partition_size: int
    output_format: str
    partitions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return sum(p["stories"] - p["failed"] for p in self.partitions.values())

    @property
    def failed(self) -> int:
        return sum(p["failed"] for p in self.partitions.values())

    def save(self, directory: Path) -> None:
        temporary = directory / f".{MANIFEST}.tmp"
        temporary.write_text(json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n")
        os.replace(temporary, directory / MANIFEST)  # atomic: never half a manifest

    @classmethod
    def load(cls, directory: Path) -> Manifest | None:
        path = directory / MANIFEST
        if not path.exists():
            return None
        try:
            return cls(**json.loads(path.read_text()))
        except (json.JSONDecodeError, TypeError) as exc:
            raise InputError(f"unreadable manifest: {exc}", str(path)) from None


def open_job(directory: Path, manifest: Manifest, *, resume: bool) -> Manifest:
    """Prepare ``directory`` for a job; with ``resume``, continue the job found there.

    Raises:
        ConfigError: the directory holds another job's output, or output without ``resume``.
    """
    directory.mkdir(parents=True, exist_ok=True)
    previous = Manifest.load(directory)
    if previous is None:
        if any(directory.iterdir()):
            raise ConfigError(f"{directory}: output directory is not empty and holds no job")
        manifest.save(directory)
        return manifest
    if not resume:
        raise ConfigError(f"{directory}: holds a job already; pass --resume to continue it")
    same = (
        previous.input_fingerprint == manifest.input_fingerprint
        and previous.settings == manifest.settings
        and previous.partition_size == manifest.partition_size
        and previous.output_format == manifest.output_format
    )
    if not same:
        raise ConfigError(
            f"{directory}: holds a job with another input or other settings; use a new output"
        )
    # a partition listed without its file is not done
    previous.partitions = {
        key: part
        for key, part in previous.partitions.items()
        if (directory / part["file"]).exists()
    }
    return previous


class OutputRecord(NamedTuple):
    """One story's result: its id, its error (None when it succeeded) and its JSON line."""

    id: str
    error: str | None
    json: str


def failed_record(story_id: str, error: str) -> OutputRecord:
    return OutputRecord(
        story_id,
        error,
        json.dumps({"error": error, "id": story_id}, ensure_ascii=False, sort_keys=True),
    )


def write_partition(
    directory: Path, index: int, records: Sequence[OutputRecord], output_format: str
) -> str:
    """Write one finished partition (atomically) and return its file name."""
    name = f"part-{index:05d}.{output_format}"
    temporary = directory / f".{name}.tmp"
    if output_format == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise MissingExtraError("batch", "Parquet output") from None
        table = pa.table(
            {
                "id": [r.id for r in records],
                "error": [r.error for r in records],
                "result": [None if r.error is not None else r.json for r in records],
            }
        )
        pq.write_table(table, temporary)
    else:
        with temporary.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(record.json + "\n")
    os.replace(temporary, directory / name)
    return name


# In-process jobs write one JSONL file; beside it, ``OUTPUT.job.json`` names the input and
# the settings, so that ``--resume`` continues only the job it belongs to.
JOB_SUFFIX = ".job.json"


def job_record_path(output: Path) -> Path:
    """Where the job record of the JSONL output ``output`` is kept."""
    return output.with_name(output.name + JOB_SUFFIX)


def start_lines_job(output: Path, input_path: Path, settings_digest: str) -> None:
    """Record (atomically) which input and settings ``output`` is being written from."""
    record = {
        "input": str(input_path),
        "input_fingerprint": fingerprint(input_path),
        "settings": settings_digest,
    }
    path = job_record_path(output)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        os.replace(temporary, path)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", str(path)) from None


class Written(NamedTuple):
    """The stories a killed in-process job wrote: their ids in order, and how many failed."""

    ids: list[str]
    failed: int


def resume_lines_job(output: Path, input_path: Path, settings_digest: str) -> Written:
    """Prepare ``output`` (a JSONL file of a killed in-process job) to be continued: a torn
    last line is cut off, and the stories of the complete lines are returned.

    Raises:
        ConfigError: ``output`` holds no job record, or one of another input or settings.
        InputError: a complete line of ``output`` is not JSON (the file was edited).
    """
    if not output.exists():
        return Written([], 0)
    path = job_record_path(output)
    try:
        previous = json.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(
            f"{output}: no job record ({path.name}) to resume from; write to a new output"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"unreadable job record: {exc}", str(path)) from None
    except OSError as exc:  # a directory, no permission
        raise InputError(f"cannot read the job record: {exc.strerror}", str(path)) from None
    if not isinstance(previous, dict) or (
        previous.get("input_fingerprint"),
        previous.get("settings"),
    ) != (fingerprint(input_path), settings_digest):
        raise ConfigError(
            f"{output}: holds a job with another input or other settings; use a new output"
        )
    try:
        return _cut_to_complete_lines(output)
    except OSError as exc:
        raise InputError(f"cannot resume: {exc.strerror}", str(output)) from None


def _cut_to_complete_lines(output: Path) -> Written:
    """The stories of ``output``'s complete lines; a torn last line is cut off."""
    ids: list[str] = []
    failed = 0
    complete = 0  # bytes of complete lines
    with output.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                break  # the line being written when the job was killed
            try:
                record = json.loads(raw)
                ids.append(str(record["id"]))
                failed += "error" in record
            except (json.JSONDecodeError, UnicodeDecodeError, TypeError, KeyError):
                raise InputError(
                    f"line {number} is not a record of newsfuse batch; cannot resume",
                    str(output),
                ) from None
            complete += len(raw)
    if complete < output.stat().st_size:
        with output.open("r+b") as handle:
            handle.truncate(complete)
    return Written(ids, failed)


def skip_done(
    records: Iterator[tuple[int, str]],
    done_ids: Sequence[str],
    story_id: Callable[[str, int], str],
) -> Iterator[tuple[int, str]]:
    """``records`` after the first ``len(done_ids)``, which must be the stories done (the
    in-process engine writes in input order); ``story_id(line, number)`` gives a record's id.

    Raises:
        ConfigError: a skipped record is not the story its output line names.
    """
    for expected in done_ids:
        item = next(records, None)
        if item is None or story_id(item[1], item[0]) != expected:
            raise ConfigError(
                f"the output's story {expected!r} is not the input's next story; "
                "use a new output"
            )
    return records
