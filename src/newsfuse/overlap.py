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

import numpy as np

from newsfuse.analyse import Analysis


def carried_scores(analysis: Analysis, row: int) -> np.ndarray:
    """Per unit of the story, the containment score with which it shares sentence ``row``'s
    information (0 where it does not). Map units to sentences with ``analysis.unit_sentence``."""
    cfg = analysis.settings
    own = np.flatnonzero(analysis.unit_sentence == row)
    overlap = (analysis.unit_weighted[own] @ analysis.unit_terms.T).toarray()
    shared = (analysis.unit_terms[own] @ analysis.unit_terms.T).toarray()
    own_mass = analysis.unit_mass[own][:, np.newaxis]
    smaller = np.minimum(own_mass, analysis.unit_mass[np.newaxis, :])
    larger = np.maximum(own_mass, analysis.unit_mass[np.newaxis, :])
    containment = np.divide(overlap, smaller, out=np.zeros_like(overlap), where=smaller > 0)
    passes = (
        (shared >= cfg.min_shared_terms)
        & (containment >= cfg.min_overlap)
        & (overlap >= cfg.min_overlap_longer * larger)
    )
    return np.minimum(np.where(passes, containment, 0.0).max(axis=0), 1.0)


def carriers(analysis: Analysis, row: int) -> dict[int, float]:
    """Sentences (by row) that carry sentence ``row``'s information, with their best score;
    exact copies score 1.0. The sentence itself is not included."""
    scores = carried_scores(analysis, row)
    found: dict[int, float] = {}
    for unit in np.flatnonzero(scores > 0):
        sentence = int(analysis.unit_sentence[unit])
        found[sentence] = max(found.get(sentence, 0.0), float(scores[unit]))
    for other, norm in enumerate(analysis.normalized):
        if norm == analysis.normalized[row]:
            found[other] = 1.0
    found.pop(row, None)
    return found
