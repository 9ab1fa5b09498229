"""Information overlap: which sentences carry what a given sentence says.

One definition serves attribution (cite every outlet that carries a brief sentence) and
selection (never take a sentence whose information is already in the brief).

Sentences *and their clauses* are compared as units (textnorm.clauses: insertions removed,
cut at semicolons, colons and dashes), so a sentence joining two facts is carried by an outlet
that reports one of them in a sentence of its own. Unit ``u`` carries unit ``v`` when they

- share at least ``min_shared_terms`` content terms, and
- the shared IDF weight covers ``min_overlap`` of the lighter unit (weighted containment: a
  trimmed quote is still the quote) and ``min_overlap_longer`` of the heavier one (an aside
  sharing three words with a long sentence is not the same information).

IDF is computed over the story, so the story's topic words ("NATO", "Libya") weigh little and
specific ones ("Security Council", "sorties") much.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.analyse import Analysis


def _carried_scores(analysis: Analysis, rows: Sequence[int]) -> list[np.ndarray]:
    """For each sentence in ``rows``: per unit of the story, the containment score with which
    that unit shares the sentence's information (0 where it does not)."""
    cfg = analysis.settings
    own_lists = [analysis.units_of[row] for row in rows]
    own = np.concatenate(own_lists)
    # Row 2u of unit_pairs is unit u weighted by IDF, row 2u+1 the same unit in 0/1: one
    # product gives the shared IDF weight and the shared-term count of every pair.
    pair_rows = np.empty(2 * len(own), dtype=np.int64)
    pair_rows[0::2], pair_rows[1::2] = 2 * own, 2 * own + 1
    products = (analysis.unit_pairs[pair_rows] @ analysis.unit_terms_t).toarray()
    overlap, shared = products[0::2], products[1::2]
    own_mass = analysis.unit_mass[own][:, np.newaxis]
    smaller = np.minimum(own_mass, analysis.unit_mass[np.newaxis, :])
    larger = np.maximum(own_mass, analysis.unit_mass[np.newaxis, :])
    containment = np.divide(overlap, smaller, out=np.zeros_like(overlap), where=smaller > 0)
    passes = (
        (shared >= cfg.min_shared_terms)
        & (containment >= cfg.min_overlap)
        & (overlap >= cfg.min_overlap_longer * larger)
    )
    scores = np.where(passes, np.minimum(containment, 1.0), 0.0)
    out, start = [], 0
    for units in own_lists:
        out.append(scores[start : start + len(units)].max(axis=0))
        start += len(units)
    return out


def carriers_of(analysis: Analysis, rows: Sequence[int]) -> list[dict[int, float]]:
    """For each sentence in ``rows``: the sentences (by row) that carry its information, with
    their best score; exact copies score 1.0. A sentence is not its own carrier."""
    if not rows:
        return []
    found_all = []
    for row, scores in zip(rows, _carried_scores(analysis, rows), strict=True):
        found: dict[int, float] = {}
        for unit in np.flatnonzero(scores > 0):
            sentence = int(analysis.unit_sentence[unit])
            found[sentence] = max(found.get(sentence, 0.0), float(scores[unit]))
        for other in analysis.copies.get(analysis.normalized[row], ()):
            found[other] = 1.0
        found.pop(row, None)
        found_all.append(found)
    return found_all


def carriers(analysis: Analysis, row: int) -> dict[int, float]:
    """The sentences that carry sentence ``row``'s information (see :func:`carriers_of`)."""
    return carriers_of(analysis, [row])[0]
