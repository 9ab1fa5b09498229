"""Speed of newsfuse against sumy's LexRank on the same Multi-News stories, in one process.

    python benchmarks/speed.py [--repeat 5] [--words 260] [--json out.json] [--stages]

Both systems start from the raw story text. newsfuse runs its whole pipeline (parse, clean,
segment, analyse, select, attribute, compare, JSON), and once more without the compare stage
(the facts across outlets). LexRank (sumy, Porter stemmer, English stop
words) gets the same text split into sentences by nupunkt line by line, through sumy's own
PlaintextParser, and is asked for enough sentences to fill the budget. Each system runs over
all stories `--repeat` times (the systems taking turns) after one warm-up pass; the best
pass of each is reported. `--stages` also times each stage of the brief on its own (the
best of `--repeat` passes per stage), to see where the time goes.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

import nupunkt

from _data import multinews_story_records
from newsfuse import Pipeline, Settings
from newsfuse.analyse import analyse
from newsfuse.attribute import attribute
from newsfuse.clean import clean_story
from newsfuse.errors import InputError
from newsfuse.load import story_from_json
from newsfuse.pipeline import canonical_order
from newsfuse.render import render_json
from newsfuse.segment import segment
from newsfuse.select import select


class _SumyTokenizer:
    """The offline tokenizer sumy needs (its default one downloads NLTK data)."""

    language = "english"
    _word = re.compile(r"\w+(?:[.'’]\w+)*")

    def to_sentences(self, paragraph: str) -> list[str]:
        return [
            s
            for line in paragraph.splitlines()
            if line.strip()
            for s in nupunkt.sent_tokenize(line)
        ]

    def to_words(self, sentence: str) -> list[str]:
        return self._word.findall(sentence)


def _lexrank(words: int, stop_words: bool):
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    if stop_words:  # as in sumy's README; its class default is no stop words
        summarizer.stop_words = get_stop_words("english")
    tokenizer = _SumyTokenizer()

    def run(text: str) -> str:
        document = PlaintextParser.from_string(text, tokenizer).document
        chosen, total = [], 0
        for sentence in summarizer(document, 20):
            chosen.append(str(sentence))
            total += len(str(sentence).split())
            if total >= words:
                break
        return " ".join(" ".join(chosen).split()[:words])

    return run


def _time_interleaved(systems: dict, items_of: dict, repeat: int) -> dict[str, float]:
    """Best ms per item of each system; the systems take turns in every round, so that a
    slow spell of the machine hits them alike."""
    for name, fn in systems.items():  # warm-up: imports, caches
        for item in items_of[name]:
            fn(item)
    best = {name: float("inf") for name in systems}
    for _ in range(repeat):
        for name, fn in systems.items():
            items = items_of[name]
            start = time.perf_counter()
            for item in items:
                fn(item)
            best[name] = min(best[name], (time.perf_counter() - start) * 1000 / len(items))
    return best


def stage_times(records: list[dict], settings: Settings, repeat: int) -> dict[str, float]:
    """Best ms per story of each stage of the brief, each fed the previous stage's output
    (over the stories that have text left after cleaning)."""
    stories = [story_from_json(r, r["id"]) for r in records]
    cleaned = [canonical_order(clean_story(s.articles, settings.clean)) for s in stories]
    has_text = [any(a.text.strip() for a in articles) for articles in cleaned]
    records = [r for r, keep in zip(records, has_text, strict=True) if keep]
    stories = [s for s, keep in zip(stories, has_text, strict=True) if keep]
    cleaned = [c for c, keep in zip(cleaned, has_text, strict=True) if keep]
    sentences = [
        tuple(x for a in arts if a.text.strip() for x in segment(a, settings.segment))
        for arts in cleaned
    ]
    analyses = [
        analyse(s, sents, settings.analyse) for s, sents in zip(stories, sentences, strict=True)
    ]
    chosen = [select(a, settings.words, settings.select) for a in analyses]
    briefs = [Pipeline(settings).run(s) for s in stories]
    stages = {
        "load (JSON record -> Story)": lambda i: story_from_json(records[i], records[i]["id"]),
        "clean": lambda i: clean_story(stories[i].articles, settings.clean),
        "segment": lambda i: [segment(a, settings.segment) for a in cleaned[i] if a.text.strip()],
        "analyse": lambda i: analyse(stories[i], sentences[i], settings.analyse),
        "select": lambda i: select(analyses[i], settings.words, settings.select),
        "attribute": lambda i: attribute(chosen[i], analyses[i], settings.attribute),
        "render (JSON)": lambda i: render_json(briefs[i], indent=None),
    }
    best = {}
    for name, run in stages.items():
        best[name] = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for i in range(len(records)):
                run(i)
            best[name] = min(best[name], (time.perf_counter() - start) * 1000 / len(records))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--words", type=int, default=260)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--stages", action="store_true", help="also time each stage")
    args = parser.parse_args()

    records = list(multinews_story_records())
    pipeline = Pipeline(Settings(words=args.words))
    no_facts = {"words": args.words, "compare": {"enabled": False}}
    brief_only = Pipeline(Settings.from_mapping(no_facts))

    def as_batch(run: Pipeline):
        """One story as `newsfuse batch` does it: its JSON line, or an error record."""

        def line(record: dict) -> str:
            try:
                return render_json(run.run(story_from_json(record, record["id"])), indent=None)
            except InputError as error:  # a story with no text left after cleaning
                return json.dumps({"id": record["id"], "error": str(error)})

        return line

    texts = ["\n\n".join(a["text"] for a in record["articles"]) for record in records]
    timed = _time_interleaved(
        {
            "newsfuse": as_batch(pipeline),
            "newsfuse_brief_only": as_batch(brief_only),
            "lexrank": _lexrank(args.words, stop_words=True),
            "lexrank_plain": _lexrank(args.words, stop_words=False),
        },
        {
            "newsfuse": records,
            "newsfuse_brief_only": records,
            "lexrank": texts,
            "lexrank_plain": texts,
        },
        args.repeat,
    )
    newsfuse_ms, lexrank_ms = timed["newsfuse"], timed["lexrank"]
    lexrank_plain_ms = timed["lexrank_plain"]
    result = {
        "stories": len(records),
        "words": args.words,
        "median_story_chars": statistics.median(len(t) for t in texts),
        "newsfuse_ms_per_story": round(newsfuse_ms, 2),
        "newsfuse_brief_only_ms_per_story": round(timed["newsfuse_brief_only"], 2),
        "lexrank_ms_per_story": round(lexrank_ms, 2),
        "lexrank_no_stop_words_ms_per_story": round(lexrank_plain_ms, 2),
        "speedup": round(lexrank_ms / newsfuse_ms, 1),
        "speedup_no_stop_words": round(lexrank_plain_ms / newsfuse_ms, 1),
    }
    rows = [
        ("newsfuse (whole pipeline with the facts, JSON out)", newsfuse_ms, ""),
        (
            "newsfuse, brief only (`compare.enabled = false`)",
            timed["newsfuse_brief_only"],
            "",
        ),
        ("sumy LexRank, English stop words (sumy's README set-up)", lexrank_ms, result["speedup"]),
        (
            "sumy LexRank, no stop words (its class default)",
            lexrank_plain_ms,
            result["speedup_no_stop_words"],
        ),
    ]
    heading = f"system ({len(records)} Multi-News stories, {args.words} words)"
    print(f"| {heading} | ms per story | newsfuse speed-up |")
    print("|---|---|---|")
    for name, ms, speedup in rows:
        print(f"| {name} | {ms:.2f} | {f'{speedup}x' if speedup else ''} |")
    if args.stages:
        stages = stage_times(records, Settings.from_mapping(no_facts), args.repeat)
        result["stage_ms_per_story"] = {k: round(v, 2) for k, v in stages.items()}
        print("\n| stage of the brief | ms per story |\n|---|---|")
        for name, ms in stages.items():
            print(f"| {name} | {ms:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
