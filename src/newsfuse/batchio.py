"""Batch input and output: story records in, partitions of results out, with a manifest.

Input: JSONL (plain or gzip) with one story per line, Multi-News lines, or Parquet with
columns ``id`` and ``articles`` (a list of ``{id, text, source?, url?, title?, published?}``).
Every record comes out as ``(number, line)``, the line being JSON text for Parquet rows, so
that one parser (``load.jsonl.parse_story_line``) serves all formats.

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
from collections.abc import Iterator, Sequence
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
