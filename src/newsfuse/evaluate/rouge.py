"""ROUGE-1, ROUGE-2 and ROUGE-L with n-gram counts pooled over several references.

One scorer for every system, in the manner of ROUGE-1.5.5: text is tokenised by rouge-score's
tokenizer (lower case, alphanumeric tokens, Porter stemming of words longer than three
letters), every summary is cut at the same word budget first, and with several references the
clipped hits and the reference n-gram counts are summed over all references before recall,
precision and F1 are taken (ROUGE-1.5.5's default averaging):

    recall    = sum(hits) / sum(reference n-grams)
    precision = sum(hits) / (number of references * summary n-grams)

ROUGE-L is the summary-level longest common subsequence of the token sequences, pooled the
same way; its length is computed bit-parallel (Hyyrö 2004), so long summaries cost little.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsfuse.errors import MissingExtraError

METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, hits: float, summary_total: float, reference_total: float) -> Score:
        precision = hits / summary_total if summary_total else 0.0
        recall = hits / reference_total if reference_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    try:
        from rouge_score.tokenizers import DefaultTokenizer
    except ImportError:
        raise MissingExtraError("eval", "ROUGE scoring") from None
    return DefaultTokenizer(use_stemmer=True)


def tokenize(text: str) -> list[str]:
    """rouge-score's tokens of ``text`` (lower-cased, stemmed)."""
    return list(_tokenizer().tokenize(text))


def truncate(text: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:words])


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def pooled_ngram_score(
    summary: Counter[tuple[str, ...]], references: Sequence[Counter[tuple[str, ...]]]
) -> Score:
    """Clipped hits and reference n-gram counts summed over all references (ROUGE-1.5.5)."""
    hits = sum(sum((summary & reference).values()) for reference in references)
    reference_total = sum(sum(reference.values()) for reference in references)
    return Score.from_counts(hits, sum(summary.values()) * len(references), reference_total)


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences (bit-parallel)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for position, token in enumerate(b):
        masks[token] = masks.get(token, 0) | (1 << position)
    full = (1 << len(b)) - 1
    row = full
    for token in a:
        match = masks.get(token, 0)
        common = row & match
        row = ((row + common) | (row - common)) & full
    return len(b) - bin(row).count("1")


def score(summary: str, references: Sequence[str]) -> dict[str, Score]:
    """ROUGE-1/2/L of ``summary`` against ``references``, counts pooled over references."""
    summary_tokens = tokenize(summary)
    reference_tokens = [tokenize(r) for r in references]
    out: dict[str, Score] = {}
    for n, name in ((1, "rouge1"), (2, "rouge2")):
        out[name] = pooled_ngram_score(
            ngrams(summary_tokens, n), [ngrams(tokens, n) for tokens in reference_tokens]
        )
    lcs = sum(lcs_length(summary_tokens, tokens) for tokens in reference_tokens)
    out["rougeL"] = Score.from_counts(
        lcs, len(summary_tokens) * len(references), sum(map(len, reference_tokens))
    )
    return out
