"""Which candidate sentences may enter a brief, and how much each is worth."""

from __future__ import annotations

import numpy as np

from newsfuse import textnorm
from newsfuse.analyse import Analysis
from newsfuse.settings import SelectSettings

_MIN_TERMS = 3
_NOT_A_STATEMENT = ("?", "...", "…")


def eligible(analysis: Analysis, cfg: SelectSettings) -> np.ndarray:
    """Boolean mask over ``analysis.candidates``: may this sentence be copied into a brief?"""
    n_words = analysis.n_words[analysis.candidates]
    mask = (
        (n_words >= cfg.min_words)
        & (n_words <= cfg.max_words)
        & (analysis.counts[analysis.candidates] >= _MIN_TERMS)
    )
    for k in np.flatnonzero(mask).tolist():
        text = analysis.sentences[analysis.candidates[k]].text
        # reads as a sentence, states something, and is whole: a scraped excerpt cut off
        # mid-sentence ends in an ellipsis ("China reported to the World Health Organization
        # that...")
        mask[k] = textnorm.ends_like_sentence(text) and not text.endswith(_NOT_A_STATEMENT)
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
