"""Analysis: a story's sentences -> term matrices, similarities and per-sentence signals.

What later stages need about the sentences, computed once:

- ``terms``: a sparse binary sentence x term matrix over stemmed content terms (textnorm), and
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

# Two articles are copies when this share of the shorter one's sentences recur verbatim.
_COPY_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Analysis:
    """Signals over all sentences of a story (index i is ``sentences[i]``)."""

    story: Story
    sentences: tuple[Sentence, ...]
    article_order: dict[str, int]  # article id -> canonical position
    terms: sparse.csr_matrix  # binary, sentences x vocabulary
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


def _term_matrix(
    sentences: Sequence[Sentence],
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray, tuple[str, ...]]:
    """Binary and count matrices (sentences x vocabulary), terms per sentence, and each
    sentence's lower-cased words."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    normalized = []
    for row, sentence in enumerate(sentences):
        sentence_terms, words = textnorm.terms_and_words(sentence.text)
        normalized.append(words)
        columns.extend([vocabulary.setdefault(t, len(vocabulary)) for t in sentence_terms])
        rows.extend([row] * len(sentence_terms))
    shape = (len(sentences), max(1, len(vocabulary)))
    tf = sparse.csr_matrix(  # duplicates are summed: term counts
        (
            np.ones(len(columns)),
            (np.array(rows, dtype=np.int32), np.array(columns, dtype=np.int32)),
        ),
        shape=shape,
    )
    tf.sum_duplicates()
    counts = np.diff(tf.indptr).astype(np.int32)
    binary = tf.copy()
    binary.data[:] = 1.0
    return binary, tf, counts, tuple(normalized)


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
    binary, tf, counts, normalized = _term_matrix(sentences)
    n = max(1, len(sentences))
    df = np.asarray(binary.sum(axis=0)).ravel()
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    mass = binary @ idf

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
        terms=binary,
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
