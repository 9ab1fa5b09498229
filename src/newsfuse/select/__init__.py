"""Selection: an Analysis -> the sentences of the brief, within a word budget.

Strategies (``Settings.select.strategy``):

- ``learned`` (default): greedy coverage of the concepts outlets share, with a learned
  sentence score (``coverage.py``, ``learned.py``).
- ``support``: rank candidates by lead position, centrality and how many other
  outlets carry the same content; fill the budget greedily, skipping near-duplicates.
- ``lead``: the first sentences of each article in turn (round-robin); a baseline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.analyse import Analysis
from newsfuse.models import Sentence
from newsfuse.select.budget import fill_budget, reading_order
from newsfuse.select.coverage import cover
from newsfuse.select.focus import Focus, mix_scores
from newsfuse.select.learned import learned_scores
from newsfuse.select.scoring import eligible, support_scores
from newsfuse.settings import SelectSettings
from newsfuse.textnorm import ends_like_sentence


def _select_support(
    analysis: Analysis, words: int, cfg: SelectSettings, focus: Focus | None = None
) -> tuple[Sentence, ...]:
    mask = eligible(analysis, cfg)
    scores = support_scores(analysis, cfg)
    if focus is not None:
        mask &= focus.eligible
        if focus.lexrank is not None:
            scores = mix_scores(scores, mask, focus.lexrank, focus.score_mix)
        scores = scores + focus.bonus
    positions = np.flatnonzero(mask)
    # Ties: higher score, then canonical article order, then earlier sentence.
    ranking = sorted(
        positions.tolist(),
        key=lambda k: (
            -round(float(scores[k]), 9),
            analysis.article_order[analysis.sentences[analysis.candidates[k]].article_id],
            analysis.sentences[analysis.candidates[k]].index,
        ),
    )
    chosen = fill_budget(analysis, ranking, words, cfg.redundancy, cfg.min_words)
    return reading_order(analysis, chosen)


def _select_learned(
    analysis: Analysis, words: int, cfg: SelectSettings, focus: Focus | None = None
) -> tuple[Sentence, ...]:
    mask = eligible(analysis, cfg)
    if focus is None:
        chosen = cover(analysis, mask, learned_scores(analysis, mask, cfg.weights), words, cfg)
        return reading_order(analysis, chosen)
    # the learned score sees the story as a whole (its features: position, support); the
    # focus narrows what may enter and reweighs what is worth taking
    scores = learned_scores(analysis, mask, cfg.weights)
    mask &= focus.eligible
    if focus.lexrank is not None:
        scores = mix_scores(scores, mask, focus.lexrank, focus.score_mix)
    chosen = cover(
        analysis,
        mask,
        scores,
        words,
        cfg,
        concepts=focus.concepts,
        concept_weight=focus.concept_weight,
        bonus=focus.bonus,
        score_weight=focus.score_weight,
    )
    return reading_order(analysis, chosen)


def _select_lead(
    analysis: Analysis, words: int, cfg: SelectSettings, focus: Focus | None = None
) -> tuple[Sentence, ...]:
    mask = eligible(analysis, cfg)
    if focus is not None:
        mask &= focus.eligible
    ranking = _round_robin(analysis, np.flatnonzero(mask).tolist())
    chosen = fill_budget(
        analysis, ranking, words, redundancy=_NO_COSINE_LIMIT, min_words=cfg.min_words
    )
    return reading_order(analysis, chosen)


# A cosine never reaches it: only a sentence whose information a taken one carries is left
# out as a repeat (the lead strategies rank by position, not by similarity).
_NO_COSINE_LIMIT = 1.01


def _round_robin(analysis: Analysis, positions: Sequence[int]) -> list[int]:
    """``positions`` (in ``analysis.candidates``) with the k-th of every article before any
    (k+1)-th, articles in canonical order."""
    rank_in_article: dict[str, int] = {}
    keyed = []
    for k in positions:
        sentence = analysis.sentences[analysis.candidates[k]]
        rank = rank_in_article.get(sentence.article_id, 0)
        rank_in_article[sentence.article_id] = rank + 1
        keyed.append((rank, analysis.article_order[sentence.article_id], k))
    return [k for _, _, k in sorted(keyed)]


Strategy = Callable[[Analysis, int, SelectSettings, Focus | None], tuple[Sentence, ...]]

STRATEGIES: dict[str, Strategy] = {
    "learned": _select_learned,
    "support": _select_support,
    "lead": _select_lead,
}


def _select_any(analysis: Analysis, words: int) -> tuple[Sentence, ...]:
    """Whole lead sentences of any length, round-robin: for a story too short for the
    strategies' rules (a one-line article, "Hello world. This is fine.", has no sentence of
    ``min_words`` words), which would otherwise give an empty brief. Fragments (lines with
    no final stop: menus, captions) are still never copied."""
    whole = [
        k
        for k in range(len(analysis.candidates))
        if ends_like_sentence(analysis.sentences[analysis.candidates[k]].text)
    ]
    ranking = _round_robin(analysis, whole)
    chosen = fill_budget(analysis, ranking, words, redundancy=_NO_COSINE_LIMIT, min_words=1)
    return reading_order(analysis, chosen)


def select(
    analysis: Analysis, words: int, cfg: SelectSettings, focus: Focus | None = None
) -> tuple[Sentence, ...]:
    """The brief's sentences: at most ``words`` words in all, in reading order.

    When a generic brief finds no sentence it may copy (every one too short, or without
    enough content words), the whole lead sentences that fit are taken as they are: the
    brief of a title-only or one-line story is that line, not nothing. A focused brief is
    never padded so (an update with nothing new says so instead).

    Args:
        focus: what the reader has read or asks (``newsfuse.select.focus``); None: generic.
    """
    chosen = STRATEGIES[cfg.strategy](analysis, words, cfg, focus)
    if chosen or focus is not None:
        return chosen
    return _select_any(analysis, words)


__all__ = ["STRATEGIES", "select"]
