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
    """Greedily take candidates in ``ranking`` order while they fit in ``words`` and none is
    more similar than ``redundancy`` to one already taken.

    Args:
        ranking: positions in ``analysis.candidates``, best first.

    Returns:
        The positions taken, in the order taken.
    """
    chosen: list[int] = []
    left = words
    for k in ranking:
        if left < min_words:
            break
        n_words = analysis.sentences[analysis.candidates[k]].word_count
        if n_words > left:
            continue
        if chosen and float(np.max(analysis.similarity[k, chosen])) >= redundancy:
            continue
        if any(
            analysis.normalized[analysis.candidates[k]]
            == analysis.normalized[analysis.candidates[c]]
            for c in chosen
        ):
            continue
        chosen.append(k)
        left -= n_words
    return chosen


def reading_order(analysis: Analysis, chosen: Sequence[int]) -> tuple[Sentence, ...]:
    """Chosen sentences ordered as a reader expects news: earlier-in-article first (leads
    before details), ties broken by the story's article order."""
    sentences = [analysis.sentences[analysis.candidates[k]] for k in chosen]

    def key(s: Sentence) -> tuple[int, int]:
        return (s.index, analysis.article_order[s.article_id])

    return tuple(sorted(sentences, key=key))
