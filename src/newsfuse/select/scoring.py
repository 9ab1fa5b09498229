"""Which candidate sentences may enter a brief, and how much each is worth."""

from __future__ import annotations

import numpy as np

from newsfuse import textnorm
from newsfuse.analyse import Analysis
from newsfuse.settings import SelectSettings

_MIN_TERMS = 3


def eligible(analysis: Analysis, cfg: SelectSettings) -> np.ndarray:
    """Boolean mask over ``analysis.candidates``: may this sentence be copied into a brief?"""
    mask = np.zeros(len(analysis.candidates), dtype=bool)
    for k, i in enumerate(analysis.candidates):
        sentence = analysis.sentences[i]
        n_words = analysis.n_words[i]
        mask[k] = (
            cfg.min_words <= n_words <= cfg.max_words
            and analysis.counts[i] >= _MIN_TERMS
            and textnorm.ends_like_sentence(sentence.text)  # reads as a sentence
            and not sentence.text.endswith("?")
        )
    return mask


def unit_range(values: np.ndarray) -> np.ndarray:
    """``values`` rescaled to [0, 1] (all zeros when they are all equal)."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def support_scores(analysis: Analysis, cfg: SelectSettings) -> np.ndarray:
    """Per candidate: weighted sum of lead position, centrality and cross-outlet support,
    each rescaled to [0, 1] within the story so that the weights mean the same everywhere."""
    return (
        cfg.position_weight * unit_range(analysis.position)
        + cfg.centrality_weight * unit_range(analysis.centrality)
        + cfg.support_weight * unit_range(analysis.support)
    )
