"""A random sample of quotes with the speaker newsfuse gives them, to judge by hand.

    python benchmarks/speakers_sample.py [--seed 8] [--n 30]

Speakers are not in the labelled set (facts_eval.py); this prints, for a random sample of
the quotes that have one in the labelled stories, the speaker, whether it was named next to
the quote ("here") or carried over from earlier ("carried"), and the text around the quote.
"""

from __future__ import annotations

import argparse
import json
import random

from facts_eval import GOLD, cleaned, load_stories
from newsfuse.facts.quotations import quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args()
    story_ids = list(json.loads(GOLD.read_text(encoding="utf-8"))["stories"])
    stories = load_stories(story_ids)
    found = [
        (story_id, article, quote)
        for story_id in story_ids
        for article in cleaned(stories[story_id])
        for quote in quotes(article)
        if quote.speaker
    ]
    for n, (story_id, article, quote) in enumerate(
        random.Random(args.seed).sample(found, min(args.n, len(found))), start=1
    ):
        where = "here" if quote.named_here else "carried"
        start, end = quote.mention.start, quote.mention.end
        context = " ".join(article.text[max(0, start - 220) : end + 70].split())
        print(f"{n}. {story_id} [{quote.speaker}] ({where}) :: {context}\n")
    print(f"{len(found)} quotes with a speaker in {len(story_ids)} stories")


if __name__ == "__main__":
    main()
