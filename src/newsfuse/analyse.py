"""Analysis: a story's sentences -> pairwise overlaps and per-sentence signals.

What later stages need about the sentences, computed once, from one sparse product:

- every sentence and every clause that can state a fact on its own is a *unit*; units are
  sets of stemmed content terms (textnorm) weighted by IDF over the story's sentences, so
  terms every outlet repeats ("NATO", "Libya") weigh little and specific ones ("sorties",
  "Rasmussen") much;
- ``carry``: for each candidate sentence (the first sentences of each article; news puts
  what matters first) and each sentence of the story, how strongly the second carries the
  information of the first (``newsfuse.overlap``), 0 where it does not; exact copies 1.0;
- ``similarity``: cosine between candidate sentences (binary vectors weighted by
  sqrt(IDF), so that the dot product is the shared IDF weight the carry test uses too);
- ``copy_group``: articles that are copies of each other (the same wire story on two sites)
  share a group, so that they count once as support;
- per candidate: ``position`` (lead bias), ``centrality`` (cosine to the story centroid,
  which for unit vectors is the row sum of ``similarity``) and ``support`` (how strongly the
  *other* article groups carry the same content).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsfuse import textnorm
from newsfuse.models import Sentence, Story
from newsfuse.overlap import carried
from newsfuse.settings import AnalyseSettings

# A clause is a unit of information of its own only with this many content terms.
_MIN_CLAUSE_TERMS = 4
# Two articles are copies when this share of the shorter one's sentences recur verbatim.
_COPY_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Analysis:
    """Signals over the sentences of a story (index i is ``sentences[i]``); arrays over
    candidates are indexed by position in ``candidates``."""

    story: Story
    sentences: tuple[Sentence, ...]
    article_order: dict[str, int]  # article id -> canonical position
    settings: AnalyseSettings
    n_words: np.ndarray  # words per sentence, as a reader counts them
    counts: np.ndarray  # distinct content terms per sentence
    # Each sentence's content terms (sorted term columns): sentences with the same key say the
    # same thing in the same words, up to stop words and order; () for sentences without.
    content_keys: tuple[tuple[int, ...], ...]
    candidates: np.ndarray  # sentence indices that may enter a brief
    carry: np.ndarray  # candidates x sentences: information carried (newsfuse.overlap)
    similarity: np.ndarray  # candidates x candidates: cosine
    position: np.ndarray  # per candidate, in (0, 1]
    centrality: np.ndarray  # per candidate
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
) -> tuple[list[list[int]], list[int], tuple[tuple[int, ...], ...], int]:
    """Term columns of every unit: each sentence, followed by those of its clauses that can
    stand as a unit of their own.

    Returns:
        unit rows, the first unit of each sentence (and the end of the last), each
        sentence's content key (its sorted term columns), and the vocabulary size.
    """
    tokenised = [textnorm.clause_tokens(sentence.text) for sentence in sentences]
    # Each distinct token of the story is normalised once (cached across stories); columns
    # are the story's terms in sorted order, so that they never depend on what ran before.
    chain = itertools.chain.from_iterable
    distinct_tokens = set().union(*(tokens for clauses in tokenised for tokens in clauses))
    terms_of = textnorm.token_terms(distinct_tokens)
    vocabulary = sorted(set(chain(terms_of.values())))
    column = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    unit_rows: list[list[int]] = []  # per sentence: the sentence, then its clause units
    unit_start = [0]
    keys: list[tuple[int, ...]] = []
    for clauses in tokenised:
        columns_of_clauses = [
            list(map(column.__getitem__, chain(map(terms_of.__getitem__, c)))) for c in clauses
        ]
        unit_rows.append(sorted(set(chain(columns_of_clauses))))
        keys.append(tuple(unit_rows[-1]))
        if len(columns_of_clauses) > 1:
            for columns in columns_of_clauses:
                distinct = sorted(set(columns))
                if len(distinct) >= _MIN_CLAUSE_TERMS:
                    unit_rows.append(distinct)
        unit_start.append(len(unit_rows))
    return unit_rows, unit_start, tuple(keys), max(1, len(vocabulary))


def _copies(keys: Sequence[tuple[int, ...]]) -> dict[tuple[int, ...], tuple[int, ...]]:
    """Content key -> the sentences sharing it, for keys that several sentences share."""
    rows: dict[tuple[int, ...], list[int]] = {}
    for row, key in enumerate(keys):
        if key:
            rows.setdefault(key, []).append(row)
    return {key: tuple(found) for key, found in rows.items() if len(found) > 1}


def _copy_groups(
    story: Story, sentences: Sequence[Sentence], keys: Sequence[tuple[int, ...]]
) -> dict[str, int]:
    by_article: dict[str, set[tuple[int, ...]]] = {a.id: set() for a in story.articles}
    for sentence, key in zip(sentences, keys, strict=True):
        if len(key) >= _MIN_CLAUSE_TERMS:
            by_article[sentence.article_id].add(key)
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
    """Compute the pairwise overlaps and per-sentence signals of ``story``.

    One sparse product (candidate units, IDF-weighted and 0/1, against all units) gives the
    shared IDF weight and shared term count of every pair; everything else is derived with
    numpy. At ~80 sentences a story, scipy's per-call overhead, not arithmetic, is what
    costs, so there is one call.

    Args:
        story: the story, articles in canonical order.
        sentences: every article's sentences, grouped by article in story order.
    """
    sentences = tuple(sentences)
    n_sentences = len(sentences)
    article_order = {a.id: n for n, a in enumerate(story.articles)}
    unit_rows, unit_start, keys, n_terms = _tokenise(sentences)
    starts = np.array(unit_start, dtype=np.int64)
    sentence_units = starts[:-1]  # the whole-sentence unit of each sentence

    units = _Rows.build(unit_rows)
    unit_counts = np.diff(units.indptr)
    df = np.bincount(units.indices[_entries_of(units, sentence_units)], minlength=n_terms)
    idf = np.log((1.0 + n_sentences) / (1.0 + df)) + 1.0
    weights = idf[units.indices]
    mass = np.bincount(units.row_ids(), weights=weights, minlength=units.n_rows)

    candidates = np.array(
        [i for i, s in enumerate(sentences) if s.index < cfg.max_sentences_per_article], dtype=int
    )
    # Rows: the units of the candidates, each twice (IDF-weighted, then 0/1); columns: all.
    row_units = np.concatenate(
        [np.arange(starts[i], starts[i + 1]) for i in candidates] or [np.zeros(0, dtype=np.int64)]
    )
    rows = _Rows.build([unit_rows[u] for u in row_units for _ in (0, 1)])
    row_data = np.where(
        np.repeat(np.tile([True, False], len(row_units)), np.diff(rows.indptr)),
        idf[rows.indices],
        1.0,
    )
    columns = units.matrix(n_terms).T.tocsr()
    products = (rows.matrix(n_terms, row_data) @ columns).toarray()
    overlap, shared = products[0::2], products[1::2]

    # Information carried, unit pairs -> sentence pairs (best over their units).
    scores = carried(overlap, shared, mass[row_units], mass, cfg)
    row_starts = np.concatenate([[0], np.cumsum(starts[candidates + 1] - starts[candidates])])
    carry = np.maximum.reduceat(scores, row_starts[:-1], axis=0) if len(candidates) else scores
    carry = np.maximum.reduceat(carry, sentence_units, axis=1) if n_sentences else carry
    copies = _copies(keys)
    for k, i in enumerate(candidates):
        for j in copies.get(keys[i], ()):
            carry[k, j] = 1.0
    carry[np.arange(len(candidates)), candidates] = 0.0  # a sentence is not its own carrier

    # Cosine between whole sentences: shared IDF weight over the geometric mean of masses.
    own_rows = row_starts[:-1]
    sentence_overlap = overlap[own_rows][:, sentence_units[candidates]]
    norms = np.sqrt(mass[sentence_units[candidates]])
    norms[norms == 0] = 1.0
    similarity = sentence_overlap / norms[:, np.newaxis] / norms[np.newaxis, :]
    centrality = similarity.sum(axis=1)
    centrality /= float(np.sqrt(centrality.sum())) or 1.0  # cosine to the centroid

    copy_group = _copy_groups(story, sentences, keys)
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

    return Analysis(
        story=story,
        sentences=sentences,
        article_order=article_order,
        settings=cfg,
        n_words=np.array([len(s.text.split()) for s in sentences], dtype=np.int32),
        counts=unit_counts[sentence_units].astype(np.int32),
        content_keys=keys,
        candidates=candidates,
        carry=carry,
        similarity=similarity,
        position=np.array([1.0 / math.sqrt(1.0 + sentences[i].index) for i in candidates]),
        centrality=centrality,
        support=support,
        copy_group=copy_group,
    )


def _entries_of(rows: _Rows, which: np.ndarray) -> np.ndarray:
    """Positions in ``rows.indices`` of the entries of rows ``which``."""
    mask = np.zeros(rows.n_rows, dtype=bool)
    mask[which] = True
    return np.flatnonzero(mask[rows.row_ids()])
