"""Analysis: a story's sentences -> pairwise overlaps and per-sentence signals.

What later stages need about the sentences, computed once, from one pass over the term postings:

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
    content_keys: tuple[bytes, ...]
    candidates: np.ndarray  # sentence indices that may enter a brief
    carry: np.ndarray  # candidates x sentences: information carried (newsfuse.overlap)
    similarity: np.ndarray  # candidates x candidates: cosine
    position: np.ndarray  # per candidate, in (0, 1]
    centrality: np.ndarray  # per candidate
    support: np.ndarray  # per candidate, in [0, 1]
    copy_group: dict[str, int]  # article id -> group id
    sentence_group: np.ndarray  # per sentence, its article's copy group
    # per candidate, means over its distinct content terms (SumBasic's insight: words the
    # story repeats are what it is about; words many outlets use, what they agree on):
    term_frequency: np.ndarray  # the term's share of all term occurrences, times vocabulary
    term_spread: np.ndarray  # share of article groups whose text has the term
    # Concepts of each candidate (candidates x concepts, 0/1) and the weight of each concept:
    # the share of article groups that use it, 0 unless at least two do.
    concepts: sparse.csr_matrix
    concept_weight: np.ndarray
    # What update and query-focused briefs need beyond these (newsfuse.select.focus): the
    # story's terms (column -> stem) with their IDF, and every sentence's concepts, so that
    # what earlier reports said counts in full.
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    sentence_concept_rows: _Rows
    n_concepts: int

    @property
    def sentence_concepts(self) -> sparse.csr_matrix:
        """Every sentence's concepts (sentences x concepts, 0/1). Built on demand: only
        focused briefs read it, and a generic brief should not pay for the matrix."""
        return self.sentence_concept_rows.matrix(self.n_concepts)


@dataclass(frozen=True, slots=True)
class _Rows:
    """Rows of distinct term columns, as CSR parts."""

    indices: np.ndarray
    indptr: np.ndarray

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def take(self, which: np.ndarray) -> _Rows:
        """Rows ``which``, in that order."""
        lengths = np.diff(self.indptr)[which]
        indptr = np.zeros(len(which) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return _Rows(self.indices[_gather(self.indptr[which], lengths)], indptr)

    def transpose(self, n_columns: int) -> _Rows:
        """Column -> the rows holding it (rows ascending)."""
        order = np.argsort(self.indices, kind="stable")
        indptr = np.zeros(n_columns + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.indices, minlength=n_columns), out=indptr[1:])
        return _Rows(self.row_ids()[order].astype(np.int32), indptr)

    def row_ids(self) -> np.ndarray:
        """The row of every stored entry."""
        return np.repeat(np.arange(self.n_rows), np.diff(self.indptr))

    def matrix(self, n_columns: int) -> sparse.csr_matrix:
        """The rows as a 0/1 sparse matrix."""
        return sparse.csr_matrix(
            (np.ones(len(self.indices)), self.indices, self.indptr), shape=(self.n_rows, n_columns)
        )


@dataclass(frozen=True, slots=True)
class _Units:
    """Every sentence as a unit, each followed by those of its clauses that can stand as a
    unit of their own (CSR over term columns)."""

    rows: _Rows
    start: np.ndarray  # first unit of each sentence, and the end of the last
    keys: tuple[bytes, ...]  # per sentence: its sorted term columns (a content key)
    n_terms: int
    vocabulary: tuple[str, ...]  # the term of each column
    # Concepts (Gillick & Favre 2009): each content term, and each pair of neighbouring content
    # terms within a clause; per sentence its distinct concept ids.
    concepts: _Rows
    n_concepts: int


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by sorting: numpy 2's hash-based unique takes five times as long
    on the few thousand integers of a story (measured)."""
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _tokenise(sentences: Sequence[Sentence]) -> _Units:
    """Term columns of every unit, computed for the whole story at once.

    Tokens are mapped to terms through dicts (C-level ``map``), then grouped into units with
    numpy (``unique`` over unit * n_terms + column): no Python loop runs per token.
    """
    chain = itertools.chain.from_iterable
    tokenised = [textnorm.clause_tokens(sentence.text) for sentence in sentences]
    clauses = list(chain(tokenised))
    tokens = list(chain(clauses))
    term_lists = textnorm.token_terms(tokens)
    # Columns are the story's terms in order of first use: never dependent on what ran
    # before (nor on string hashing), and no sort of strings.
    column = dict(zip(dict.fromkeys(chain(term_lists)), itertools.count()))
    vocabulary = tuple(column)
    n_terms = max(1, len(vocabulary))
    columns = np.fromiter(map(column.__getitem__, chain(term_lists)), dtype=np.int64)
    clauses_per_sentence = np.fromiter(map(len, tokenised), dtype=np.int64, count=len(tokenised))
    clause_of_token = np.repeat(
        np.arange(len(clauses)), np.fromiter(map(len, clauses), dtype=np.int64, count=len(clauses))
    )
    clause_of_entry = np.repeat(
        clause_of_token, np.fromiter(map(len, term_lists), dtype=np.int64, count=len(tokens))
    )
    sentence_of_clause = np.repeat(np.arange(len(sentences)), clauses_per_sentence)

    # Whole sentences: distinct (sentence, column) pairs.
    sentence_entries = _distinct(sentence_of_clause[clause_of_entry] * n_terms + columns)
    sentence_rows, sentence_columns = np.divmod(sentence_entries, n_terms)
    # Clauses of multi-clause sentences with enough distinct terms.
    clause_entries = _distinct(clause_of_entry * n_terms + columns)
    clause_rows, clause_columns = np.divmod(clause_entries, n_terms)
    clause_sizes = np.bincount(clause_rows, minlength=len(clauses))
    kept = (clauses_per_sentence[sentence_of_clause] > 1) & (clause_sizes >= _MIN_CLAUSE_TERMS)
    kept_per_sentence = np.bincount(sentence_of_clause[kept], minlength=len(sentences))
    start = np.zeros(len(sentences) + 1, dtype=np.int64)
    np.cumsum(1 + kept_per_sentence, out=start[1:])
    # Unit number of each kept clause: after its sentence's unit, in clause order.
    kept_rank = (
        np.cumsum(kept)
        - 1
        - np.concatenate([[0], np.cumsum(kept_per_sentence)])[sentence_of_clause]
    )
    clause_unit = start[sentence_of_clause] + 1 + kept_rank
    entry_kept = kept[clause_rows]
    unit_of_entry = np.concatenate(
        [start[:-1][sentence_rows], clause_unit[clause_rows[entry_kept]]]
    )
    column_of_entry = np.concatenate([sentence_columns, clause_columns[entry_kept]])
    order = np.lexsort((column_of_entry, unit_of_entry))
    indptr = np.zeros(int(start[-1]) + 1, dtype=np.int64)
    np.cumsum(np.bincount(unit_of_entry, minlength=int(start[-1])), out=indptr[1:])
    rows = _Rows(column_of_entry[order].astype(np.int32), indptr)

    sentence_indptr = np.zeros(len(sentences) + 1, dtype=np.int64)
    np.cumsum(np.bincount(sentence_rows, minlength=len(sentences)), out=sentence_indptr[1:])
    keys = tuple(sentence_columns[a:b].tobytes() for a, b in itertools.pairwise(sentence_indptr))
    # Concepts: term ids, then bigram ids numbered after them.
    same_clause = clause_of_entry[1:] == clause_of_entry[:-1]
    bigrams = columns[:-1][same_clause] * n_terms + columns[1:][same_clause]
    bigram_ids, bigram_concepts = np.unique(bigrams, return_inverse=True)
    entry_sentence = sentence_of_clause[clause_of_entry]
    concept_sentence = np.concatenate([entry_sentence, entry_sentence[:-1][same_clause]])
    concept_id = np.concatenate([columns, n_terms + bigram_concepts])
    n_concepts = n_terms + len(bigram_ids)
    pairs = _distinct(concept_sentence * n_concepts + concept_id)
    concept_rows, concept_columns = np.divmod(pairs, n_concepts)
    concept_indptr = np.zeros(len(sentences) + 1, dtype=np.int64)
    np.cumsum(np.bincount(concept_rows, minlength=len(sentences)), out=concept_indptr[1:])
    return _Units(
        rows=rows,
        start=start,
        keys=keys,
        n_terms=n_terms,
        vocabulary=vocabulary,
        concepts=_Rows(concept_columns.astype(np.int32), concept_indptr),
        n_concepts=n_concepts,
    )


def _pair_sums(
    units: _Rows, rows: np.ndarray, idf: np.ndarray, numeric: np.ndarray, n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per (unit in ``rows``, unit) pair: the shared IDF weight, the shared term count and
    the shared figures, as dense arrays.

    Every pair of entries that share a term is listed once (an entry of a row unit, repeated
    over the term's postings) and summed with ``bincount``: the same sums in the same order
    as a sparse product, without scipy's per-matrix set-up, which costs more than the
    arithmetic at a story's size (~5,000 pairs).
    """
    postings = units.transpose(n_terms)
    entry_counts = units.indptr[rows + 1] - units.indptr[rows]
    entry = _gather(units.indptr[rows], entry_counts)  # positions in units.indices
    row_of_entry = np.repeat(np.arange(len(rows)), entry_counts)
    terms = units.indices[entry]
    posting_counts = postings.indptr[terms + 1] - postings.indptr[terms]
    pair_entry = np.repeat(np.arange(len(terms)), posting_counts)
    other = postings.indices[_gather(postings.indptr[terms], posting_counts)]
    n_units = units.n_rows
    cell = row_of_entry[pair_entry] * n_units + other
    pair_terms = terms[pair_entry]
    size = len(rows) * n_units
    shape = (len(rows), n_units)
    # float whatever the input: with no term at all (a story of stop words only) bincount
    # gives integers even with weights, and the divisions downstream then fail
    overlap = np.bincount(cell, weights=idf[pair_terms], minlength=size)
    shared = np.bincount(cell, minlength=size)
    figures = np.bincount(cell, weights=numeric[pair_terms], minlength=size)
    overlap, shared, figures = (
        a.astype(float, copy=False).reshape(shape) for a in (overlap, shared, figures)
    )
    return overlap, shared, figures


def _gather(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``, vectorised."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    owner = np.repeat(np.arange(len(counts)), counts)
    return np.repeat(starts, counts) + np.arange(int(offsets[-1])) - offsets[owner]


def _copies(keys: Sequence[bytes]) -> dict[bytes, tuple[int, ...]]:
    """Content key -> the sentences sharing it, for keys that several sentences share."""
    rows: dict[bytes, list[int]] = {}
    for row, key in enumerate(keys):
        if key:
            rows.setdefault(key, []).append(row)
    return {key: tuple(found) for key, found in rows.items() if len(found) > 1}


def _copy_groups(
    story: Story, sentences: Sequence[Sentence], keys: Sequence[bytes]
) -> dict[str, int]:
    by_article: dict[str, set[bytes]] = {a.id: set() for a in story.articles}
    for sentence, key in zip(sentences, keys, strict=True):
        if len(key) >= _MIN_CLAUSE_TERMS * 8:  # int64 columns: 8 bytes each
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

    One pass over the term postings (candidate units against all units) gives the shared
    IDF weight, term count and figures of every pair; everything else is derived with numpy.
    At ~80 sentences a story, per-call overhead, not arithmetic, is what costs, so the work
    is done in a few whole-array calls.

    Args:
        story: the story, articles in canonical order.
        sentences: every article's sentences, grouped by article in story order.
    """
    sentences = tuple(sentences)
    n_sentences = len(sentences)
    article_order = {a.id: n for n, a in enumerate(story.articles)}
    tokenised = _tokenise(sentences)
    units, starts, keys, n_terms = (
        tokenised.rows,
        tokenised.start,
        tokenised.keys,
        tokenised.n_terms,
    )
    sentence_units = starts[:-1]  # the whole-sentence unit of each sentence

    unit_counts = np.diff(units.indptr)
    # The lead of each article (settings.lead_chars) makes the candidates and the statistics.
    lead = np.fromiter((s.start < cfg.lead_chars for s in sentences), dtype=bool, count=n_sentences)
    # A sentence whose content key an earlier sentence has (the same wire copy on another
    # site) counts once everywhere: in IDF and term frequencies, and as a candidate. Its
    # outlet is still cited, through ``carry``. Copies in a lead come first: a sentence one
    # report leads with and another tells late is the first report's candidate.
    seen: set[bytes] = set()
    first = np.zeros(n_sentences, dtype=bool)
    for i in itertools.chain(np.flatnonzero(lead).tolist(), np.flatnonzero(~lead).tolist()):
        key = keys[i]
        first[i] = not key or key not in seen
        seen.add(key)
    counted = first & lead
    df = np.bincount(units.indices[_entries_of(units, sentence_units[counted])], minlength=n_terms)
    idf = np.log((1.0 + int(counted.sum())) / (1.0 + df)) + 1.0  # copies count once, here too
    unit_of_entry = units.row_ids()
    mass = np.bincount(unit_of_entry, weights=idf[units.indices], minlength=units.n_rows)

    candidates = np.flatnonzero(counted)
    # Rows: the units of the candidates; columns: all units.
    row_units = _gather(starts[candidates], starts[candidates + 1] - starts[candidates])
    vocabulary = tokenised.vocabulary
    numeric = np.fromiter(map(str.isdigit, vocabulary), dtype=float, count=len(vocabulary))
    overlap, shared, shared_figures = _pair_sums(units, row_units, idf, numeric, n_terms)
    has_figures = (
        np.bincount(unit_of_entry, weights=numeric[units.indices], minlength=units.n_rows) > 0
    )

    # Information carried, unit pairs -> sentence pairs (best over their units).
    conflict = (
        has_figures[row_units][:, np.newaxis] & has_figures[np.newaxis, :] & (shared_figures == 0)
    )
    scores = carried(overlap, shared, mass[row_units], mass, cfg, conflict)
    row_starts = np.concatenate([[0], np.cumsum(starts[candidates + 1] - starts[candidates])])
    carry = np.maximum.reduceat(scores, row_starts[:-1], axis=0) if len(candidates) else scores
    carry = np.maximum.reduceat(carry, sentence_units, axis=1) if n_sentences else carry
    copies = _copies(keys)
    for k, i in enumerate(candidates.tolist()):
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
    sentence_group = np.array([copy_group[s.article_id] for s in sentences], dtype=np.int64)
    groups = sentence_group[candidates]
    distinct = sorted(set(groups.tolist()))
    support = np.zeros(len(candidates))
    if len(distinct) > 1:
        for g in distinct:
            in_group = groups == g
            # best match of every candidate inside group g, counted for candidates outside it
            best = similarity[:, in_group].max(axis=1)
            support += np.where(in_group, 0.0, best)
        support /= len(distinct) - 1

    concept_matrix, concept_weight = _concepts(tokenised, candidates, sentence_group, lead)
    term_frequency, term_spread = _term_signals(
        units, sentence_units[counted], sentence_units[candidates], sentence_group[counted], n_terms
    )
    return Analysis(
        story=story,
        sentences=sentences,
        article_order=article_order,
        settings=cfg,
        n_words=np.fromiter(
            map(len, map(str.split, (s.text for s in sentences))), dtype=np.int32, count=n_sentences
        ),
        counts=unit_counts[sentence_units].astype(np.int32),
        content_keys=keys,
        candidates=candidates,
        carry=carry,
        similarity=similarity,
        position=np.array([1.0 / math.sqrt(1.0 + sentences[i].index) for i in candidates]),
        centrality=centrality,
        support=support,
        copy_group=copy_group,
        sentence_group=sentence_group,
        term_frequency=term_frequency,
        term_spread=term_spread,
        concepts=concept_matrix,
        concept_weight=concept_weight,
        vocabulary=vocabulary,
        idf=idf,
        sentence_concept_rows=tokenised.concepts,
        n_concepts=tokenised.n_concepts,
    )


def _concepts(
    tokenised: _Units,
    candidates: np.ndarray,
    groups: np.ndarray,
    lead: np.ndarray,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Candidate x concept matrix and concept weights (the share of article groups whose
    lead uses the concept, when two or more do); ``groups``: each sentence's copy group."""
    concepts = tokenised.concepts
    owner = concepts.row_ids()
    n_groups = len(set(groups.tolist()))
    in_lead = lead[owner]
    used_by = _distinct(groups[owner[in_lead]] * tokenised.n_concepts + concepts.indices[in_lead])
    outlets = np.bincount(used_by % tokenised.n_concepts, minlength=tokenised.n_concepts)
    weight = np.where(outlets >= 2, outlets / max(1, n_groups), 0.0)
    return concepts.take(candidates).matrix(tokenised.n_concepts), weight


def _term_signals(
    units: _Rows, sentence_units: np.ndarray, rows: np.ndarray, groups: np.ndarray, n_terms: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per unit in ``rows``: the mean frequency of its terms in the story (1.0 for an average
    term) and the mean share of article groups that use them.

    Args:
        sentence_units: the whole-sentence units counted, ascending.
        groups: the article group of each of those sentences.
    """
    owner = units.row_ids()
    whole = np.zeros(units.n_rows, dtype=bool)
    whole[sentence_units] = True
    terms = units.indices[whole[owner]]
    frequency = np.bincount(terms, minlength=n_terms).astype(float)
    frequency *= n_terms / max(1.0, float(frequency.sum()))
    entry_group = groups[np.searchsorted(sentence_units, owner[whole[owner]])]
    group_terms = _distinct(entry_group * n_terms + terms)
    spread = np.bincount(group_terms % n_terms, minlength=n_terms) / max(
        1, len(set(groups.tolist()))
    )
    counts = np.maximum(np.diff(units.indptr)[rows], 1)

    def row_means(values: np.ndarray) -> np.ndarray:
        sums = np.bincount(owner, weights=values[units.indices], minlength=units.n_rows)
        return sums[rows] / counts

    return row_means(frequency), row_means(spread)


def _entries_of(rows: _Rows, which: np.ndarray) -> np.ndarray:
    """Positions in ``rows.indices`` of the entries of rows ``which``."""
    mask = np.zeros(rows.n_rows, dtype=bool)
    mask[which] = True
    return np.flatnonzero(mask[rows.row_ids()])
