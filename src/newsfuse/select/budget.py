"""Filling a word budget: ranked candidates -> the chosen few, non-redundant, in reading order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.analyse import Analysis
from newsfuse.models import Sentence
from newsfuse.overlap import carriers_of

_BATCH = 12


def fill_budget(
    analysis: Analysis,
    ranking: Sequence[int],
    words: int,
    redundancy: float,
    min_words: int,
) -> list[int]:
    """Greedily take candidates in ``ranking`` order while they fit in ``words``, skipping
    any whose cosine similarity to a sentence already taken reaches ``redundancy`` or whose
    information a taken sentence already carries (``newsfuse.overlap``).

    Args:
        ranking: positions in ``analysis.candidates``, best first.

    Returns:
        The positions taken, in the order taken.
    """
    ranking = list(ranking)
    chosen: list[int] = []
    covered: set[int] = set()  # sentence rows whose information the brief already has
    carried: dict[int, dict[int, float]] = {}  # row -> its carriers, computed in batches
    left = words
    for position, k in enumerate(ranking):
        if left < min_words:
            break
        row = int(analysis.candidates[k])
        n_words = int(analysis.n_words[row])
        if n_words > left or row in covered:
            continue
        if chosen and float(np.max(analysis.similarity[k, chosen])) >= redundancy:
            continue
        chosen.append(k)
        if row not in carried:
            # One sparse product for the next few candidates costs about what one costs alone.
            batch = [int(analysis.candidates[j]) for j in ranking[position : position + _BATCH]]
            carried.update(zip(batch, carriers_of(analysis, batch), strict=True))
        covered.update(carried[row])
        left -= n_words
    return chosen


def reading_order(analysis: Analysis, chosen: Sequence[int]) -> tuple[Sentence, ...]:
    """Chosen sentences ordered as a reader expects news: earlier-in-article first (leads
    before details), ties broken by the story's article order."""
    sentences = [analysis.sentences[analysis.candidates[k]] for k in chosen]

    def key(s: Sentence) -> tuple[int, int]:
        return (s.index, analysis.article_order[s.article_id])

    return tuple(sorted(sentences, key=key))
