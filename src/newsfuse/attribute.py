"""Attribution: each chosen sentence -> Citations to every article that carries its information.

An article carries a brief sentence when one of its sentences

- has the same words (after lower-casing and dropping punctuation): an exact copy; or
- shares at least ``min_shared_terms`` content terms with it, covers at least
  ``min_overlap`` of the IDF weight of the *shorter* of the two (weighted containment) and
  ``min_overlap_longer`` of the longer one's.

Containment over the shorter sentence is what lets a trimmed quote ("We have fully complied
with the historic mandate of the United Nations," Rasmussen said) support the full one, and a
paraphrase that shares the specific terms ("Security Council", "authorized", "military
action") support its twin, while two sentences that share only the story's topic words
("NATO", "Libya", which IDF makes light) do not.
"""

from __future__ import annotations

from collections.abc import Sequence
import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsfuse.analyse import Analysis
from newsfuse.models import BriefSentence, Citation, MatchKind, Sentence
from newsfuse.settings import AttributeSettings


# A clause counts as a unit of information of its own only when it has this many terms.
_MIN_CLAUSE_TERMS = 4
# What an outlet reports: its headline (sentence 0) or a line that ends like a sentence;
# photo captions and credits ("Photos via Mitt Romney/Facebook") are not.
_REPORTED = re.compile(r"[.!?][\"'”’)\]]*$|[\"”’]$")


@dataclass(frozen=True, slots=True)
class _Units:
    """Sentences and their clauses as one set of rows to compare."""

    binary: sparse.csr_matrix
    weighted: sparse.csr_matrix
    sentence: np.ndarray  # sentence index of each unit row
    mass: np.ndarray
    reported: np.ndarray  # the unit's sentence can be cited (see _REPORTED)


def _units(analysis: Analysis) -> _Units:
    n_sentences = len(analysis.sentences)
    clause_counts = np.diff(analysis.clause_terms.indptr)
    # Clause rows of one-clause sentences repeat their sentence row: leave them out.
    per_sentence = np.bincount(analysis.clause_sentence, minlength=n_sentences)
    keep = (per_sentence[analysis.clause_sentence] > 1) & (clause_counts >= _MIN_CLAUSE_TERMS)
    binary = sparse.vstack([analysis.terms, analysis.clause_terms[keep]]).tocsr()
    weighted = sparse.csr_matrix(binary.multiply(analysis.idf[np.newaxis, :]))
    sentence = np.concatenate([np.arange(n_sentences), analysis.clause_sentence[keep]])
    return _Units(
        binary=binary,
        weighted=weighted,
        sentence=sentence,
        mass=np.asarray(weighted.sum(axis=1)).ravel(),
        reported=np.array(
            [s.index == 0 or bool(_REPORTED.search(s.text)) for s in analysis.sentences]
        )[sentence],
    )


def attribute(
    chosen: Sequence[Sentence], analysis: Analysis, cfg: AttributeSettings
) -> tuple[BriefSentence, ...]:
    """Cite, for each chosen sentence, its own article and every other article carrying it.

    Sentences and their clauses are compared unit by unit, so that a sentence that joins two
    facts is carried by an outlet that reports one of them in a sentence of its own.
    Citations are in the story's article order; for each other article the best-matching
    sentence is cited.
    """
    if not chosen:
        return ()
    units = _units(analysis)
    row_of = {(s.article_id, s.index): i for i, s in enumerate(analysis.sentences)}
    article_of_sentence = np.array(
        [analysis.article_order[s.article_id] for s in analysis.sentences], dtype=int
    )
    unit_article = article_of_sentence[units.sentence]
    outlets = {a.id: (a.outlet or a.id) for a in analysis.story.articles}
    ids_by_order = {n: a for a, n in analysis.article_order.items()}

    brief: list[BriefSentence] = []
    for sentence in chosen:
        own_row = row_of[(sentence.article_id, sentence.index)]
        own_units = np.flatnonzero(units.sentence == own_row)
        overlap = (units.weighted[own_units] @ units.binary.T).toarray()
        shared = (units.binary[own_units] @ units.binary.T).toarray()
        own_mass = units.mass[own_units][:, np.newaxis]
        smaller = np.minimum(own_mass, units.mass[np.newaxis, :])
        larger = np.maximum(own_mass, units.mass[np.newaxis, :])
        with np.errstate(divide="ignore", invalid="ignore"):
            containment = np.where(smaller > 0, overlap / smaller, 0.0)
        passes = (
            (shared >= cfg.min_shared_terms)
            & (containment >= cfg.min_overlap)
            & (overlap >= cfg.min_overlap_longer * larger)
        )
        score = np.where(passes, containment, 0.0).max(axis=0)  # best own unit per other unit
        own_article = analysis.article_order[sentence.article_id]
        best: dict[int, tuple[float, int, MatchKind]] = {}
        exact_rows = [
            j
            for j, norm in enumerate(analysis.normalized)
            if norm == analysis.normalized[own_row] and article_of_sentence[j] != own_article
        ]
        for j in exact_rows:
            best.setdefault(int(article_of_sentence[j]), (1.0, j, MatchKind.EXACT))
        for u in np.flatnonzero((score > 0) & (unit_article != own_article) & units.reported):
            article, j = int(unit_article[u]), int(units.sentence[u])
            candidate = (round(float(min(score[u], 1.0)), 4), j, MatchKind.NEAR)
            held = best.get(article)
            if held is None or (
                held[2] is MatchKind.NEAR and (candidate[0], -j) > (held[0], -held[1])
            ):
                best[article] = candidate
        citations = [
            Citation(
                sentence.article_id,
                outlets[sentence.article_id],
                sentence.index,
                MatchKind.SELF,
                1.0,
            )
        ]
        for article, (value, j, kind) in sorted(best.items()):
            article_id = ids_by_order[article]
            citations.append(
                Citation(article_id, outlets[article_id], analysis.sentences[j].index, kind, value)
            )
        citations.sort(key=lambda c: analysis.article_order[c.article_id])
        brief.append(
            BriefSentence(sentence.text, sentence.article_id, sentence.index, tuple(citations))
        )
    return tuple(brief)
