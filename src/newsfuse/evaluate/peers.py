"""Systems to compare: newsfuse, the peers it must beat, and an oracle to show the ceiling.

Every system maps (story, word budget) to a summary text; the harness cuts every summary at
the same budget before scoring. Peers see what a peer would: the raw article texts, split on
newlines and then into sentences by syntok (as in the reference figures of issue 3).

- ``lead``: the first sentence of each article, then the second of each, ... (round-robin).
- ``lexrank``, ``textrank``, ``lsa``, ``luhn``, ``sumbasic``: sumy 0.13 with its English
  stemmer and stop words, through an offline tokenizer (sumy's own needs NLTK data); each
  ranks sentences and its best ones are taken until the budget is full, then put back in
  document order (sumy's own behaviour).
- ``oracle``: greedy extractive upper bound: repeatedly adds the sentence that most raises
  mean ROUGE-1/ROUGE-2 F1 against the references; uses the references, so it is a ceiling,
  not a system.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from newsfuse.errors import MissingExtraError
from newsfuse.evaluate import rouge
from newsfuse.models import Story
from newsfuse.pipeline import Pipeline
from newsfuse.settings import Settings

System = Callable[[Story, int, Sequence[str]], str]  # story, words, references -> summary

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    try:
        import syntok.segmenter as segmenter
    except ImportError:
        raise MissingExtraError("eval", "the peer systems") from None
    sentences = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for paragraph in segmenter.process(line):
            for sentence in paragraph:
                joined = "".join(token.spacing + token.value for token in sentence).strip()
                if joined:
                    sentences.append(joined)
    return tuple(sentences)


def article_sentences(story: Story) -> list[list[str]]:
    """Each article's raw text as syntok sentences."""
    return [list(_split(a.raw_text if a.raw_text is not None else a.text)) for a in story.articles]


def _fill(sentences: Sequence[str], words: int) -> str:
    chosen, total = [], 0
    for sentence in sentences:
        if total >= words:
            break
        chosen.append(sentence)
        total += len(sentence.split())
    return " ".join(chosen)


def lead(story: Story, words: int, references: Sequence[str] = ()) -> str:
    per_article = article_sentences(story)
    order = [
        s
        for k in range(max(map(len, per_article), default=0))
        for a in per_article
        if k < len(a)
        for s in [a[k]]
    ]
    return _fill(order, words)


class _OfflineTokenizer:
    """What sumy needs of a tokenizer, without NLTK data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def _sumy(name: str) -> System:
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.luhn import LuhnSummarizer
        from sumy.summarizers.sum_basic import SumBasicSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError:
        raise MissingExtraError("eval", "the sumy peers") from None
    classes: dict[str, Any] = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "sumbasic": SumBasicSummarizer,
    }
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _OfflineTokenizer()

    def run(story: Story, words: int, references: Sequence[str] = ()) -> str:
        paragraphs = [
            Paragraph([Sentence(s, tokenizer) for s in sentences])
            for sentences in article_sentences(story)
            if sentences
        ]
        document = ObjectDocumentModel(paragraphs)

        def fill_budget(ranked: list[Any]) -> list[Any]:
            taken, total = [], 0
            for info in ranked:
                if total >= words:
                    break
                taken.append(info)
                total += len(str(info.sentence).split())
            return taken

        return " ".join(str(s) for s in summarizer(document, fill_budget))

    return run


def oracle(story: Story, words: int, references: Sequence[str]) -> str:
    sentences = [s for article in article_sentences(story) for s in article]
    reference_grams = {
        n: [rouge.ngrams(rouge.tokenize(r), n) for r in references] for n in (1, 2)
    }  # once, not for every candidate
    tokens = [rouge.tokenize(s) for s in sentences]
    chosen: list[int] = []
    best = 0.0
    while True:
        length = sum(len(sentences[i].split()) for i in chosen)
        if length >= words:
            break
        candidate, candidate_score = None, best
        for i in range(len(sentences)):
            if i in chosen:
                continue
            summary = [t for j in [*chosen, i] for t in tokens[j]]
            value = _mean_f(summary, reference_grams)
            if value > candidate_score:
                candidate, candidate_score = i, value
        if candidate is None:
            break
        chosen.append(candidate)
        best = candidate_score
    return " ".join(sentences[i] for i in sorted(chosen))


def _mean_f(
    summary: Sequence[str], reference_grams: dict[int, list[Counter[tuple[str, ...]]]]
) -> float:
    """Mean of ROUGE-1 and ROUGE-2 F1, references given as their n-gram counts."""
    return sum(
        rouge.pooled_ngram_score(rouge.ngrams(summary, n), grams).f1
        for n, grams in reference_grams.items()
    ) / len(reference_grams)


def newsfuse_system(settings: Settings | None = None) -> System:
    """newsfuse as scored: the brief only (the facts across outlets are not summary text,
    so the compare stage is left out of the run and its time)."""
    settings = settings or Settings()
    pipeline = Pipeline(settings.replace(compare=replace(settings.compare, enabled=False)))

    def run(story: Story, words: int, references: Sequence[str] = ()) -> str:
        return pipeline.run(story, words=words).text

    return run


PEERS = ("lead", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "oracle")


def make_system(name: str, settings: Settings | None = None) -> System:
    """A system by name: ``newsfuse`` or one of :data:`PEERS`."""
    if name == "newsfuse":
        return newsfuse_system(settings)
    if name == "lead":
        return lead
    if name == "oracle":
        return oracle
    if name in PEERS:
        return _sumy(name)
    raise ValueError(name)
