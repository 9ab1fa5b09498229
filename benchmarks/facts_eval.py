"""Precision and recall of the cross-outlet facts against a hand-labelled set.

    python benchmarks/facts_eval.py                 # scores, per label and kind
    python benchmarks/facts_eval.py --dump STORY    # facts and candidates of one story, to label

The labelled set, ``benchmarks/facts_gold.json``, was made by hand from dev stories of the
shared data (the bundled example, Multi-News val/test rows, DUC 2003 clusters whose reports
span several days, AllSides left/centre/right triples). It holds no article text, only what
identifies each fact: its kind, label, the articles that carry it and a key (the counted
thing's stem and the figures for numbers, the ISO value for dates and times, the speaker
for quotes, the name for names).

Recall is *pooled*: the gold facts are those a reader confirmed among the system's own
output and a looser candidate pool (every pair of same-noun figures in different outlets,
every shared date and quote, whatever the rules say), as in TREC-style pooling. A fact no
method proposed is not counted as missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

from _data import REPO, SHARED_DATA, multinews_rows, require
from newsfuse.clean import clean
from newsfuse.evaluate.datasets import load_duc, read_sgml_article
from newsfuse.facts import compare
from newsfuse.facts.names import name_key, rule_name
from newsfuse.load import load_story, make_article, story_from_multinews
from newsfuse.models import Article, Fact, Story
from newsfuse.settings import CleanSettings, CompareSettings

GOLD = REPO / "benchmarks" / "facts_gold.json"
LABELS = ("agreed", "differs", "updated", "not comparable")


def load_stories(ids: list[str]) -> dict[str, Story]:
    """Stories by id: "example", "mn-<row>", "duc-<cluster>" (DUC 2003), "duc07-<topic>"
    (a DUC 2007 update topic, parts A-C together), "allsides-<n>"."""
    stories: dict[str, Story] = {}
    wanted = set(ids)
    if "example" in wanted:
        stories["example"] = load_story([REPO / "examples" / "nato-libya-2011"])
    if any(i.startswith("mn-") for i in wanted):
        for row in multinews_rows():
            sid = f"mn-{row['row_id']}"
            if sid in wanted:
                stories[sid] = story_from_multinews(row["document"], sid)
    if any(i.startswith("duc-") for i in wanted):
        duc = load_duc(require(SHARED_DATA / "duc2003-task2"))
        for cluster in duc.clusters:
            sid = f"duc-{cluster.id}"
            if sid in wanted:
                stories[sid] = cluster.story
    for sid in (i for i in wanted if i.startswith("duc07-")):
        # a DUC 2007 update topic: parts A, B, C are reports of successive days, one story
        topic = require(SHARED_DATA / "duc2007" / "update_docs" / sid.removeprefix("duc07-"))
        paths = sorted(p for part in sorted(topic.iterdir()) for p in part.iterdir())
        stories[sid] = Story(sid, tuple(read_sgml_article(p) for p in paths))
    if any(i.startswith("allsides-") for i in wanted):
        path = SHARED_DATA / "neus-allsides" / "raw_crawled"
        lines = require(next(path.glob("*.jsonl"))).read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            sid = f"allsides-{n}"
            if sid not in wanted:
                continue
            record = json.loads(line)
            articles = [
                make_article(
                    "\n\n".join(item["newBody"]),
                    article_id=side,
                    outlet=item.get("newsSource"),
                    title=item.get("newsTitle"),
                    published=(record.get("date") or "")[:10] or None,
                )
                for side, item in record["news"].items()
                if item.get("newBody")
            ]
            stories[sid] = Story(sid, tuple(articles))
    missing = wanted - stories.keys()
    if missing:
        sys.exit(f"unknown story ids: {sorted(missing)}")
    return stories


SETTINGS = CompareSettings()  # --entities spacy sets the other engine


def cleaned(story: Story) -> list[Article]:
    from newsfuse.pipeline import canonical_order

    return list(canonical_order(clean(a, CleanSettings()) for a in story.articles))


def quote_key(text: str) -> str:
    """A quote's key: a hash of its first five words (the labelled set holds no text)."""
    words = re.findall(r"\w+", text.lower())[:5]
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:8]


def fact_key(fact: Fact) -> str:
    if fact.kind == "quote":
        return quote_key(fact.value)
    return fact.value.lower()


_PARTICLE_WORDS = "of the de da du del van von der al el bin ibn"
_PARTICLES = frozenset(_PARTICLE_WORDS.split())


def canonical(key: str) -> str:
    """A name key as the rules would now cut it ("former archbishop desmond tutu" -> "desmond
    tutu", "zulu-based inkatha freedom party" -> "inkatha freedom party"): applied to gold and
    system keys alike, so that one name labelled in an older form still matches."""
    capitalised = " ".join(w if w in _PARTICLES else w[:1].upper() + w[1:] for w in key.split())
    return name_key(rule_name(capitalised)) or key


def matches(fact: Fact, gold: dict[str, object]) -> bool:
    """A system fact is a gold fact when kind and key agree and they share two articles
    (for single-article facts, that article)."""
    kind = "name" if fact.kind in ("person", "organisation", "place") else fact.kind
    key, gold_key = fact_key(fact), str(gold["key"]).lower()
    if kind != gold["kind"] or (
        key != gold_key and (kind != "name" or canonical(key) != canonical(gold_key))
    ):
        return False
    articles = {m.article for m in fact.mentions}
    shared = articles & set(gold["articles"])  # type: ignore[arg-type]
    return len(shared) >= min(2, len(articles))


NAME_KINDS = ("name",)
GROUPS = {"figures, quotes, dates, times": ("number", "quote", "date", "time"), "names": NAME_KINDS}


def score(
    gold_stories: dict[str, list[dict[str, object]]],
) -> dict[tuple[str, str], Counter[str]]:
    """Counts per (label, kind group): system facts, correct ones, gold facts, found ones."""
    stories = load_stories(list(gold_stories))
    counts: dict[tuple[str, str], Counter[str]] = {}
    for sid, gold in gold_stories.items():
        facts = [f for f in compare(cleaned(stories[sid]), SETTINGS) if f.label.value in LABELS]
        for label in LABELS:
            for group, kinds in GROUPS.items():
                system = [
                    f
                    for f in facts
                    if f.label.value == label
                    and ("name" if f.kind in ("person", "organisation", "place") else f.kind)
                    in kinds
                ]
                expected = [g for g in gold if g["label"] == label and g["kind"] in kinds]
                # a system fact is right when it states a gold fact (two system facts may
                # state one gold fact over different pairs of reports); a gold fact is found
                # when some system fact states it
                hit_system = sum(any(matches(f, g) for g in expected) for f in system)
                hit_gold = sum(any(matches(f, g) for f in system) for g in expected)
                counts.setdefault((label, group), Counter()).update(
                    system=len(system), correct=hit_system, gold=len(expected), found=hit_gold
                )
    return counts


def table(counts: dict[tuple[str, str], Counter[str]], name_recall: bool = False) -> list[str]:
    lines = [
        "| label | kind | system facts | correct | precision | gold facts | found | recall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (label, group), c in counts.items():
        if not c["system"] and not c["gold"]:
            continue
        precision = f"{c['correct'] / c['system']:.2f}" if c["system"] else "–"
        # names of the development stories are labelled from the rules' own output only: no
        # recall to speak of; the held-out stories pool the names of both engines
        shown = group != "names" or name_recall
        recall = f"{c['found'] / c['gold']:.2f}" if c["gold"] and shown else "–"
        lines.append(
            f"| {label} | {group} | {c['system']} | {c['correct']} | {precision} "
            f"| {c['gold']} | {c['found']} | {recall} |"
        )
    return lines


def dump(story_id: str) -> None:
    """The story's facts (all but single-source) with each mention's sentence, to label."""
    story = load_stories([story_id])[story_id]
    articles = cleaned(story)
    text = {a.id: a.text for a in articles}
    print(f"# {story_id}: " + ", ".join(f"{a.id}={a.outlet} {a.published or ''}" for a in articles))
    for fact in compare(articles, SETTINGS):
        if fact.label.value == "single-source":
            continue
        speaker = f" speaker={fact.speaker}" if fact.speaker else ""
        if fact.kind in ("name", "person", "organisation", "place"):
            outlets = sorted({m.article for m in fact.mentions})
            print(f"[{fact.label.value}] name key={fact_key(fact)} {outlets}")
            continue
        print(f"\n[{fact.label.value}] {fact.kind} key={fact_key(fact)}{speaker}")
        for m in fact.mentions[:6]:
            body = text[m.article]
            left = max(body.rfind(". ", 0, m.start), body.rfind("\n", 0, m.start)) + 1
            right = body.find(". ", m.end)
            context = body[left : right if right > 0 else m.end + 80].replace("\n", " ")
            print(f"   {m.article}: «{m.text}» … {context[:220]}")


def pool(story_id: str) -> None:
    """Looser candidates the system did not propose: same-noun figures of two outlets whose
    sentences share two content words, and quotes sharing a run of five words."""
    from difflib import SequenceMatcher

    from newsfuse.facts.numbers import quantities
    from newsfuse.facts.quotations import quotes

    story = load_stories([story_id])[story_id]
    articles = cleaned(story)
    grouped = {
        (m.article, m.start): n for n, f in enumerate(compare(articles)) for m in f.mentions
    }
    found = [q for a in articles for q in quantities(a)]
    print(f"# pool {story_id}")
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.article == b.article or a.counted[-1] != b.counted[-1]:
                continue
            same = grouped.get((a.article, a.mention.start)) == grouped.get(
                (b.article, b.mention.start)
            )
            if same or len(a.context & b.context) < 2:
                continue
            print(f"[number? {a.counted[-1]}] {a.article}: «{a.mention.text}» | "
                  f"{b.article}: «{b.mention.text}» shared={sorted(a.context & b.context)}")
    said = [q for a in articles for q in quotes(a)]
    for i, a in enumerate(said):
        for b in said[i + 1 :]:
            if a.article == b.article:
                continue
            if grouped.get((a.article, a.mention.start)) == grouped.get(
                (b.article, b.mention.start)
            ):
                continue
            block = SequenceMatcher(None, a.words, b.words, autojunk=False).find_longest_match(
                0, len(a.words), 0, len(b.words)
            )
            if block.size >= 5:
                print(f"[quote?] {a.article}: «{a.mention.text[:90]}» | "
                      f"{b.article}: «{b.mention.text[:90]}»")


def export(story_id: str) -> None:
    """The system's facts (all but single-source) as labelled-set entries, to correct."""
    story = load_stories([story_id])[story_id]
    for fact in compare(cleaned(story), SETTINGS):
        if fact.label.value not in LABELS:
            continue
        kind = "name" if fact.kind in ("person", "organisation", "place") else fact.kind
        entry = {
            "kind": kind,
            "label": fact.label.value,
            "key": fact_key(fact),
            "articles": sorted({m.article for m in fact.mentions}),
        }
        if fact.speaker:
            entry["speaker"] = fact.speaker
        print(json.dumps(entry, ensure_ascii=False) + ",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", metavar="STORY", help="print a story's facts to label")
    parser.add_argument("--pool", metavar="STORY", help="print looser candidates to label")
    parser.add_argument("--export", metavar="STORY", help="print facts as labelled entries")
    parser.add_argument(
        "--entities", choices=("rules", "spacy"), default="rules", help="names engine"
    )
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args()
    global SETTINGS
    SETTINGS = CompareSettings(entities=args.entities)
    if args.dump:
        dump(args.dump)
        return
    if args.pool:
        pool(args.pool)
        return
    if args.export:
        export(args.export)
        return
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    held_out = set(data["held_out"])
    stories = data["stories"]
    parts = {
        "development stories": {k: v for k, v in stories.items() if k not in held_out},
        "held-out stories (labelled after the rules were frozen)": {
            k: v for k, v in stories.items() if k in held_out
        },
    }
    results = {}
    for title, part in parts.items():
        if not part:
            print(f"\n{title}: none at present (label a fresh set before quoting precision)")
            continue
        counts = score(part)
        print(f"\n{title} ({len(part)}: {', '.join(part)})\n")
        print("\n".join(table(counts, name_recall=title.startswith("held-out"))))
        results[title] = {f"{label} / {group}": dict(c) for (label, group), c in counts.items()}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
