"""Briefs for a reader: what is new since the reports they read, what the reports say about
their question. An Analysis and the reader's focus -> what may enter the brief and what it is
worth (``Focus``), for the selection strategies.

**Update** (``Story.since``: the articles already read). A candidate may enter only when it
comes from a report not read yet and its information is not in any earlier report, judged with
the one definition of "carries the same information" that citations and redundancy use
(``newsfuse.overlap``, over *every* sentence of the earlier reports, not only their leads;
not the redundancy cosine, which is blind to figures). Figures are part
of that test: "12 dead" and "30 dead" are two facts, so a sentence giving a changed figure is
new, and one the facts stage links to an earlier report's other value (an ``updated`` or
``differs`` figure) is preferred (``CHANGE_BONUS``) and may enter even when the rest of the
sentence repeats an earlier one. Concepts count by how many of the *new* reports use them,
discounted when an earlier report used them already (``EARLIER_CONCEPT_WEIGHT``).

**Concepts of a focused brief** are word bigrams (stemmed, stop words kept, not two stop
words: "the minister", "was killed"; Gillick & Favre's concepts, the units ROUGE-2 counts),
each worth the share of report groups whose lead uses it, nothing unless two do. A generic
brief keeps the analysis' content-term concepts. On DUC 2006 (the tuning set) the bigrams
brought R2 from 0.0966 to 0.1030 with the sentence score weighing ``FOCUS_SCORE_WEIGHT``
against the coverage gain (the generic brief's weight is 1), and 0.1057 with the biased
LexRank's share of the sentence score raised to 0.9 (``QUERY_SCORE_MIX``).

**Query** (``Story.query``). The question's content terms, expanded with the story's own
vocabulary by pseudo-relevance feedback (the terms of the sentences closest to the question,
Rocchio-style: "crash" brings the story's "derailment", "carriages", "signal"), give each
candidate a relevance (cosine, IDF-weighted). A biased LexRank (Otterbacher, Erkan & Radev
2005) spreads relevance over the sentences similar to relevant ones, and is mixed with the
story's own salience (the learned score); concept weights are scaled by the relevance of the
sentences that use them (query-aware concept coverage). A sentence sharing no word with the
question nor its expansion may not enter (when any sentence does). Redundancy and citations
are as in a generic brief.

The query constants below were chosen on DUC 2006 only (50 topics, ``benchmarks/focus_eval.py``);
DUC 2007 is reported with them unchanged. ``CHANGE_BONUS`` was set before measuring;
``EARLIER_CONCEPT_WEIGHT`` was chosen among 0.3, 0.5 and 0.7 on the first five of DUC 2007's
ten update topics (B and C) and checked on the other five (there is no other update set).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsfuse import textnorm
from newsfuse.analyse import Analysis
from newsfuse.models import Mention
from newsfuse.select.scoring import unit_range

# Both
FOCUS_SCORE_WEIGHT = 0.25  # the sentence score against the coverage gain (generic: 1)
MIN_OUTLETS = 2  # a bigram counts when this many report groups use it (or all there are)
# Update briefs
CHANGE_BONUS = 1.0  # added to the value of a sentence giving a changed figure
EARLIER_CONCEPT_WEIGHT = 0.5  # a concept the earlier reports used counts this much
# Query-focused briefs
FEEDBACK_SENTENCES = 10  # the sentences closest to the question that expand it
EXPANSION_TERMS = 30  # terms added to the question from them
EXPANSION_WEIGHT = 0.5  # their share of the expanded question (the question's own terms: 1)
LEXRANK_BIAS = 0.4  # biased LexRank: weight of relevance against similarity to other sentences
LEXRANK_ITERATIONS = 40
QUERY_SCORE_MIX = 0.9  # sentence score = (1 - mix) * salience + mix * biased LexRank
# the same for an update brief with a question (chosen on the first five update topics)
UPDATE_QUERY_SCORE_MIX = 0.6
CONCEPT_FLOOR = 0.85  # a concept used only by irrelevant sentences keeps this share of its weight
RELEVANT_ONLY = True  # only sentences with some relevance to the question (when any has)

# Words of the instruction rather than of its subject ("Describe ...", "Include ...").
_INSTRUCTION_WORDS = frozenset(
    textnorm.terms(
        "describe discuss include including explain identify specify information report "
        "reported reports detail details give provide list mention mentioned happened "
        "question questions known"
    )
)


@dataclass(frozen=True, slots=True)
class Focus:
    """What the reader's focus changes in a selection (arrays over ``analysis.candidates``).

    Attributes:
        eligible: may the candidate enter at all (and-ed with the strategy's own mask).
        bonus: added to a candidate's value (a changed figure), whatever the score's weight.
        concepts: candidates x the focused brief's concepts (word bigrams), 0/1, instead
            of ``analysis.concepts``.
        concept_weight: weights of those concepts.
        lexrank: biased LexRank scores, mixed into the sentence score (None without a
            question).
        score_weight: the sentence score's weight in the coverage value.
        score_mix: the biased LexRank's share of the sentence score.
    """

    eligible: np.ndarray
    bonus: np.ndarray
    concepts: sparse.csr_matrix
    concept_weight: np.ndarray
    lexrank: np.ndarray | None = None
    score_weight: float = FOCUS_SCORE_WEIGHT
    score_mix: float = QUERY_SCORE_MIX


def _term_matrix(analysis: Analysis, rows: np.ndarray) -> sparse.csr_matrix:
    """Sentences ``rows`` x terms, 0/1 (from their content keys)."""
    keys = [np.frombuffer(analysis.content_keys[i], dtype=np.int64) for i in rows.tolist()]
    indptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(k) for k in keys], out=indptr[1:])
    indices = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    return sparse.csr_matrix(
        (np.ones(len(indices)), indices, indptr), shape=(len(keys), len(analysis.idf))
    )


def _cosine(matrix: sparse.csr_matrix, vector: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norm = float(np.linalg.norm(vector))
    dots = matrix @ vector
    return np.divide(dots, norms * norm, out=np.zeros(len(dots)), where=(norms > 0) & (norm > 0))


_PREFIX = 6  # letters a question word and a story term share to count as one word, half


def query_terms(analysis: Analysis, query: str) -> np.ndarray:
    """The question as a vector over the story's terms, IDF-weighted.

    A term the stemmer leaves apart from a question word but sharing its first ``_PREFIX``
    letters ("economy" ~ "economists", "economic") counts half. The words of the instruction
    itself ("Describe ...", "Include ...") are left out. (Discounting the story's subject
    words, which every report uses, was tried on DUC 2006 and lost: R2 0.0870 against 0.0935.)
    """
    vector = np.zeros(len(analysis.idf))
    wanted = {t for t in textnorm.terms(query) if t not in _INSTRUCTION_WORDS}
    prefixes = {t[:_PREFIX] for t in wanted if len(t) >= _PREFIX}
    for n, term in enumerate(analysis.vocabulary):
        if term in wanted:
            vector[n] = 1.0
        elif len(term) >= _PREFIX and term[:_PREFIX] in prefixes:
            vector[n] = 0.5
    return vector * analysis.idf


def relevance(analysis: Analysis, query: str) -> np.ndarray:
    """Per candidate: cosine to the question expanded with the story's vocabulary."""
    weighted = _term_matrix(analysis, analysis.candidates).multiply(analysis.idf).tocsr()
    question = query_terms(analysis, query)
    if not question.any():
        return np.zeros(len(analysis.candidates))
    first = _cosine(weighted, question)
    # feedback from the closest tenth of the candidates, at most FEEDBACK_SENTENCES
    n_feedback = min(FEEDBACK_SENTENCES, max(1, len(first) // 10))
    top = [k for k in np.argsort(-first, kind="stable")[:n_feedback] if first[k] > 0]
    if not top:
        return first
    rows = weighted[top]
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    normalised = sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ rows
    centroid = np.asarray(normalised.sum(axis=0)).ravel()
    centroid[question > 0] = 0.0
    if np.count_nonzero(centroid) > EXPANSION_TERMS:
        cut = np.partition(centroid, -EXPANSION_TERMS)[-EXPANSION_TERMS]
        centroid[centroid < cut] = 0.0
    expanded = question / np.linalg.norm(question)
    if centroid.any():
        expanded = expanded + EXPANSION_WEIGHT * centroid / np.linalg.norm(centroid)
    return _cosine(weighted, expanded)


def biased_lexrank(similarity: np.ndarray, bias: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Stationary scores of a random walk that jumps to sentences by ``bias`` and moves to
    similar ones (Otterbacher et al. 2005); over eligible candidates, zeros elsewhere."""
    out = np.zeros(len(bias))
    positions = np.flatnonzero(eligible)
    if positions.size == 0:
        return out
    weights = similarity[np.ix_(positions, positions)].copy()
    np.fill_diagonal(weights, 0.0)
    sums = weights.sum(axis=1, keepdims=True)
    walk = np.divide(weights, sums, out=np.full_like(weights, 1.0 / len(positions)), where=sums > 0)
    jump = bias[positions] + 1e-9
    jump = jump / jump.sum()
    scores = np.full(len(positions), 1.0 / len(positions))
    for _ in range(LEXRANK_ITERATIONS):
        scores = LEXRANK_BIAS * jump + (1.0 - LEXRANK_BIAS) * (walk.T @ scores)
    out[positions] = scores
    return out


def _lead_rows(analysis: Analysis) -> np.ndarray:
    return np.array(
        [s.start < analysis.settings.lead_chars for s in analysis.sentences], dtype=bool
    )


_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """The word's term (textnorm.term, memoised there), stop words as they are."""
    return textnorm.term(word) or word


def word_bigrams(text: str) -> set[tuple[str, str]]:
    """The distinct bigrams of ``text``'s stemmed words, stop words kept, except pairs of two
    stop words ("of the")."""
    words = _WORD.findall(text.lower())
    stems = list(map(_stem, words))
    stop = [w in textnorm.STOPWORDS for w in words]
    return {
        (stems[n], stems[n + 1]) for n in range(len(words) - 1) if not (stop[n] and stop[n + 1])
    }


@dataclass(frozen=True, slots=True)
class BigramConcepts:
    """The word-bigram concepts of a focused brief.

    Attributes:
        bigrams: the bigram of each column.
        concepts: candidates x bigrams, 0/1.
        weight: per bigram, the share of the *new* report groups whose lead uses it, 0
            unless two do (or the one group there is); earlier reports' bigrams discounted.
    """

    bigrams: tuple[tuple[str, str], ...]
    concepts: sparse.csr_matrix
    weight: np.ndarray


def bigram_concepts(analysis: Analysis, read: frozenset[str] = frozenset()) -> BigramConcepts:
    """Bigram concepts of the story's leads, weighted over the reports not in ``read``; a
    bigram an earlier (``read``) report's lead uses counts ``EARLIER_CONCEPT_WEIGHT``."""
    lead = _lead_rows(analysis)
    is_candidate = np.zeros(len(analysis.sentences), dtype=bool)
    is_candidate[analysis.candidates] = True
    ids: dict[tuple[str, str], int] = {}
    new_pairs: set[tuple[int, int]] = set()  # (group, bigram) of the new reports' leads
    before: set[int] = set()
    rows: list[int] = []
    columns: list[int] = []
    position = {int(i): k for k, i in enumerate(analysis.candidates.tolist())}
    for i in np.flatnonzero(lead | is_candidate).tolist():
        sentence = analysis.sentences[i]
        found = [ids.setdefault(b, len(ids)) for b in word_bigrams(sentence.text)]
        if sentence.article_id in read:
            before.update(found)
        else:
            group = int(analysis.sentence_group[i])
            new_pairs.update((group, b) for b in found)
        if is_candidate[i]:
            rows.extend([position[i]] * len(found))
            columns.extend(found)
    n_bigrams = max(1, len(ids))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(analysis.candidates), n_bigrams)
    )
    matrix.sum_duplicates()
    n_groups = len({g for g, _ in new_pairs})
    outlets = np.bincount([b for _, b in new_pairs], minlength=n_bigrams).astype(float)
    weight = np.where(
        outlets >= min(MIN_OUTLETS, max(1, n_groups)), outlets / max(1, n_groups), 0.0
    )
    if before:
        earlier = np.fromiter(before, dtype=np.int64)
        weight[earlier] *= EARLIER_CONCEPT_WEIGHT
    return BigramConcepts(tuple(ids), matrix, weight)


def update_focus(
    analysis: Analysis,
    since: Sequence[str],
    changed: Mapping[int, tuple[Mention, ...]],
) -> tuple[np.ndarray, np.ndarray]:
    """Eligibility and score bonus of an update brief.

    Args:
        since: ids of the articles already read.
        changed: sentence row -> the earlier reports' mentions of a figure it changes.
    """
    read = frozenset(since)
    # per sentence row: is it in a report already read
    in_read = np.array([s.article_id in read for s in analysis.sentences], dtype=bool)
    candidates = analysis.candidates
    new = ~in_read[candidates]
    repeats = (analysis.carry[:, in_read] > 0).any(axis=1)
    changes = np.array([int(i) in changed for i in candidates.tolist()], dtype=bool)
    eligible = new & (~repeats | changes)
    return eligible, np.where(changes, CHANGE_BONUS, 0.0)


def query_focus(
    analysis: Analysis,
    query: str,
    eligible: np.ndarray,
    concepts: sparse.csr_matrix,
    concept_weight: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Relevance, biased LexRank scores and query-aware weights of ``concepts``."""
    rel = relevance(analysis, query)
    ranks = biased_lexrank(analysis.similarity, rel, eligible)
    top = float(rel.max()) if rel.size else 0.0
    if top <= 0:
        return rel, ranks, concept_weight
    uses = np.asarray(concepts.sum(axis=0)).ravel()
    mass = concepts.T @ (rel / top)
    concept_rel = np.divide(mass, uses, out=np.zeros(len(uses)), where=uses > 0)
    return rel, ranks, concept_weight * (CONCEPT_FLOOR + (1.0 - CONCEPT_FLOOR) * concept_rel)


def focus(
    analysis: Analysis,
    *,
    since: Sequence[str] = (),
    query: str | None = None,
    changed: Mapping[int, tuple[Mention, ...]] | None = None,
) -> Focus | None:
    """The reader's focus for ``analysis``; None for a generic brief."""
    if not since and not query:
        return None
    n = len(analysis.candidates)
    eligible = np.ones(n, dtype=bool)
    bonus = np.zeros(n)
    bigrams = bigram_concepts(analysis, frozenset(since))
    weight = bigrams.weight
    if since:
        eligible, bonus = update_focus(analysis, since, changed or {})
    ranks: np.ndarray | None = None
    if query:
        rel, ranks, weight = query_focus(analysis, query, eligible, bigrams.concepts, weight)
        if RELEVANT_ONLY and (rel[eligible] > 0).any():
            # a sentence sharing no word with the question, nor with its expansion, does
            # not answer it
            eligible = eligible & (rel > 0)
    mix = UPDATE_QUERY_SCORE_MIX if since else QUERY_SCORE_MIX
    return Focus(eligible, bonus, bigrams.concepts, weight, ranks, FOCUS_SCORE_WEIGHT, mix)


def mix_scores(
    scores: np.ndarray, eligible: np.ndarray, ranks: np.ndarray, mix: float = QUERY_SCORE_MIX
) -> np.ndarray:
    """The story's salience mixed with the biased LexRank (its share: ``mix``), each rescaled
    over ``eligible``."""
    out = np.zeros_like(scores)
    positions = np.flatnonzero(eligible)
    if positions.size:
        out[positions] = (1.0 - mix) * unit_range(scores[positions]) + mix * unit_range(
            ranks[positions]
        )
    return out
