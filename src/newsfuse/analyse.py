"""Analysis: a story's sentences -> term matrices, similarities and per-sentence signals.

What later stages need about the sentences, computed once:

- ``terms``: a sparse binary sentence x term matrix over stemmed content terms (textnorm)
  and the same per clause (``clause_terms``: facts often travel as one clause), and
  ``idf`` over the story's sentences, so that terms every outlet repeats ("NATO", "Libya")
  weigh little and the specific ones ("sorties", "Rasmussen") weigh much;
- ``similarity``: cosine of TF-IDF vectors between candidate sentences (the first sentences of
  each article; news puts what matters first);
- ``copy_group``: articles that are copies of each other (the same wire story on two sites)
  share a group, so that they count once as support;
- per candidate: ``position`` (lead bias), ``centrality`` (cosine to the story centroid) and
  ``support`` (how strongly the *other* article groups carry the same content).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsfuse import textnorm
from newsfuse.models import Sentence, Story
from newsfuse.settings import AnalyseSettings

# A clause is a unit of information of its own only with this many content terms.
_MIN_CLAUSE_TERMS = 4
# Two articles are copies when this share of the shorter one's sentences recur verbatim.
_COPY_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Analysis:
    """Signals over all sentences of a story (index i is ``sentences[i]``)."""

    story: Story
    sentences: tuple[Sentence, ...]
    article_order: dict[str, int]  # article id -> canonical position
    settings: AnalyseSettings
    terms: sparse.csr_matrix  # binary, sentences x vocabulary
    # Units of information (newsfuse.overlap): every sentence, then the clauses of sentences
    # that have several, each with enough terms to state a fact.
    unit_terms: sparse.csr_matrix  # binary, units x vocabulary
    unit_weighted: sparse.csr_matrix  # unit_terms times idf
    unit_sentence: np.ndarray  # sentence index of each unit
    unit_mass: np.ndarray  # idf weight of each unit
    counts: np.ndarray  # number of content terms per sentence
    idf: np.ndarray  # per term
    mass: np.ndarray  # sum of idf over a sentence's distinct terms
    normalized: tuple[str, ...]  # lower-cased words, for exact-copy tests
    candidates: np.ndarray  # indices of sentences eligible for the brief pool
    similarity: np.ndarray  # cosine, candidates x candidates
    position: np.ndarray  # per candidate, in (0, 1]
    centrality: np.ndarray  # per candidate, cosine to the centroid
    support: np.ndarray  # per candidate, in [0, 1]
    copy_group: dict[str, int]  # article id -> group id

    def article_sentences(self, article_id: str) -> np.ndarray:
        return np.array(
            [i for i, s in enumerate(self.sentences) if s.article_id == article_id], dtype=int
        )


@dataclass(frozen=True, slots=True)
class _Terms:
    sentence_tf: sparse.csr_matrix  # term counts, sentences x vocabulary
    clause_binary: sparse.csr_matrix  # clauses x vocabulary
    clause_sentence: np.ndarray  # sentence row of each clause row
    normalized: tuple[str, ...]  # lower-cased words of each sentence


def _term_matrices(sentences: Sequence[Sentence]) -> _Terms:
    """Tokenise every clause once; sentence rows are the sums of their clause rows."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    clause_sentence: list[int] = []
    normalized = []
    for row, sentence in enumerate(sentences):
        words = []
        for clause in textnorm.clauses(sentence.text) or [sentence.text]:
            clause_terms, clause_words = textnorm.terms_and_words(clause)
            words.append(clause_words)
            clause_row = len(clause_sentence)
            clause_sentence.append(row)
            columns.extend([vocabulary.setdefault(t, len(vocabulary)) for t in clause_terms])
            rows.extend([clause_row] * len(clause_terms))
        normalized.append(" ".join(w for w in words if w))
    n_terms = max(1, len(vocabulary))
    clause_tf = sparse.csr_matrix(  # duplicates are summed: term counts
        (
            np.ones(len(columns)),
            (np.array(rows, dtype=np.int32), np.array(columns, dtype=np.int32)),
        ),
        shape=(len(clause_sentence), n_terms),
    )
    clause_tf.sum_duplicates()
    owner = np.array(clause_sentence, dtype=np.int32)
    gather = sparse.csr_matrix(
        (np.ones(len(owner)), (owner, np.arange(len(owner)))), shape=(len(sentences), len(owner))
    )
    clause_binary = clause_tf.copy()
    clause_binary.data[:] = 1.0
    return _Terms(
        sentence_tf=sparse.csr_matrix(gather @ clause_tf),
        clause_binary=clause_binary,
        clause_sentence=owner,
        normalized=tuple(normalized),
    )


def _units(
    sentence_terms: sparse.csr_matrix, clause_terms: sparse.csr_matrix, clause_sentence: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Sentence rows, then clause rows of multi-clause sentences with enough terms."""
    n_sentences = sentence_terms.shape[0]
    per_sentence = np.bincount(clause_sentence, minlength=n_sentences)
    clause_counts = np.diff(clause_terms.indptr)
    keep = (per_sentence[clause_sentence] > 1) & (clause_counts >= _MIN_CLAUSE_TERMS)
    units = sparse.vstack([sentence_terms, clause_terms[keep]]).tocsr()
    return units, np.concatenate([np.arange(n_sentences), clause_sentence[keep]])


def _copy_groups(
    story: Story, sentences: Sequence[Sentence], normalized: Sequence[str]
) -> dict[str, int]:
    by_article: dict[str, set[str]] = {a.id: set() for a in story.articles}
    for sentence, norm in zip(sentences, normalized, strict=True):
        if len(norm.split()) >= 4:
            by_article[sentence.article_id].add(norm)
    group = {a.id: n for n, a in enumerate(story.articles)}
    ids = [a.id for a in story.articles]
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            a, b = by_article[first], by_article[second]
            if a and b and len(a & b) >= _COPY_SHARE * min(len(a), len(b)):
                old, new = group[second], group[first]
                group = {k: (new if g == old else g) for k, g in group.items()}
    return group


def analyse(story: Story, sentences: Sequence[Sentence], cfg: AnalyseSettings) -> Analysis:
    """Compute the term matrices and per-sentence signals of ``story``.

    Args:
        story: the story, articles in canonical order.
        sentences: every article's sentences, grouped by article in story order.
    """
    sentences = tuple(sentences)
    article_order = {a.id: n for n, a in enumerate(story.articles)}
    matrices = _term_matrices(sentences)
    tf, normalized = matrices.sentence_tf, matrices.normalized
    binary = tf.copy()
    binary.data[:] = 1.0
    counts = np.diff(binary.indptr).astype(np.int32)
    n = max(1, len(sentences))
    df = np.asarray(binary.sum(axis=0)).ravel()
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    mass = binary @ idf
    unit_terms, unit_sentence = _units(binary, matrices.clause_binary, matrices.clause_sentence)
    unit_weighted = sparse.csr_matrix(unit_terms.multiply(idf[np.newaxis, :]))

    candidates = np.array(
        [i for i, s in enumerate(sentences) if s.index < cfg.max_sentences_per_article], dtype=int
    )
    weighted = sparse.csr_matrix(tf[candidates].multiply(idf[np.newaxis, :]))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = sparse.csr_matrix(weighted.multiply(1.0 / norms[:, np.newaxis]))
    similarity = (unit @ unit.T).toarray() if len(candidates) else np.zeros((0, 0))

    centroid = np.asarray(unit.sum(axis=0)).ravel()
    centroid_norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = (unit @ (centroid / centroid_norm)) if len(candidates) else np.zeros(0)

    copy_group = _copy_groups(story, sentences, normalized)
    groups = np.array([copy_group[sentences[i].article_id] for i in candidates], dtype=int)
    distinct = sorted(set(groups.tolist()))
    support = np.zeros(len(candidates))
    if len(distinct) > 1:
        for g in distinct:
            in_group = groups == g
            # best match of every candidate inside group g, counted for candidates outside it
            best = similarity[:, in_group].max(axis=1)
            support += np.where(in_group, 0.0, best)
        support /= len(distinct) - 1

    position = np.array(
        [1.0 / math.sqrt(1.0 + sentences[i].index) for i in candidates], dtype=float
    )
    return Analysis(
        story=story,
        sentences=sentences,
        article_order=article_order,
        settings=cfg,
        terms=binary,
        unit_terms=unit_terms,
        unit_weighted=unit_weighted,
        unit_sentence=unit_sentence,
        unit_mass=np.asarray(unit_weighted.sum(axis=1)).ravel(),
        counts=counts,
        idf=idf,
        mass=np.asarray(mass).ravel(),
        normalized=normalized,
        candidates=candidates,
        similarity=similarity,
        position=position,
        centrality=np.asarray(centrality).ravel(),
        support=support,
        copy_group=copy_group,
    )
