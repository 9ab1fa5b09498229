"""The word-bigram concepts of update and query-focused briefs (``select.focus``)."""

from __future__ import annotations

import pytest

from newsfuse import Article, Story
from newsfuse.analyse import Analysis, analyse
from newsfuse.segment import segment
from newsfuse.select.focus import EARLIER_CONCEPT_WEIGHT, bigram_concepts, word_bigrams
from newsfuse.settings import Settings
from newsfuse.textnorm import term


def test_word_bigrams_keep_stop_words_but_not_pairs_of_them() -> None:
    found = word_bigrams("The minister was killed in the attack.")
    assert ("was", term("killed")) in found
    assert ("the", term("attack")) in found
    assert ("in", "the") not in found


def _analysis(story: Story) -> Analysis:
    settings = Settings()
    sentences = tuple(s for a in story.articles for s in segment(a, settings.segment))
    return analyse(story, sentences, settings.analyse)


READ = (
    Article("r1", "Rescuers searched the collapsed mine near Soma for survivors on Monday."),
    Article("r2", "Rescue teams searched the collapsed mine near Soma on Monday night."),
)
NEW = (
    Article("n1", "The collapsed mine near Soma flooded again as pumps failed on Tuesday."),
    Article("n2", "Pumps failed at the collapsed mine near Soma and water filled two shafts."),
    Article("n3", "Unions called a general strike across Turkey over the disaster."),
)


def test_bigram_concepts_weigh_new_reports_and_discount_what_was_read() -> None:
    story = Story("mine", (*READ, *NEW), since=("r1", "r2"))
    found = bigram_concepts(_analysis(story), frozenset(story.since))
    weight = dict(zip(found.bigrams, found.weight.tolist(), strict=True))
    # two of the three new reports use each of these; the read reports used the first
    assert weight[(term("collapsed"), term("mine"))] == pytest.approx(
        EARLIER_CONCEPT_WEIGHT * 2 / 3
    )
    assert weight[(term("pumps"), term("failed"))] == pytest.approx(2 / 3)
    assert weight[(term("flooded"), "again")] == 0.0  # one report only
    assert weight[(term("searched"), "the")] == 0.0  # only the read reports


def test_bigram_concepts_mark_each_candidates_bigrams() -> None:
    story = Story("mine", NEW)
    analysis = _analysis(story)
    found = bigram_concepts(analysis)
    for k, row in enumerate(analysis.candidates.tolist()):
        columns = found.concepts[k].indices.tolist()
        assert {found.bigrams[c] for c in columns} == word_bigrams(analysis.sentences[row].text)
