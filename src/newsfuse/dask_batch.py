"""Batch on a Dask cluster: partitions of story records -> partitions of briefs.

The client reads the input lazily and cuts it into partitions of ``partition_size``
records; each partition is one task, ``summarize_partition``, a pure function of its records
and the settings (the same ``batch.summarize_line`` as the in-process engine, so every
story's output is byte-identical whatever the engine or the number of workers). At most two
partitions per worker are in flight, so the client's memory stays flat on any input size.
Each finished partition is written at once and recorded in the manifest (``batchio``); with
``resume`` the partitions already recorded are skipped.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfuse.batch import summarize_line
from newsfuse.batchio import (
    Manifest,
    OutputRecord,
    failed_record,
    fingerprint,
    open_job,
    read_records,
    write_partition,
)
from newsfuse.errors import MissingExtraError
from newsfuse.load.jsonl import LineFormat, line_format, story_id_hint
from newsfuse.load.url import Fetcher
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobReport:
    done: int
    failed: int
    partitions: int
    skipped_partitions: int


def summarize_partition(
    records: list[tuple[int, str]], settings: Settings, origin: str, fmt: LineFormat
) -> list[OutputRecord]:
    """One partition's records -> their output records (never raises for a bad story).

    Records travel back as JSON text, not as dicts: a string pickles several times faster
    than the nested dict of a brief, and the client only writes it.
    """
    pipeline = Pipeline(settings)
    out = []
    with Fetcher(settings.fetch) as fetcher:  # for articles given only by URL
        for number, line in records:
            record = summarize_line(pipeline, line, number, origin, settings.words, fmt, fetcher)
            text = json.dumps(record, ensure_ascii=False, sort_keys=True)
            out.append(OutputRecord(str(record.get("id")), record.get("error"), text))
    return out


def _partitions(
    records: Iterator[tuple[int, str]], size: int
) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    for index in itertools.count():
        chunk = list(itertools.islice(records, size))
        if not chunk:
            return
        yield index, chunk


def _client(scheduler: str | None, workers: int) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingExtraError("batch", "`--engine dask`") from None
    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,  # the pipeline is CPU-bound Python: one process per core
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # any free port: never clash with a running cluster
    )
    return Client(cluster)


def run_job(
    input_path: Path,
    output: Path,
    settings: Settings,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = 200,
    output_format: str = "jsonl",
    resume: bool = False,
    client: Any = None,
    on_partition: Callable[[int, int], None] | None = None,
) -> JobReport:
    """Summarise every story of ``input_path`` on a Dask cluster into ``output`` (a directory).

    Args:
        scheduler: address of a running scheduler (``tcp://host:8786``); else a local
            cluster of ``workers`` processes is started (and stopped at the end).
        client: an existing ``distributed.Client`` to use instead (tests).
        on_partition: called with (partition index, stories in it) after each is written.
    """
    manifest = open_job(
        output,
        Manifest(
            input=str(input_path),
            input_fingerprint=fingerprint(input_path),
            settings=settings.digest(),
            partition_size=partition_size,
            output_format=output_format,
        ),
        resume=resume,
    )
    first = next(iter(read_records(input_path)), None)
    if first is None:
        return JobReport(0, 0, 0, 0)
    fmt = line_format(str(input_path), first[1]) if input_path.suffix != ".parquet" else "json"
    own_client = client is None
    client = client if client is not None else _client(scheduler, workers)
    in_flight: dict[Any, tuple[int, list[tuple[int, str]]]] = {}
    try:
        from distributed import as_completed

        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending = _partitions(read_records(input_path), partition_size)
        skipped = 0
        queue = as_completed()

        def submit_next() -> bool:
            nonlocal skipped
            for index, chunk in pending:
                if f"{index:05d}" in manifest.partitions:
                    skipped += 1
                    continue
                # Settings are a few hundred bytes: sent with each task, nothing to scatter
                # or lose. Keys are fresh per run, so a resumed job never meets the
                # cancelled tasks of the run it resumes.
                future = client.submit(
                    summarize_partition,
                    chunk,
                    settings,
                    str(input_path),
                    fmt,
                    retries=1,
                    pure=False,
                )
                in_flight[future] = (index, chunk)
                queue.add(future)
                return True
            return False

        for _ in range(2 * n_workers):
            if not submit_next():
                break
        for future in queue:
            index, chunk = in_flight.pop(future)
            try:
                records = future.result()
            except Exception as exc:  # a lost partition is recorded, not fatal
                log.debug("partition %d failed", index, exc_info=True)
                error = f"partition failed: {type(exc).__name__}: {exc}"
                records = [
                    failed_record(story_id_hint(line, number), error) for number, line in chunk
                ]
            name = write_partition(output, index, records, output_format)
            manifest.partitions[f"{index:05d}"] = {
                "file": name,
                "stories": len(records),
                "failed": sum(r.error is not None for r in records),
            }
            manifest.save(output)
            if on_partition is not None:
                on_partition(index, len(records))
            submit_next()
        return JobReport(manifest.done, manifest.failed, len(manifest.partitions), skipped)
    finally:
        if in_flight:  # interrupted: nothing of this run may keep running
            client.cancel(list(in_flight))
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
