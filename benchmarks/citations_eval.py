"""How right the brief's citations are: does every cited outlet carry the sentence's
information, and is every outlet that carries it cited?

    python benchmarks/citations_eval.py                  # score the labelled sample
    python benchmarks/citations_eval.py --gold benchmarks/citations_seed2.json
    python benchmarks/citations_eval.py --matcher semantic [--min-similarity 0.70]
    python benchmarks/citations_eval.py --matcher semantic --model-dir DIR  # the transformer
    python benchmarks/citations_eval.py --draw --seed N  # print a new sample to label

The sample: one brief sentence (120-word briefs) from each of 30 AllSides left/centre/right
triples drawn at random (`--seed`), and for each of the two *other* outlets the judgement
whether that outlet's report carries the sentence's information (the same facts, in any
words). `--draw` prints, for each pair, the sentence, whether it is cited, and the other
report's closest sentences, to judge by hand; the judgements live in
`benchmarks/citations_seed*.json` (story, a hash of the sentence, outlet, carries: no article
text). Scoring runs the current code: a pair counts only while its sentence is still in the
brief, cited or not as the code now decides.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path

from facts_eval import load_stories
from facts_scan import story_ids
from newsfuse import textnorm
from newsfuse.models import Brief, Story
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings

GOLD = Path(__file__).with_name("citations_seed1.json")
WORDS = 120
SAMPLE = 30


def sentence_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def briefs(
    ids: list[str], attribute: dict | None = None
) -> tuple[dict[str, tuple[Story, Brief]], float]:
    """Each story's brief, and the ms per story they took (the semantic matcher's model is
    loaded first); ``attribute``: the attribute settings (default: the defaults)."""
    stories = load_stories(ids)
    settings = Settings.from_mapping(
        {"words": WORDS, "compare": {"enabled": False}, "attribute": attribute or {}}
    )
    if settings.attribute.matcher == "semantic":
        from newsfuse.embeddings import sentence_encoder

        sentence_encoder(settings.attribute.model_dir)
    pipeline = Pipeline(settings)
    start = time.perf_counter()
    found = {sid: (stories[sid], pipeline.run(stories[sid])) for sid in ids}
    return found, (time.perf_counter() - start) * 1000 / max(1, len(ids))


def closest(text: str, article_text: str, k: int = 3) -> list[str]:
    """The ``k`` sentences (rough cut) of a report sharing the most content terms."""
    wanted = set(textnorm.terms(text))
    pieces = [p.strip() for p in article_text.replace("\n", " ").split(". ") if p.strip()]
    ranked = sorted(pieces, key=lambda p: -len(wanted & set(textnorm.terms(p))))
    return ranked[:k]


def judged_stories() -> set[str]:
    """The stories of every judged sample (benchmarks/citations_*.json)."""
    return {
        item["story"]
        for path in GOLD.parent.glob("citations_*.json")
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]
    }


def draw(seed: int) -> None:
    """Print a new sample to judge, from stories no earlier sample holds (the samples drawn
    before this rule, seeds 1 and 2, were drawn from all stories)."""
    judged = judged_stories()
    ids = [i for i in story_ids() if i.startswith("allsides-") and i not in judged]
    chosen = random.Random(seed).sample(ids, SAMPLE)
    rng = random.Random(seed)
    for sid, (story, brief) in briefs(chosen)[0].items():
        if not brief.sentences:
            continue
        sentence = rng.choice(brief.sentences)
        cited = set(sentence.source_ids)
        print(f"\n## {sid} {sentence_key(sentence.text)} (from {sentence.article_id})")
        print(f"   {sentence.text}")
        for article in story.articles:
            if article.id == sentence.article_id:
                continue
            mark = "CITED" if article.id in cited else "not cited"
            print(f"  -- {article.id} [{mark}]")
            for line in closest(sentence.text, article.text):
                print(f"     · {line[:300]}")


def score(path: Path, attribute: dict | None = None) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    items = gold["items"]
    found, ms = briefs(sorted({item["story"] for item in items}), attribute)
    counts = {"cited": 0, "cited_right": 0, "carrying": 0, "carrying_cited": 0, "gone": 0}
    for item in items:
        _, brief = found[item["story"]]
        sentence = next(
            (s for s in brief.sentences if sentence_key(s.text) == item["sentence"]), None
        )
        if sentence is None:
            counts["gone"] += 1
            continue
        cited = item["outlet"] in sentence.source_ids
        counts["cited"] += cited
        counts["cited_right"] += cited and item["carries"]
        counts["carrying"] += item["carries"]
        counts["carrying_cited"] += cited and item["carries"]
    precision = counts["cited_right"] / max(1, counts["cited"])
    recall = counts["carrying_cited"] / max(1, counts["carrying"])
    print(f"{len(items) - counts['gone']} pairs scored ({counts['gone']} no longer in a brief)")
    print(f"{ms:.1f} ms per story (the brief and its citations)")
    print("| measure | value |\n|---|---|")
    print(
        f"| citations of other outlets that carry the information (precision) | "
        f"{precision:.2f} ({counts['cited_right']}/{counts['cited']}) |"
    )
    print(
        f"| outlets carrying it that are cited (recall) | "
        f"{recall:.2f} ({counts['carrying_cited']}/{counts['carrying']}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", action="store_true", help="print a new sample to label")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--gold", type=Path, default=GOLD, help=f"judgements to score (default: {GOLD.name})"
    )
    parser.add_argument(
        "--matcher", default="lexical", help="attribute.matcher: lexical or semantic"
    )
    parser.add_argument("--min-similarity", type=float, help="attribute.min_similarity")
    parser.add_argument(
        "--model-dir", default="", help="attribute.model_dir: all-MiniLM-L6-v2 (the transformer)"
    )
    args = parser.parse_args()
    attribute = {"matcher": args.matcher, "model_dir": args.model_dir}
    if args.min_similarity is not None:
        attribute["min_similarity"] = args.min_similarity
    if args.draw:
        draw(args.seed)
    else:
        score(args.gold, attribute)


if __name__ == "__main__":
    main()
