"""The clean stage's cost against an older version of it, timed in one process, in turns.

    mkdir /tmp/old && git archive a00517e src | tar -x -C /tmp/old  # before the classifier
    python benchmarks/clean_speed.py --old /tmp/old/src [--also /tmp/other/src] [--repeat 15]
                                     [--cpu]

The older ``newsfuse`` package is copied to a temporary folder as ``newsfuse_old`` (its
imports rewritten) so both import side by side; ``--also`` adds more source trees the same
way (``newsfuse_also1``, ...), e.g. the commit before a speed-up. Each version cleans every
article of every story (as ``speed.py --stages`` times the clean stage: default settings,
articles as loaded; with ``clean_story``, as the pipeline does, where the version has it)
once to warm up, then ``--repeat`` rounds in which the versions take turns, so a slow spell
of the (shared) machine hits them alike. Reported: ms per story, best and median of the
rounds, and the ratio of each to the older version's (best to best, median to median, and
the median of the per-round ratios).
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from _data import multinews_story_records


def _import_old(src: Path, name: str = "newsfuse_old") -> ModuleType:
    """``newsfuse`` from the source tree ``src``, imported as ``name``."""
    if not (src / "newsfuse" / "clean.py").exists():
        sys.exit(f"no newsfuse/clean.py under {src}")
    tmp = Path(tempfile.mkdtemp(prefix=f"{name}_"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    target = tmp / name
    shutil.copytree(src / "newsfuse", target)
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bnewsfuse\b(?=[.\s])", name, text), encoding="utf-8")
    sys.path.insert(0, str(tmp))
    return importlib.import_module(name)


def _cleaner(package: str, records: list[dict]):  # type: ignore[no-untyped-def]
    module = importlib.import_module(f"{package}.clean")
    settings = importlib.import_module(f"{package}.settings").Settings()
    load = importlib.import_module(f"{package}.load")
    stories = [load.story_from_json(r, r["id"]) for r in records]
    clean_story = getattr(module, "clean_story", None)  # (the story-level pass, since 18b)

    def run() -> None:
        for story in stories:
            if clean_story is not None:
                clean_story(story.articles, settings.clean)
            else:
                for article in story.articles:
                    module.clean(article, settings.clean)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="an older source tree's src/")
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="more source trees")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time CPU time of this process (time.process_time), not wall-clock time: "
        "steadier on a machine other jobs share",
    )
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    records = list(multinews_story_records())
    _import_old(args.old)
    systems = {"old": _cleaner("newsfuse_old", records)}
    for n, src in enumerate(args.also, start=1):
        _import_old(src, f"newsfuse_also{n}")
        systems[f"{src}"] = _cleaner(f"newsfuse_also{n}", records)
    systems["new"] = _cleaner("newsfuse", records)
    for run in systems.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(args.repeat):
        for name, run in systems.items():
            start = clock()
            run()
            times[name].append((clock() - start) * 1000 / len(records))
    old = times["old"]
    print(f"{len(records)} Multi-News stories, {args.repeat} rounds; ms per story")
    for name, values in times.items():
        ratios = [n / o for n, o in zip(values, old, strict=True)]
        print(
            f"{name}: best {min(values):.3f}, median {statistics.median(values):.3f}; "
            f"/old: best/best {min(values) / min(old):.2f}x, "
            f"median/median {statistics.median(values) / statistics.median(old):.2f}x, "
            f"median of per-round ratios {statistics.median(ratios):.2f}x"
        )


if __name__ == "__main__":
    main()
