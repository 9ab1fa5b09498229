"""How far can an event clustering get on the dev pile's gold? Time spans and the gap ceiling.

    python benchmarks/pile.py
    python benchmarks/cluster_ceiling.py [--merges 10] [--json out.json]

Issue 15 asks for one event per story and "a new event after a gap is a new story". The gold
of DUC 2003/2006/2007 and MultiLing 2011 was chosen by assessors: a DUC 2006/2007 cluster is a
*topic* whose documents can span years. This script measures, per data set of the pile:

- the time span of each gold story (its latest dated report minus its earliest): median,
  90th percentile, maximum, and the share of stories running longer than 30 days;
- the ceiling at gap G (G = 3, 7, 14, 30 days; 120, the shipped model's gap; no limit):
  the best B-cubed precision, recall and F1 of any clustering that never keeps two reports
  in one story when the time between them is not bridged by reports less than G days apart
  (the rule of the index:
  a report more than G days from a story's nearest report starts a new story). That
  clustering is the gold story cut wherever its date-sorted reports leave a gap of more than
  G days; undated reports are put with the largest piece (the most favourable choice).
  Precision is then 1.0, and no partition obeying the rule has more recall.

Dates: ``published`` when given, otherwise the first full date in the opening (the index's
own reading), otherwise the date a DUC document id carries (APW19980615.0012).

``--update`` prints, for DUC 2007's update task (10 topics x parts A/B/C, the same 25
documents as the main task's topic of that name), each part's dates and the gaps at the part
boundaries against the largest gap inside the parts: one developing story or three?

``--merges N`` also runs ``newsfuse.cluster`` on the reporting pile and lists N of the
AllSides false merges (pairs of gold stories put in one story) with their titles, dates and
the names they share: what the join got wrong.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from _data import SHARED_DATA, require
from bcubed import bcubed
from newsfuse.stories.signals import article_day
from pile import PARTS, SEED, event_gold, read_gold, read_pile, sources
from train_story_model import article_of

GAPS = (3, 7, 14, 30, 120)
_DOC_DATE = re.compile(r"((?:19|20)\d\d)([01]\d)([0-3]\d)")


def _doc_id_days() -> dict[str, int]:
    """Article id -> day from the date a DUC source id carries (for undated articles)."""
    from datetime import date

    found = {}
    for _name, source_id, _story, _record in sources():
        match = _DOC_DATE.search(source_id.rsplit("/", 1)[-1])
        if match:
            try:
                day = date(*map(int, match.groups())).toordinal()
            except ValueError:
                continue
            article_id = "a" + hashlib.sha1(f"{SEED}:{source_id}".encode()).hexdigest()[:12]
            found[article_id] = day
    return found


def ceiling(
    gold: dict[str, str], days: dict[str, int | None], gap: float | None
) -> tuple[float, float, float]:
    return bcubed(event_gold(gold, days, gap), gold)


def spans(gold: dict[str, str], days: dict[str, int | None]) -> list[int]:
    by_story: dict[str, list[int]] = defaultdict(list)
    for article, story in gold.items():
        day = days.get(article)
        if day is not None:
            by_story[story].append(day)
    return sorted(max(d) - min(d) for d in by_story.values() if d)


def false_merges(report: list[dict[str, str]], gold: dict[str, tuple[str, str]], n: int) -> list:
    """``n`` AllSides false merges of ``newsfuse.cluster`` on the reporting pile, biggest first."""
    from newsfuse.stories.cluster import cluster_index
    from newsfuse.stories.signals import _names

    index = cluster_index([article_of(r) for r in report])
    by_id = {r["id"]: r for r in report}
    merges = []
    for group in index.stories():
        stories = defaultdict(list)
        for a in group.article_ids:
            stories[gold[a][0]].append(a)
        if len(stories) < 2 or not all(s.startswith("allsides/") for s in stories):
            continue
        members = sorted(stories.items(), key=lambda kv: -len(kv[1]))
        first, second = members[0][1][0], members[1][1][0]
        names_a = set(_names(by_id[first]["text"][:2000]))
        names_b = set(_names(by_id[second]["text"][:2000]))
        merges.append(
            {
                "story": group.id,
                "gold_stories": len(stories),
                "articles": len(group.article_ids),
                "reports": [
                    {
                        "gold": s,
                        "title": by_id[a[0]].get("title", ""),
                        "published": by_id[a[0]].get("published", ""),
                        "source": by_id[a[0]].get("source", ""),
                    }
                    for s, a in members[:4]
                ],
                "shared_names": sorted(names_a & names_b)[:12],
            }
        )
    merges.sort(key=lambda m: (-m["gold_stories"], m["story"]))
    return merges[:n]


UPDATE_DOCS = SHARED_DATA / "duc2007" / "update_docs"


def update_parts() -> list[dict[str, object]]:
    """Per DUC 2007 update topic: each part's first and last day, the gaps (days) between
    consecutive parts and the largest gap between consecutive reports inside a part."""
    from datetime import date

    rows = []
    for topic in sorted(d for d in require(UPDATE_DOCS).iterdir() if d.is_dir()):
        parts = []
        for part in sorted(p for p in topic.iterdir() if p.is_dir()):
            days = sorted(
                date(*map(int, m.groups())).toordinal()
                for f in part.iterdir()
                if (m := _DOC_DATE.search(f.name))
            )
            parts.append(days)
        inside = max((b - a for days in parts for a, b in itertools.pairwise(days)), default=0)
        boundaries = [nxt[0] - prev[-1] for prev, nxt in itertools.pairwise(parts)]
        rows.append(
            {
                "topic": topic.name,
                "parts": [
                    (
                        date.fromordinal(d[0]).isoformat(),
                        date.fromordinal(d[-1]).isoformat(),
                        len(d),
                    )
                    for d in parts
                ],
                "boundary_gaps": boundaries,
                "largest_gap_inside": inside,
                "main_task_same_documents": sorted(
                    f.name for p in topic.iterdir() if p.is_dir() for f in p.iterdir()
                )
                == sorted(
                    f.name for f in (UPDATE_DOCS.parent / "main_docs" / topic.name).iterdir()
                ),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--merges", type=int, default=0, help="list N AllSides false merges")
    parser.add_argument("--update", action="store_true", help="DUC 2007 update parts' dates")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    gold_all = read_gold()
    fallback = _doc_id_days()
    days: dict[str, int | None] = {}
    sets: dict[str, dict[str, str]] = defaultdict(dict)
    for part in ("tune", "report"):
        for record in read_pile(part):
            story, name = gold_all[record["id"]]
            sets[name][record["id"]] = story
            days[record["id"]] = article_day(article_of(record)) or fallback.get(record["id"])
    report_gold = {
        a: s for name, g in sets.items() if PARTS[name] == "report" for a, s in g.items()
    }
    rows = {}
    header = "| data set | part | articles | stories | dated | span median / p90 / max days"
    header += " | > 30 days | " + " | ".join(f"ceiling G={g}" for g in GAPS) + " | no gap limit |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    order = [n for n in PARTS if n in sets] + ["report overall"]
    for name in order:
        gold = report_gold if name == "report overall" else sets[name]
        span = spans(gold, days)
        dated = sum(1 for a in gold if days.get(a) is not None)
        results = {g: ceiling(gold, days, g) for g in GAPS}
        results_none = ceiling(gold, days, None)
        rows[name] = {
            "part": "report" if name == "report overall" else PARTS[name],
            "articles": len(gold),
            "stories": len(set(gold.values())),
            "dated": dated,
            "span_days": {
                "median": statistics.median(span) if span else None,
                "p90": span[int(0.9 * (len(span) - 1))] if span else None,
                "max": span[-1] if span else None,
                "over_30": round(sum(1 for s in span if s > 30) / len(span), 3) if span else None,
            },
            "ceiling": {str(g): [round(x, 4) for x in v] for g, v in results.items()},
        }
        sp = rows[name]["span_days"]
        cells = [
            name,
            rows[name]["part"],
            str(len(gold)),
            str(rows[name]["stories"]),
            f"{dated / len(gold):.0%}",
            f"{sp['median']} / {sp['p90']} / {sp['max']}" if span else "-",
            f"{sp['over_30']:.0%}" if span else "-",
            *(f"R {v[1]:.3f} F1 {v[2]:.3f}" for v in results.values()),
            f"R {results_none[1]:.3f} F1 {results_none[2]:.3f}",
        ]
        print("| " + " | ".join(cells) + " |", flush=True)
    payload: dict[str, object] = {"sets": rows}
    if args.merges:
        merges = false_merges(read_pile("report"), gold_all, args.merges)
        payload["allsides_false_merges"] = merges
        for m in merges:
            print(f"\n{m['story']}: {m['articles']} articles of {m['gold_stories']} gold stories")
            for r in m["reports"]:
                print(f"  {r['published']}  {r['source'][:22]:22}  {r['title'][:90]}")
            print(f"  shared names: {', '.join(m['shared_names'])}")
    if args.update:
        update = update_parts()
        payload["duc2007_update"] = update
        print("\n| topic | A | B | C | gaps A-B, B-C (days) | largest gap inside a part |")
        print("|---|---|---|---|---|---|")
        for row in update:
            cells = [f"{a} .. {b} ({n})" for a, b, n in row["parts"]]  # type: ignore[union-attr]
            gaps = ", ".join(str(g) for g in row["boundary_gaps"])  # type: ignore[union-attr]
            print(
                f"| {row['topic']} | {' | '.join(cells)} | {gaps} | {row['largest_gap_inside']} |"
            )
        print(
            "same documents as the main task's topic: "
            f"{sum(bool(r['main_task_same_documents']) for r in update)} of {len(update)}"
        )
    if args.json:
        args.json.write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    main()
