"""Information overlap: which sentences carry what a given sentence says.

One definition serves attribution (cite every outlet that carries a brief sentence) and
selection (never take a sentence whose information is already in the brief).

Sentences *and their clauses* are compared as units (textnorm.clause_tokens: insertions cut
out, split at semicolons, colons and dashes), so a sentence joining two facts is carried by
an outlet that reports one of them in a sentence of its own. Unit ``u`` carries unit ``v``
when they

- share at least ``min_shared_terms`` content terms, and
- the shared IDF weight covers ``min_overlap`` of the lighter unit (weighted containment: a
  trimmed quote is still the quote) and ``min_overlap_longer`` of the heavier one (an aside
  sharing three words with a long sentence is not the same information), and
- they do not state different figures: when both give numbers, they share one ("flew more
  than 26,000 sorties" and "flew 9,600 strike sorties" are two reports, not one).

IDF is computed over the story, so the story's topic words ("NATO", "Libya") weigh little and
specific ones ("Security Council", "sorties") much.
"""

from __future__ import annotations

import numpy as np

from newsfuse.settings import AnalyseSettings


def carried(
    overlap: np.ndarray,
    shared: np.ndarray,
    row_mass: np.ndarray,
    column_mass: np.ndarray,
    cfg: AnalyseSettings,
    conflict: np.ndarray | None = None,
) -> np.ndarray:
    """Containment scores of unit pairs that carry the same information, 0 elsewhere.

    Args:
        overlap: shared IDF weight of each (row unit, column unit) pair.
        shared: shared term count of each pair.
        row_mass, column_mass: IDF weight of each row and column unit.
        conflict: pairs whose figures differ (never carried).
    """
    row_mass = row_mass[:, np.newaxis]
    column_mass = column_mass[np.newaxis, :]
    smaller = np.minimum(row_mass, column_mass)
    containment = np.divide(overlap, smaller, out=np.zeros_like(overlap), where=smaller > 0)
    passes = (
        (shared >= cfg.min_shared_terms)
        & (containment >= cfg.min_overlap)
        & (overlap >= cfg.min_overlap_longer * np.maximum(row_mass, column_mass))
    )
    if conflict is not None:
        passes &= ~conflict
    return np.where(passes, np.minimum(containment, 1.0), 0.0)
