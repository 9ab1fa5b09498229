"""Greedy concept coverage: the budget filled with sentences that add what outlets share.

After Gillick & Favre (2009), "A scalable global model for summarization": concepts are
content terms and pairs of neighbouring content terms; a concept is worth the share of
outlets that use it (nothing unless two do). Each step takes the eligible sentence with the
best

    value = (weight of its concepts not yet covered) / words ** length_power
            + score_weight * (its learned score, rescaled to [0, 1] in the story)

that fits the remaining budget and repeats nothing already taken (cosine below
``redundancy``, information not carried by a taken sentence). Coverage rewards what several
outlets report and stops rewarding it once said; the learned score brings lead position,
centrality and the article's relevance, and decides alone when outlets share nothing.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from newsfuse.analyse import Analysis
from newsfuse.select.scoring import unit_range
from newsfuse.settings import SelectSettings


def cover(
    analysis: Analysis,
    eligible: np.ndarray,
    scores: np.ndarray,
    words: int,
    cfg: SelectSettings,
    *,
    concepts: sparse.csr_matrix | None = None,
    concept_weight: np.ndarray | None = None,
    bonus: np.ndarray | None = None,
    score_weight: float | None = None,
) -> list[int]:
    """Positions in ``analysis.candidates`` taken, in the order taken.

    Args:
        concepts: candidates x concepts (0/1), instead of ``analysis.concepts``, with
            ``concept_weight`` their weights (update and query-focused briefs,
            ``newsfuse.select.focus``).
        concept_weight: the concepts' weights, instead of ``analysis.concept_weight``.
        bonus: added to each candidate's value, whatever the score's weight.
        score_weight: instead of ``cfg.score_weight``.
    """
    positions = np.flatnonzero(eligible)
    if positions.size == 0:
        return []
    rescaled = np.zeros_like(scores)
    rescaled[positions] = unit_range(scores[positions])  # over the eligible ones only
    lengths = analysis.n_words[analysis.candidates].astype(float)
    open_ = eligible.copy()
    matrix = analysis.concepts if concepts is None else concepts
    uncovered = (analysis.concept_weight if concept_weight is None else concept_weight).copy()
    weight_of_score = cfg.score_weight if score_weight is None else score_weight
    chosen: list[int] = []
    left = words
    # The candidate owning each (candidate, concept) entry: a bincount over the entries
    # gives every candidate's uncovered weight at a fraction of a scipy mat-vec's overhead.
    concept_ids = matrix.indices
    n_rows = matrix.shape[0]
    owner = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
    while True:
        open_ &= lengths <= left
        if chosen:  # the last one taken: those before have closed theirs already
            open_ &= analysis.similarity[:, chosen[-1]] < cfg.redundancy
        candidates = np.flatnonzero(open_)
        if candidates.size == 0 or left < cfg.min_words:
            break
        gain = np.bincount(owner, weights=uncovered[concept_ids], minlength=n_rows)[candidates]
        value = gain / lengths[candidates] ** cfg.length_power
        value = value + weight_of_score * rescaled[candidates]
        if bonus is not None:
            value = value + bonus[candidates]
        # Ties: the earlier candidate (canonical article order, then sentence order).
        best = int(candidates[int(np.argmax(value))])
        chosen.append(best)
        open_[best] = False
        open_ &= analysis.carry[best][analysis.candidates] == 0
        uncovered[matrix.indices[matrix.indptr[best] : matrix.indptr[best + 1]]] = 0.0
        left -= int(lengths[best])
    return chosen
