"""Filling a word budget: ranked candidates -> the chosen few, non-redundant, in reading order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.analyse import Analysis
from newsfuse.models import Sentence


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
    chosen: list[int] = []
    covered = np.zeros(len(analysis.sentences), dtype=bool)  # information the brief has
    left = words
    for k in ranking:
        if left < min_words:
            break
        row = int(analysis.candidates[k])
        n_words = int(analysis.n_words[row])
        if n_words > left or covered[row]:
            continue
        if chosen and float(np.max(analysis.similarity[k, chosen])) >= redundancy:
            continue
        chosen.append(k)
        covered |= analysis.carry[k] > 0
        left -= n_words
    return chosen


def reading_order(analysis: Analysis, chosen: Sequence[int]) -> tuple[Sentence, ...]:
    """Chosen sentences ordered as a reader expects news: earlier-in-article first (leads
    before details), ties broken by the story's article order."""
    sentences = [analysis.sentences[analysis.candidates[k]] for k in chosen]

    def key(s: Sentence) -> tuple[int, int]:
        return (s.index, analysis.article_order[s.article_id])

    return tuple(sorted(sentences, key=key))
