"""The command line: the only module that prints, configures logging or picks exit codes.

Exit codes: 0 success; 1 bad input or a batch in which some story failed; 2 usage or
configuration error (including a path that does not exist); 130 interrupted.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from newsfuse._version import __version__
from newsfuse.batch import run_batch
from newsfuse.batchio import read_records, resume_lines_job, skip_done, start_lines_job
from newsfuse.clean import clean_story
from newsfuse.errors import (
    ConfigError,
    InputError,
    MissingExtraError,
    MissingPathError,
    NewsfuseError,
)
from newsfuse.load import parse_story_line
from newsfuse.load.inputs import load_inputs
from newsfuse.load.jsonl import story_id_hint
from newsfuse.load.url import Fetcher
from newsfuse.models import Brief, Story
from newsfuse.pipeline import Pipeline
from newsfuse.render import Format, render
from newsfuse.settings import MAX_WORDS, MIN_WORDS, SELECT_STRATEGIES, Settings

app = typer.Typer(
    name="newsfuse",
    help="Several outlets' reports of one story in, one faithful cited brief out.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

WordsOption = Annotated[
    int | None,
    typer.Option(
        "--words",
        "-w",
        help=f"Word budget of the brief ({MIN_WORDS}-{MAX_WORDS}).",
        show_default=False,
    ),
]
VerboseOption = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More logging.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="TOML settings file (see README).", show_default=False),
]
StrategyOption = Annotated[
    str | None,
    typer.Option(
        "--strategy",
        help=f"Selection strategy: {', '.join(SELECT_STRATEGIES)}.",
        show_default=False,
    ),
]


FactsOption = Annotated[
    bool | None,
    typer.Option(
        "--facts/--no-facts",
        help="Compare facts across outlets (figures, dates, quotes, names); on by default, "
        "off is about twice as fast.",
        show_default=False,
    ),
]
CitationsOption = Annotated[
    str | None,
    typer.Option(
        "--citations",
        help="How other outlets are found to carry a sentence: 'lexical' (shared terms; "
        "default) or 'semantic' (also sentence embeddings, by a model shipped with newsfuse).",
        show_default=False,
    ),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private", help="Fetch URLs on private, loopback and link-local addresses too."
    ),
]
CacheDirOption = Annotated[
    Path | None,
    typer.Option(help="Keep fetched pages here; a page is not fetched twice.", show_default=False),
]

ProgressOption = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Progress bar (default: on a terminal).",
        show_default=False,
    ),
]


def _show_progress(progress: bool | None, quiet: bool) -> bool:
    """The bar is shown when asked for, else on a terminal unless ``--quiet``."""
    return (sys.stderr.isatty() and not quiet) if progress is None else progress


def _fetch_settings(settings: Settings, allow_private: bool, cache_dir: Path | None) -> Settings:
    changes: dict[str, object] = {}
    if allow_private:
        changes["allow_private"] = True
    if cache_dir is not None:
        changes["cache_dir"] = str(cache_dir)
    return Settings.from_mapping({"fetch": changes}, settings) if changes else settings


def _settings(
    config: Path | None,
    words: int | None,
    strategy: str | None,
    facts: bool | None = None,
    citations: str | None = None,
) -> Settings:
    """Defaults, then the TOML file, then NEWSFUSE_* variables, then flags."""
    settings = Settings()
    if config is not None:
        settings = Settings.from_toml(config, settings)
    settings = Settings.from_env(base=settings)
    overrides: dict[str, object] = {}
    if words is not None:
        overrides["words"] = words
    if strategy is not None:
        overrides["select"] = {"strategy": strategy}
    if facts is not None:
        overrides["compare"] = {"enabled": facts}
    if citations is not None:
        overrides["attribute"] = {"matcher": citations}
    return Settings.from_mapping(overrides, settings) if overrides else settings


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose else logging.WARNING)
    logging.basicConfig(
        level=level, format="newsfuse: %(levelname)s: %(message)s", stream=sys.stderr
    )


def _load_summarize_input(
    paths: list[str], settings: Settings, since: list[str] | None = None
) -> Story:
    """Files, directories and URLs as one story, or a .json/.jsonl file holding one story;
    ``since``: files, directories and URLs of the reports already read."""
    if (
        len(paths) == 1
        and Path(paths[0]).suffix.lower() in (".json", ".jsonl")
        and Path(paths[0]).is_file()
    ):
        path = Path(paths[0])
        lines = list(read_records(path))
        if len(lines) != 1:
            raise InputError(
                f"holds {len(lines)} stories; `summarize` takes one (use `newsfuse batch`)",
                str(path),
            )
        line_no, line = lines[0]
        if since:
            raise ConfigError(
                "`--since` takes the reports already read as files, directories or URLs; "
                'a .jsonl story names them in its own `"since"` key'
            )
        return parse_story_line(line, line_no, str(path), "json")
    with Fetcher(settings.fetch) as fetcher:
        return load_inputs(paths, fetcher=fetcher, since=since or ())


def _explain(brief: Brief) -> str:
    out = []
    for article in brief.story.articles:
        out.append(
            f"{article.origin or article.id}: outlet {article.outlet or '?'}, "
            f"title {article.title or '?'}, {article.word_count} words kept, "
            f"{len(article.dropped)} lines dropped"
        )
        out.extend(
            f"  line {d.line:>4}  {d.reason:<24} "
            f"{'rule' if d.confidence is None else f'confidence {d.confidence:.2f}':<16} "
            f"{d.text[:90]}"
            for d in article.dropped
        )
    return "\n".join(out)


@app.command()
def summarize(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Articles: .txt or .html files (one per outlet), directories of them, URLs, "
            "URL lists (.txt), RSS/Atom feeds, or one .jsonl story.",
            show_default=False,
        ),
    ],
    words: WordsOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.MARKDOWN,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also print, to stderr, each dropped line and why.")
    ] = False,
    config: ConfigOption = None,
    strategy: StrategyOption = None,
    facts: FactsOption = None,
    citations: CitationsOption = None,
    since: Annotated[
        list[str] | None,
        typer.Option(
            "--since",
            help="Reports already read (files, directories, URLs; repeatable): the brief tells "
            "only what the other reports add to them.",
            show_default=False,
        ),
    ] = None,
    query: Annotated[
        str | None,
        typer.Option(
            "--query",
            help="A question: the brief tells what the reports say about it.",
            show_default=False,
        ),
    ] = None,
    allow_private: AllowPrivateOption = False,
    cache_dir: CacheDirOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Write a cited brief of the reports of one story."""
    _setup_logging(verbose, quiet)
    settings = _fetch_settings(
        _settings(config, words, strategy, facts, citations), allow_private, cache_dir
    )
    if query is not None and not query.strip():
        raise ConfigError("`--query` is empty")
    story = _load_summarize_input(paths, settings, since)
    if query is not None:
        story = dataclasses.replace(story, query=query)
    brief = Pipeline(settings).run(story)
    if explain:
        typer.echo(_explain(brief), err=True)
    typer.echo(render(brief, fmt), nl=fmt is not Format.MARKDOWN and fmt is not Format.TEXT)


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(help="HTML or text files, directories, URLs or feeds.", show_default=False),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="'text' (default) or 'json' (one object a line).")
    ] = "text",
    allow_private: AllowPrivateOption = False,
    cache_dir: CacheDirOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Print the cleaned main text and metadata of each input: what the summariser reads."""
    import json

    _setup_logging(verbose, quiet)
    if fmt not in ("text", "json"):
        raise ConfigError(f"`--format` must be 'text' or 'json'; got {fmt!r}")
    settings = _fetch_settings(_settings(config, None, None), allow_private, cache_dir)
    with Fetcher(settings.fetch) as fetcher:
        story = load_inputs(inputs, fetcher=fetcher)
    for article, cleaned in zip(
        story.articles, clean_story(story.articles, settings.clean), strict=True
    ):
        if fmt == "json":
            record = {
                "input": article.origin,
                "text": cleaned.text,
                "title": cleaned.title,
                "source": cleaned.outlet,
                "author": cleaned.author,
                "published": cleaned.published,
                "url": cleaned.url,
                "language": cleaned.language,
            }
            typer.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))
        else:
            heading = cleaned.title or article.origin
            typer.echo(f"# {heading}\n({cleaned.outlet or '?'}, {article.origin})\n")
            typer.echo(cleaned.text + "\n")


@app.command()
def batch(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="A JSONL file; with --engine dask, a directory of partitions and a manifest.",
            show_default=False,
        ),
    ],
    input_path: Annotated[
        Path | None,
        typer.Argument(
            metavar="INPUT",
            help="JSONL stories (plain or .gz), Parquet (id, articles), or Multi-News lines.",
            show_default=False,
        ),
    ] = None,
    words: WordsOption = None,
    config: ConfigOption = None,
    strategy: StrategyOption = None,
    facts: FactsOption = None,
    citations: CitationsOption = None,
    engine: Annotated[
        str, typer.Option(help="'inprocess' (default) or 'dask' (partitions on a Dask cluster).")
    ] = "inprocess",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://HOST:8786); default: a local cluster.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes of the local cluster.")] = 2,
    partition_size: Annotated[int, typer.Option(help="Stories per partition (dask).")] = 200,
    output_format: Annotated[
        str, typer.Option(help="Partition files: 'jsonl' or 'parquet' (dask).")
    ] = "jsonl",
    resume: Annotated[
        bool,
        typer.Option(
            help="Continue the killed job in OUTPUT: skip the stories (in-process) or "
            "partitions (dask) already written."
        ),
    ] = False,
    progress: ProgressOption = None,
    pile: Annotated[
        list[str] | None,
        typer.Option(
            "--pile",
            help="Article JSONL (or anything `cluster` reads) to group into stories first "
            "(`newsfuse cluster`), instead of INPUT.",
            show_default=False,
        ),
    ] = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Summarise every story of a file; failed stories are recorded and the rest go on."""
    _setup_logging(verbose, quiet)
    settings = _settings(config, words, strategy, facts, citations)
    show_progress = _show_progress(progress, quiet)
    if (input_path is None) == (not pile):
        raise ConfigError("give INPUT (story lines) or `--pile` (articles), not both")
    if pile:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="newsfuse-pile-") as scratch:
            stories = Path(scratch) / "stories.jsonl"
            pile_failed = _cluster_to(
                pile, stories, None, None, settings, show_progress, quiet, label="stories"
            )
            _run_batch(
                stories, output, settings, engine, scheduler, workers, partition_size,
                output_format, resume, show_progress, quiet,
            )  # fmt: skip
        if pile_failed:
            raise typer.Exit(1)
        return
    assert input_path is not None
    _run_batch(
        input_path, output, settings, engine, scheduler, workers, partition_size,
        output_format, resume, show_progress, quiet,
    )  # fmt: skip


def _run_batch(
    input_path: Path,
    output: Path,
    settings: Settings,
    engine: str,
    scheduler: str | None,
    workers: int,
    partition_size: int,
    output_format: str,
    resume: bool,
    show_progress: bool,
    quiet: bool,
) -> None:
    if engine == "dask":
        done, failed = _batch_dask(
            input_path,
            output,
            settings,
            scheduler,
            workers,
            partition_size,
            output_format,
            resume,
            show_progress,
        )
    elif engine == "inprocess":
        done, failed = _batch_inprocess(input_path, output, settings, show_progress, resume)
    else:
        raise ConfigError(f"`--engine` must be 'inprocess' or 'dask'; got {engine!r}")
    if not quiet:
        typer.echo(f"{done} done, {failed} failed -> {output}", err=True)
    if failed:
        raise typer.Exit(1)


def _batch_inprocess(
    input_path: Path, output: Path, settings: Settings, show_progress: bool, resume: bool
) -> tuple[int, int]:
    """One JSONL file written story by story; with ``resume``, the stories a killed run
    wrote are kept and skipped (``batchio.resume_lines_job``)."""
    if not input_path.exists():
        raise MissingPathError("no such file", str(input_path))
    if input_path.is_dir():
        raise InputError("is a directory, expected a JSONL or Parquet file", str(input_path))
    records = read_records(input_path)
    digest = settings.digest()
    written = resume_lines_job(output, input_path, digest) if resume else None
    if written is not None and written.ids:
        records = skip_done(records, written.ids, story_id_hint)
    else:
        written = None
        start_lines_job(output, input_path, digest)
    try:
        out = output.open("a" if written else "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", str(output)) from None
    before = (len(written.ids) - written.failed, written.failed) if written else (0, 0)
    with out:
        if not show_progress:
            report = run_batch(
                records, out, Pipeline(settings), words=settings.words, origin=str(input_path)
            )
            return before[0] + report.done, before[1] + report.failed
        from rich.progress import Progress  # only when a bar is shown: keeps start-up light

        with Progress(transient=False) as bar:
            task = bar.add_task("summarising", total=sum(1 for _ in read_records(input_path)))
            bar.advance(task, sum(before))
            report = run_batch(
                records,
                out,
                Pipeline(settings),
                words=settings.words,
                origin=str(input_path),
                on_item=lambda _record: bar.advance(task),
            )
    return before[0] + report.done, before[1] + report.failed


def _quiet_dask() -> None:
    """Dask logs every scheduler and worker step at INFO; keep stderr for what matters."""
    try:
        import dask
        import distributed  # noqa: F401 - its import sets its loggers' levels, reset below
    except ImportError:
        return
    if logging.getLogger().level > logging.DEBUG:
        dask.config.set({"logging": {"distributed": "warning"}})  # workers inherit it
        for name in (
            "distributed",
            "distributed.nanny",
            "distributed.scheduler",
            "distributed.worker",
        ):
            logging.getLogger(name).setLevel(logging.WARNING)


def _batch_dask(
    input_path: Path,
    output: Path,
    settings: Settings,
    scheduler: str | None,
    workers: int,
    partition_size: int,
    output_format: str,
    resume: bool,
    show_progress: bool,
) -> tuple[int, int]:
    from newsfuse.dask_batch import run_job  # dask is an optional extra: imported on use

    _quiet_dask()

    if output_format not in ("jsonl", "parquet"):
        raise ConfigError(f"`--output-format` must be 'jsonl' or 'parquet'; got {output_format!r}")
    if not 1 <= workers <= 256 or not 1 <= partition_size <= 1_000_000:
        raise ConfigError("`--workers` must be in [1, 256] and `--partition-size` in [1, 1000000]")
    if not input_path.exists():
        raise MissingPathError("no such file", str(input_path))
    options: dict[str, Any] = {
        "scheduler": scheduler,
        "workers": workers,
        "partition_size": partition_size,
        "output_format": output_format,
        "resume": resume,
    }
    if not show_progress:
        report = run_job(input_path, output, settings, **options)
        return report.done, report.failed
    from rich.progress import Progress

    total = sum(1 for _ in read_records(input_path))
    with Progress(transient=False) as bar:
        task = bar.add_task("summarising", total=total)
        report = run_job(
            input_path, output, settings, on_partition=lambda _i, n: bar.advance(task, n), **options
        )
    return report.done, report.failed


@app.command("cluster")
def cluster_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Article JSONL (plain or .gz; story lines too), text or HTML files, "
            "directories, URLs or feeds.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Story JSONL, the form `batch` reads.", show_default=False
        ),
    ],
    assign: Annotated[
        Path | None,
        typer.Option(
            help="Also write {id, story} per article (and {id, story: null, error} per failure).",
            show_default=False,
        ),
    ] = None,
    index: Annotated[
        Path | None,
        typer.Option(
            help="A story index file: read when it exists (its stories are extended and keep "
            "their ids), then saved.",
            show_default=False,
        ),
    ] = None,
    progress: ProgressOption = None,
    allow_private: AllowPrivateOption = False,
    cache_dir: CacheDirOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Group a pile of articles into stories, one event each; every article in one story."""
    _setup_logging(verbose, quiet)
    settings = _fetch_settings(_settings(config, None, None), allow_private, cache_dir)
    show_progress = _show_progress(progress, quiet)
    failed = _cluster_to(inputs, output, assign, index, settings, show_progress, quiet)
    if failed:
        raise typer.Exit(1)


def _cluster_to(
    inputs: list[str],
    output: Path,
    assign: Path | None,
    index_path: Path | None,
    settings: Settings,
    show_progress: bool,
    quiet: bool,
    label: str | None = None,
) -> int:
    """Run `cluster`; returns the number of articles that failed."""
    from contextlib import ExitStack

    from newsfuse.stories import StoryIndex
    from newsfuse.stories.pile import cluster_pile

    index = StoryIndex.load(index_path) if index_path is not None and index_path.exists() else None
    with ExitStack() as stack:
        try:
            out = stack.enter_context(output.open("w", encoding="utf-8"))
            assign_out = stack.enter_context(assign.open("w", encoding="utf-8")) if assign else None
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror}", exc.filename) from None
        fetcher = stack.enter_context(Fetcher(settings.fetch))
        on_article = None
        if show_progress:
            from rich.progress import Progress

            bar = stack.enter_context(Progress(transient=False))
            task = bar.add_task("reading articles", total=None)
            on_article = lambda: bar.advance(task)  # noqa: E731
        report, index = cluster_pile(
            inputs, out, assign=assign_out, index=index, fetcher=fetcher, on_article=on_article
        )
    if index_path is not None:
        index.save(index_path)
    if not quiet:
        typer.echo(
            f"{report.articles} articles in {report.stories} stories, "
            f"{len(report.failed)} failed -> {label or output}",
            err=True,
        )
    return len(report.failed)


@app.command()
def serve(
    db: Annotated[
        str,
        typer.Option(help="SQLite file, or a SQLAlchemy URL (postgresql+psycopg://...)."),
    ] = "newsfuse.db",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes (each summarises on its own core; SQLite or PostgreSQL "
            "is shared)."
        ),
    ] = 1,
    config: ConfigOption = None,
    allow_private: AllowPrivateOption = False,
    cache_dir: CacheDirOption = None,
    verbose: VerboseOption = 0,
) -> None:
    """Serve the web app and REST API: stories stored in DB, briefs read in a browser."""
    _setup_logging(verbose, quiet=False)
    settings = _fetch_settings(_settings(config, None, None), allow_private, cache_dir)
    if not 1 <= workers <= 64:
        raise ConfigError(f"`--workers` must be in [1, 64]; got {workers}")
    try:
        import uvicorn
    except ImportError:
        raise MissingExtraError("web", "newsfuse serve") from None
    from newsfuse.web import create_app

    web_app = create_app(db=db, settings=settings)  # opens the store: migrations run once
    typer.echo(
        f"newsfuse: serving on http://{host}:{port}/ (API docs at /docs)"
        + (f" with {workers} worker processes" if workers > 1 else "")
        + "; Ctrl+C stops"
    )
    log_level = "info" if verbose else "warning"
    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, log_level=log_level)
        return
    import json
    import os

    from newsfuse.web.app import SERVE_DB_VARIABLE, SERVE_SETTINGS_VARIABLE

    web_app.state.store.close()  # each worker opens its own
    os.environ[SERVE_DB_VARIABLE] = db
    os.environ[SERVE_SETTINGS_VARIABLE] = json.dumps(settings.to_dict())
    uvicorn.run(
        "newsfuse.web.app:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level=log_level,
    )


@app.command()
def watch(
    feeds: Annotated[
        Path | None,
        typer.Argument(
            metavar="FEEDS",
            help="Feeds to follow: a list (one URL or path a line), an OPML file, a feed file "
            "or a folder of them; added to those the store follows. Omitted: the store's feeds.",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str,
        typer.Option(help="SQLite file, or a SQLAlchemy URL (postgresql+psycopg://...)."),
    ] = "newsfuse.db",
    every: Annotated[str, typer.Option(help="Poll again after this long (30s, 15m, 2h).")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron).")] = False,
    keep: Annotated[
        str | None,
        typer.Option(
            help="Prune stories whose last report arrived longer ago (30d), with their "
            "articles and entries.",
            show_default=False,
        ),
    ] = None,
    max_feeds: Annotated[
        int | None,
        typer.Option(help="Feeds polled per poll (those polled longest ago first).", min=1),
    ] = None,
    max_new: Annotated[
        int, typer.Option(help="New articles per poll; the rest wait for the next.", min=1)
    ] = 1000,
    delay: Annotated[
        float, typer.Option(help="Seconds between two requests to one host.", min=0.0)
    ] = 1.0,
    batch: Annotated[
        int,
        typer.Option(
            help="Articles written per transaction, with the story index (a kill loses at "
            "most one batch, fetched again by the next run).",
            min=1,
        ),
    ] = 100,
    config: ConfigOption = None,
    allow_private: AllowPrivateOption = False,
    cache_dir: CacheDirOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Follow RSS/Atom feeds: new reports join stories in DB, whose briefs `serve` shows."""
    import signal

    _setup_logging(verbose, quiet)
    settings = _fetch_settings(_settings(config, None, None), allow_private, cache_dir)
    try:
        from newsfuse.follow import (
            Watcher,
            WatchOptions,
            parse_duration,
            read_feed_list,
            watch_loop,
        )
        from newsfuse.web.store import Store, database_url
    except ImportError:
        raise MissingExtraError("web", "newsfuse watch") from None
    interval = None if once else parse_duration(every, "--every")
    if interval is not None and interval.total_seconds() < 1:
        raise ConfigError("`--every` must be at least 1s")
    options = WatchOptions(
        max_feeds=max_feeds,
        max_new=max_new,
        keep=parse_duration(keep, "--keep") if keep is not None else None,
        delay=delay,
        batch=batch,
    )
    listed = read_feed_list(feeds) if feeds is not None else []

    def stop_on_term(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_term)  # systemd's stop: as Ctrl-C
    store = Store(database_url(db), settings)
    try:
        added = store.ensure_feeds(listed)
        if not store.feeds():
            raise InputError("no feed to follow: give FEEDS, or add feeds in the web app")
        if not quiet and added:
            typer.echo(f"newsfuse: following {added} new feeds", err=True)

        def report(number: int, summary: Any) -> None:
            if not quiet:
                typer.echo(f"poll {number}: {summary.line()}", err=True)

        with Fetcher(settings.fetch) as fetcher:
            watch_loop(Watcher(store, fetcher, options), interval, report)
    except KeyboardInterrupt:
        typer.echo("newsfuse: watch stopped; every article stored so far is kept", err=True)
        raise typer.Exit(130) from None
    finally:
        store.close()


@app.command("eval")
def eval_command(
    dataset: Annotated[
        Path,
        typer.Argument(
            help="Multi-News TSV/JSONL file, or a DUC (docs/ + models/) or MultiLing directory.",
            show_default=False,
        ),
    ],
    words: Annotated[
        int | None,
        typer.Option(
            "--words",
            "-w",
            help="Cut every summary here (default: the dataset's).",
            show_default=False,
        ),
    ] = None,
    peers: Annotated[
        str,
        typer.Option(
            help="Comma-separated peers (lead, lexrank, textrank, lsa, luhn, sumbasic, "
            "oracle), 'all' or 'none'."
        ),
    ] = "all",
    split: Annotated[
        str | None,
        typer.Option(
            help="Only these Multi-News splits, comma-separated (e.g. val,test).",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Also write the results here as JSON.", show_default=False),
    ] = None,
    task: Annotated[
        str,
        typer.Option(
            help="'generic' (default); 'update' (DUC 2007's update task: B given A, C given A "
            "and B) or 'query' (DUC 2006, DUC 2007 main: topic statements as questions), "
            "scored by ROUGE-2 and ROUGE-SU4 recall against their own peers.",
        ),
    ] = "generic",
    verbose: VerboseOption = 0,
) -> None:
    """Score newsfuse and peer systems side by side: ROUGE-1/2/L and ms per cluster."""
    import json

    if task != "generic":
        _eval_focus(dataset, task, words, peers, json_out, verbose)
        return

    from newsfuse.evaluate.datasets import load_dataset
    from newsfuse.evaluate.harness import evaluate, markdown_table
    from newsfuse.evaluate.peers import PEERS

    _setup_logging(verbose, quiet=False)
    names = (
        list(PEERS)
        if peers == "all"
        else []
        if peers == "none"
        else [p.strip() for p in peers.split(",") if p.strip()]
    )
    unknown = sorted(set(names) - set(PEERS))
    if unknown:
        raise ConfigError(f"`--peers`: unknown peer {unknown[0]!r}; choose from {', '.join(PEERS)}")
    data = load_dataset(dataset, tuple(s.strip() for s in split.split(",")) if split else ())
    if not data.clusters:
        raise InputError("no cluster with reference summaries", str(dataset))
    budget = words or data.words
    results = evaluate(data, ["newsfuse", *names], words=budget)
    typer.echo(markdown_table(data, results, budget))
    if json_out is not None:
        payload = {
            "dataset": data.name,
            "clusters": len(data.clusters),
            "words": budget,
            "systems": {
                r.name: {
                    "ms_per_cluster": round(r.ms_per_cluster, 2),
                    "failed": list(r.failed),
                    # F1 of each cluster, for paired comparisons (benchmarks/margin.py)
                    "per_cluster": {
                        cluster: {metric: round(f1, 5) for metric, f1 in scores.items()}
                        for cluster, scores in r.per_cluster.items()
                    },
                    **{
                        f"{metric}_{part}": round(getattr(score, part), 5)
                        for metric, score in r.scores.items()
                        for part in ("precision", "recall", "f1")
                    },
                }
                for r in results
            },
        }
        json_out.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")


def _eval_focus(
    dataset: Path, task: str, words: int | None, peers: str, json_out: Path | None, verbose: int
) -> None:
    """``eval --task update|query``: the focused brief against its own peers."""
    import json

    from newsfuse.evaluate.focus import (
        QUERY_PEERS,
        QUERY_WORDS,
        TASKS,
        UPDATE_PEERS,
        UPDATE_WORDS,
        focus_table,
        load_task,
        run_task,
    )

    _setup_logging(verbose, quiet=False)
    if task not in TASKS:
        raise ConfigError(f"`--task` must be 'generic', 'update' or 'query'; got {task!r}")
    known = UPDATE_PEERS if task == "update" else QUERY_PEERS
    names = (
        list(known)
        if peers == "all"
        else []
        if peers == "none"
        else [p.strip() for p in peers.split(",") if p.strip()]
    )
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise ConfigError(f"`--peers`: unknown peer {unknown[0]!r}; choose from {', '.join(known)}")
    clusters = load_task(dataset, task)
    if not clusters:
        raise InputError("no cluster with reference summaries", str(dataset))
    budget = words or (UPDATE_WORDS if task == "update" else QUERY_WORDS)
    results = run_task(clusters, ["newsfuse", *names], budget, task)
    name = f"{dataset.name}-{task}"
    typer.echo(
        focus_table(f"{name}: {len(clusters)} clusters, summaries cut at {budget} words", results)
    )
    if json_out is not None:
        payload = {
            "dataset": name,
            "clusters": len(clusters),
            "words": budget,
            "results": [
                {
                    "system": r.system,
                    "part": r.part,
                    "clusters": r.clusters,
                    "rouge2_recall": round(r.rouge2.recall, 5),
                    "rouge2_f1": round(r.rouge2.f1, 5),
                    "su4_recall": round(r.su4.recall, 5),
                    "su4_f1": round(r.su4.f1, 5),
                    "earlier_share": None if r.earlier_share is None else round(r.earlier_share, 4),
                    "ms_per_cluster": round(r.ms_per_cluster, 1),
                    "per_cluster": r.per_cluster,
                }
                for r in results
            ],
        }
        json_out.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsfuse {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """newsfuse: faithful cited briefs of multi-outlet news."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app and turns errors into one line and an exit code."""
    try:
        # Outside standalone mode click returns the code of a typer.Exit instead of exiting.
        code = app(args=argv, standalone_mode=False)
    except NewsfuseError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: bad option, missing argument
        exc.show()  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 2))
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("Aborted!", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # stdout closed early (e.g. `| head`): be quiet, like other Unix tools
        sys.stderr.close()
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main"]
