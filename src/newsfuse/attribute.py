"""Attribution: each chosen sentence -> Citations to every article that carries its information.

An article carries a brief sentence when one of its sentences

- has the same words (after lower-casing and dropping punctuation): an exact copy; or
- shares at least ``min_shared_terms`` content terms with it and covers at least
  ``min_overlap`` of the IDF weight of the *shorter* of the two (weighted containment).

Containment over the shorter sentence is what lets a trimmed quote ("We have fully complied
with the historic mandate of the United Nations," Rasmussen said) support the full one, and a
paraphrase that shares the specific terms ("Security Council", "authorized", "military
action") support its twin, while two sentences that share only the story's topic words
("NATO", "Libya", which IDF makes light) do not.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.analyse import Analysis
from newsfuse.models import BriefSentence, Citation, MatchKind, Sentence
from newsfuse.settings import AttributeSettings


def attribute(
    chosen: Sequence[Sentence], analysis: Analysis, cfg: AttributeSettings
) -> tuple[BriefSentence, ...]:
    """Cite, for each chosen sentence, its own article and every other article carrying it.

    Citations are in the story's article order; for each other article the best-matching
    sentence is cited.
    """
    if not chosen:
        return ()
    row_of = {(s.article_id, s.index): i for i, s in enumerate(analysis.sentences)}
    rows = np.array([row_of[(s.article_id, s.index)] for s in chosen], dtype=int)
    weighted = analysis.terms[rows].multiply(analysis.idf[np.newaxis, :]).tocsr()
    overlap = (weighted @ analysis.terms.T).toarray()  # shared IDF weight
    shared = (analysis.terms[rows] @ analysis.terms.T).toarray()  # shared term count
    article_ids = [s.article_id for s in analysis.sentences]
    outlets = {a.id: (a.outlet or a.id) for a in analysis.story.articles}

    brief: list[BriefSentence] = []
    for r, sentence in enumerate(chosen):
        own_row = rows[r]
        best: dict[str, tuple[float, int, MatchKind]] = {}
        for j in range(len(analysis.sentences)):
            other = article_ids[j]
            if other == sentence.article_id:
                continue
            if analysis.normalized[j] == analysis.normalized[own_row]:
                candidate = (1.0, j, MatchKind.EXACT)
            else:
                if shared[r, j] < cfg.min_shared_terms:
                    continue
                smaller = min(analysis.mass[own_row], analysis.mass[j]) or 1.0
                score = float(overlap[r, j] / smaller)
                if score < cfg.min_overlap:
                    continue
                candidate = (round(score, 4), j, MatchKind.NEAR)
            held = best.get(other)
            if held is None or (candidate[0], -candidate[1]) > (held[0], -held[1]):
                best[other] = candidate
        citations = [
            Citation(
                sentence.article_id,
                outlets[sentence.article_id],
                sentence.index,
                MatchKind.SELF,
                1.0,
            )
        ]
        for other, (score, j, kind) in best.items():
            citations.append(
                Citation(other, outlets[other], analysis.sentences[j].index, kind, score)
            )
        citations.sort(key=lambda c: analysis.article_order[c.article_id])
        brief.append(
            BriefSentence(sentence.text, sentence.article_id, sentence.index, tuple(citations))
        )
    return tuple(brief)
