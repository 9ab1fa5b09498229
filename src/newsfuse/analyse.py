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

import itertools
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsfuse import textnorm
from newsfuse.models import Sentence, Story
from newsfuse.settings import AnalyseSettings

_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
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
    n_words: np.ndarray  # words per sentence, as a reader counts them
    # Units of information (newsfuse.overlap): every sentence, then the clauses of sentences
    # that have several, each with enough terms to state a fact.
    unit_terms: sparse.csr_matrix  # binary, units x vocabulary
    unit_terms_t: sparse.csr_matrix  # its transpose, kept ready for products
    unit_pairs: sparse.csr_matrix  # row 2u: unit u times idf; row 2u+1: unit u in 0/1
    unit_sentence: np.ndarray  # sentence index of each unit
    units_of: tuple[np.ndarray, ...]  # per sentence, its units (its own row first)
    unit_mass: np.ndarray  # idf weight of each unit
    copies: dict[str, tuple[int, ...]]  # lower-cased words -> rows of sentences with exactly them
    counts: np.ndarray  # number of distinct content terms per sentence
    idf: np.ndarray  # per term
    mass: np.ndarray  # sum of idf over a sentence's distinct terms
    normalized: tuple[str, ...]  # lower-cased words, for exact-copy tests
    candidates: np.ndarray  # indices of sentences eligible for the brief pool
    similarity: np.ndarray  # cosine, candidates x candidates
    position: np.ndarray  # per candidate, in (0, 1]
    centrality: np.ndarray  # per candidate, cosine to the centroid
    support: np.ndarray  # per candidate, in [0, 1]
    copy_group: dict[str, int]  # article id -> group id


@dataclass(frozen=True, slots=True)
class _Rows:
    """Rows of distinct term columns, as CSR parts."""

    indices: np.ndarray
    indptr: np.ndarray

    @classmethod
    def build(cls, rows: Sequence[Sequence[int]]) -> _Rows:
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = np.fromiter(
            itertools.chain.from_iterable(rows), dtype=np.int32, count=int(indptr[-1])
        )
        return cls(indices, indptr)

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def row_ids(self) -> np.ndarray:
        """The row of every stored entry."""
        return np.repeat(np.arange(self.n_rows), np.diff(self.indptr))

    def matrix(self, n_columns: int, data: np.ndarray | None = None) -> sparse.csr_matrix:
        values = np.ones(len(self.indices)) if data is None else data
        return sparse.csr_matrix(
            (values, self.indices, self.indptr), shape=(self.n_rows, n_columns)
        )


def _tokenise(
    sentences: Sequence[Sentence],
) -> tuple[list[list[int]], list[list[int]], list[int], tuple[str, ...], int]:
    """Term columns of every sentence and of every clause that can stand as a unit of its own.

    Returns:
        sentence rows, unit clause rows, the sentence of each unit clause, each sentence's
        lower-cased words, and the vocabulary size.
    """
    tokenised = [textnorm.clause_tokens(sentence.text) for sentence in sentences]
    # Each distinct token of the story is normalised once (cached across stories); columns
    # are the story's terms in sorted order, so that they never depend on what ran before.
    chain = itertools.chain.from_iterable
    distinct_tokens = set().union(*(tokens for clauses in tokenised for tokens in clauses))
    info = textnorm.token_infos(distinct_tokens)
    words_of = dict(zip(info, map(_FIRST, info.values()), strict=True))
    terms_of = dict(zip(info, map(_SECOND, info.values()), strict=True))
    vocabulary = sorted(set(chain(terms_of.values())))
    column = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    sentence_rows: list[list[int]] = []
    clause_rows: list[list[int]] = []
    clause_sentence: list[int] = []
    normalized = []
    for row, clauses in enumerate(tokenised):
        columns_of_clauses = [
            list(map(column.__getitem__, chain(map(terms_of.__getitem__, c)))) for c in clauses
        ]
        sentence_rows.append(sorted(set(chain(columns_of_clauses))))
        normalized.append(" ".join(filter(None, map(words_of.__getitem__, chain(clauses)))))
        if len(columns_of_clauses) > 1:
            for columns in columns_of_clauses:
                distinct = sorted(set(columns))
                if len(distinct) >= _MIN_CLAUSE_TERMS:
                    clause_rows.append(distinct)
                    clause_sentence.append(row)
    return sentence_rows, clause_rows, clause_sentence, tuple(normalized), max(1, len(vocabulary))


def _pair_rows(units: _Rows, weights: np.ndarray, n_terms: int) -> sparse.csr_matrix:
    """Each unit twice: row 2u weighted by ``weights``, row 2u+1 with ones (see overlap.py)."""
    lengths = np.diff(units.indptr)
    indptr = np.zeros(2 * units.n_rows + 1, dtype=np.int64)
    np.cumsum(np.repeat(lengths, 2), out=indptr[1:])
    unit_of_entry = units.row_ids()
    offset = np.arange(len(units.indices)) - units.indptr[unit_of_entry]
    weighted_at = indptr[2 * unit_of_entry] + offset
    binary_at = indptr[2 * unit_of_entry + 1] + offset
    indices = np.empty(2 * len(units.indices), dtype=np.int32)
    data = np.empty(2 * len(units.indices))
    indices[weighted_at] = indices[binary_at] = units.indices
    data[weighted_at], data[binary_at] = weights, 1.0
    return sparse.csr_matrix((data, indices, indptr), shape=(2 * units.n_rows, n_terms))


def _copies(normalized: Sequence[str]) -> dict[str, tuple[int, ...]]:
    rows: dict[str, list[int]] = {}
    for row, words in enumerate(normalized):
        rows.setdefault(words, []).append(row)
    return {words: tuple(found) for words, found in rows.items() if len(found) > 1}


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

    Matrices are built straight from index arrays (no format conversions): at ~80 sentences a
    story, scipy's per-call overhead, not arithmetic, is what costs.

    Args:
        story: the story, articles in canonical order.
        sentences: every article's sentences, grouped by article in story order.
    """
    sentences = tuple(sentences)
    n_sentences = len(sentences)
    article_order = {a.id: n for n, a in enumerate(story.articles)}
    sentence_rows, clause_rows, clause_sentence, normalized, n_terms = _tokenise(sentences)

    by_sentence = _Rows.build(sentence_rows)
    counts = np.diff(by_sentence.indptr).astype(np.int32)
    df = np.bincount(by_sentence.indices, minlength=n_terms)
    idf = np.log((1.0 + n_sentences) / (1.0 + df)) + 1.0

    units = _Rows.build(sentence_rows + clause_rows)
    unit_weights = idf[units.indices]
    unit_mass = np.bincount(units.row_ids(), weights=unit_weights, minlength=units.n_rows)
    unit_terms = units.matrix(n_terms)

    candidates = np.array(
        [i for i, s in enumerate(sentences) if s.index < cfg.max_sentences_per_article], dtype=int
    )
    pool = _Rows.build([sentence_rows[i] for i in candidates])
    pool_rows = pool.row_ids()
    weights = idf[pool.indices]
    norms = np.sqrt(np.bincount(pool_rows, weights=weights**2, minlength=pool.n_rows))
    norms[norms == 0] = 1.0
    unit_vectors = weights / norms[pool_rows]  # TF-IDF rows of length 1 (binary TF)
    pool_matrix = pool.matrix(n_terms, unit_vectors)
    similarity = (pool_matrix @ pool_matrix.T).toarray()
    centroid_sum = np.bincount(pool.indices, weights=unit_vectors, minlength=n_terms)
    centroid = centroid_sum / (float(np.linalg.norm(centroid_sum)) or 1.0)
    centrality = np.bincount(
        pool_rows, weights=unit_vectors * centroid[pool.indices], minlength=pool.n_rows
    )

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

    position = np.array([1.0 / math.sqrt(1.0 + sentences[i].index) for i in candidates])
    unit_sentence = np.concatenate(
        [np.arange(n_sentences), np.array(clause_sentence, dtype=np.int64)]
    ).astype(np.int64)
    units_of: list[list[int]] = [[row] for row in range(n_sentences)]
    for unit, row in enumerate(clause_sentence, start=n_sentences):
        units_of[row].append(unit)
    return Analysis(
        story=story,
        sentences=sentences,
        article_order=article_order,
        settings=cfg,
        n_words=np.array([len(s.text.split()) for s in sentences], dtype=np.int32),
        unit_terms=unit_terms,
        unit_terms_t=unit_terms.T.tocsr(),
        unit_pairs=_pair_rows(units, unit_weights, n_terms),
        unit_sentence=unit_sentence,
        units_of=tuple(np.array(units, dtype=np.int64) for units in units_of),
        unit_mass=unit_mass,
        copies=_copies(normalized),
        counts=counts,
        idf=idf,
        mass=unit_mass[:n_sentences],
        normalized=normalized,
        candidates=candidates,
        similarity=similarity,
        position=position,
        centrality=centrality,
        support=support,
        copy_group=copy_group,
    )
