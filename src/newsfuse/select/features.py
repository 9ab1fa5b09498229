"""Sentence features for the learned scorer: Analysis -> one row of numbers per candidate.

Each feature holds for news in general, not for one dataset: where the sentence stands in its
article (news is written lead first), how long it is, how central it is to the story, how
many *other* outlets carry its information, and whether its article is on the story at all
(scraped pages bring along tweets, archive notices and unrelated teasers, whose sentences
nobody else supports).
"""

from __future__ import annotations

import re

import numpy as np

from newsfuse.analyse import Analysis

FEATURES = (
    "bias",
    "lead",  # 1 / (1 + rank among the article's eligible sentences)
    "first",  # the article's first eligible sentence
    "relative_position",  # rank / eligible sentences in the article
    "log_words",
    "log_words_squared",
    "centrality",
    "support",
    "carried_by",  # share of other article groups that carry it
    "lead_similarity",  # best cosine to the first two eligible sentences of other articles
    "article_support",  # mean support of the article's eligible sentences
    "article_log_words",
    "article_eligible_share",  # eligible sentences / sentences in the article
    "quote",
    "digits",
    "term_frequency",  # mean story frequency of its terms (SumBasic)
    "term_spread",  # mean share of outlets using its terms
)
_DIGIT = re.compile(r"\d")


def features(analysis: Analysis, eligible: np.ndarray) -> np.ndarray:
    """A (candidates x len(FEATURES)) matrix; rows of ineligible candidates are computed too
    but mean nothing."""
    n = len(analysis.candidates)
    out = np.zeros((n, len(FEATURES)))
    if n == 0:
        return out
    sentences = [analysis.sentences[i] for i in analysis.candidates]
    articles = [s.article_id for s in sentences]
    rank = np.zeros(n)
    eligible_in_article: dict[str, int] = {}
    total_in_article: dict[str, int] = {}
    for k, article in enumerate(articles):
        total_in_article[article] = total_in_article.get(article, 0) + 1
        if eligible[k]:
            rank[k] = eligible_in_article.get(article, 0)
            eligible_in_article[article] = int(rank[k]) + 1
    n_eligible = np.array([eligible_in_article.get(a, 0) for a in articles], dtype=float)
    n_total = np.array([total_in_article[a] for a in articles], dtype=float)
    words = analysis.n_words[analysis.candidates].astype(float)

    groups = analysis.sentence_group[analysis.candidates]
    group_ids = sorted(set(analysis.copy_group.values()))
    n_groups = len(group_ids)
    carried_by = np.zeros(n)
    if n_groups > 1:
        ids = np.array(group_ids)[np.newaxis, :]
        one_hot = (analysis.sentence_group[:, np.newaxis] == ids).astype(float)
        carried_in = (analysis.carry > 0).astype(float) @ one_hot > 0  # candidates x groups
        own = groups[:, np.newaxis] == ids
        carried_by = (carried_in & ~own).sum(axis=1) / (n_groups - 1)

    leads = eligible & (rank < 2)
    lead_similarity = np.zeros(n)
    if leads.any():
        to_leads = np.where(
            groups[:, np.newaxis] != groups[np.newaxis, leads], analysis.similarity[:, leads], 0.0
        )
        lead_similarity = to_leads.max(axis=1)

    article_index = {a: m for m, a in enumerate(dict.fromkeys(articles))}
    of_article = np.array([article_index[a] for a in articles])
    support_sum = np.bincount(of_article, weights=np.where(eligible, analysis.support, 0.0))
    eligible_count = np.bincount(of_article, weights=eligible.astype(float))
    article_support = (support_sum / np.maximum(eligible_count, 1.0))[of_article]
    article_words = dict(
        zip(
            analysis.article_order,
            np.bincount(
                [analysis.article_order[s.article_id] for s in analysis.sentences],
                weights=analysis.n_words,
                minlength=len(analysis.article_order),
            ),
            strict=True,
        )
    )

    out[:, 0] = 1.0
    out[:, 1] = np.where(eligible, 1.0 / (1.0 + rank), 0.0)
    out[:, 2] = eligible & (rank == 0)
    out[:, 3] = rank / np.maximum(n_eligible, 1.0)
    out[:, 4] = np.log1p(words)
    out[:, 5] = np.log1p(words) ** 2
    out[:, 6] = analysis.centrality
    out[:, 7] = analysis.support
    out[:, 8] = carried_by
    out[:, 9] = lead_similarity
    out[:, 10] = article_support
    out[:, 11] = np.log1p([article_words.get(a, 0) for a in articles])
    out[:, 12] = n_eligible / np.maximum(n_total, 1.0)
    out[:, 13] = [('"' in s.text or "“" in s.text or "”" in s.text) for s in sentences]
    out[:, 14] = [bool(_DIGIT.search(s.text)) for s in sentences]
    out[:, 15] = analysis.term_frequency
    out[:, 16] = analysis.term_spread
    return out
