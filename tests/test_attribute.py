"""Attribution on the bundled example: shared information cites both outlets."""

import numpy as np
import pytest

from newsfuse.analyse import analyse
from newsfuse.attribute import attribute
from newsfuse.clean import clean
from newsfuse.models import MatchKind, Story
from newsfuse.pipeline import canonical_order
from newsfuse.segment import segment
from newsfuse.settings import AttributeSettings, Settings

S = Settings()


@pytest.fixture(scope="module")
def nato_analysis(nato_story):
    articles = canonical_order(clean(a, S.clean) for a in nato_story.articles)
    story = Story(nato_story.id, articles)
    sentences = tuple(s for a in articles for s in segment(a, S.segment))
    return analyse(story, sentences, S.analyse)


def _find(analysis, article_id, fragment):
    matches = [s for s in analysis.sentences if s.article_id == article_id and fragment in s.text]
    assert len(matches) == 1, (fragment, matches)
    return matches[0]


@pytest.mark.parametrize(
    ("article_id", "fragment"),
    [
        ("cbsnews", "just days after the U.N. Security Council"),  # end after the UN vote
        ("aljazeera", "comes a day after the 15-nation United Nations Security Council"),
        ("aljazeera", "We have fully complied with the historic mandate"),
        ("cbsnews", "We have fully complied with the historic mandate"),  # the trimmed quote
        ("aljazeera", "one of the most successful in NATO history"),
        ("cbsnews", "one of the most successful in NATO history"),
    ],
)
def test_attribute_shared_information_cites_both_outlets(nato_analysis, article_id, fragment):
    sentence = _find(nato_analysis, article_id, fragment)
    (cited,) = attribute([sentence], nato_analysis, S.attribute)
    assert set(cited.source_ids) == {"aljazeera", "cbsnews"}
    own = [c for c in cited.citations if c.article_id == article_id]
    assert own[0].match is MatchKind.SELF


@pytest.mark.parametrize(
    ("article_id", "fragment"),
    [
        ("aljazeera", "al-Senussi, who fled Libya"),  # only Al Jazeera
        ("aljazeera", "Qatar's top general"),
        ("cbsnews", "only eight of the 28 member states"),  # only CBS
        ("cbsnews", "Rasmussen has arrived in Tripoli"),
    ],
)
def test_attribute_single_source_information_cites_one_outlet(nato_analysis, article_id, fragment):
    sentence = _find(nato_analysis, article_id, fragment)
    (cited,) = attribute([sentence], nato_analysis, S.attribute)
    assert cited.source_ids == (article_id,)


def test_attribute_exact_copy_is_exact_match():
    from newsfuse.load import make_article

    text = "The council approved the new budget on Tuesday after a long debate in the chamber."
    articles = (
        make_article(text + " It passed easily.", article_id="a", outlet="A"),
        make_article("Other words first here. " + text, article_id="b", outlet="B"),
    )
    story = Story("s", articles)
    sentences = tuple(s for a in articles for s in segment(a, S.segment))
    analysis = analyse(story, sentences, S.analyse)
    chosen = [s for s in sentences if s.article_id == "a" and s.text == text]
    (cited,) = attribute(chosen, analysis, S.attribute)
    assert [(c.article_id, c.match) for c in cited.citations] == [
        ("a", MatchKind.SELF),
        ("b", MatchKind.EXACT),
    ]
    assert cited.citations[1].sentence_index == 1


def _three_reports(*texts):
    from newsfuse.load import make_article

    articles = tuple(
        make_article(text, article_id=name, outlet=name.upper())
        for name, text in zip("abc", texts, strict=True)
    )
    sentences = tuple(s for a in articles for s in segment(a, S.segment))
    return analyse(Story("s", articles), sentences, S.analyse), sentences


def _encoder(meanings):
    """A stand-in for MiniLM: texts holding words of one meaning (``meanings``: word ->
    meaning number) point the same way, cosine 1; any other text its own way, cosine 0."""

    def encode(texts):
        vectors = np.zeros((len(texts), 10 + len(texts)))
        for n, text in enumerate(texts):
            meaning = next((m for word, m in meanings.items() if word in text), 10 + n)
            vectors[n, meaning] = 1.0
        return vectors

    return encode


SEMANTIC = AttributeSettings(matcher="semantic")


def test_semantic_matcher_cites_an_outlet_telling_it_in_other_words():
    analysis, sentences = _three_reports(
        "The council approved the city budget on Tuesday after a long debate.",
        "The council gave its blessing to the spending plan on Tuesday after hours of argument.",
        "A parade went through the old town. The mayor's dog won a prize at the show.",
    )
    chosen = [sentences[0]]
    (lexical,) = attribute(chosen, analysis, S.attribute)
    assert lexical.source_ids == ("a",)  # no shared terms: one source, lexically
    encode = _encoder({"city budget": 1, "spending plan": 1})
    (cited,) = attribute(chosen, analysis, SEMANTIC, encode=encode)
    assert [(c.article_id, c.match, c.sentence_index) for c in cited.citations] == [
        ("a", MatchKind.SELF, 0),
        ("b", MatchKind.SIMILAR, 0),
    ]
    assert cited.citations[1].score == 1.0
    # not close enough in meaning: no citation
    (apart,) = attribute(chosen, analysis, SEMANTIC, encode=_encoder({}))
    assert apart.source_ids == ("a",)


def test_semantic_matcher_never_joins_different_figures_and_lets_shared_terms_decide():
    analysis, sentences = _three_reports(
        "Twelve people died when 12 houses collapsed in the flood on Monday evening.",
        "The flood destroyed 15 houses on Monday evening, and twelve people died.",
        "Twelve people died when 12 houses collapsed in the flood on Monday evening.",
    )
    encode = _encoder({"flood": 1})
    (cited,) = attribute([sentences[0]], analysis, SEMANTIC, encode=encode)
    # b gives another count of houses: two facts, however alike; c is a copy (shared terms)
    assert [(c.article_id, c.match) for c in cited.citations] == [
        ("a", MatchKind.SELF),
        ("c", MatchKind.EXACT),
    ]


def test_lexical_matcher_never_loads_an_encoder(nato_analysis):
    def refuse(texts):
        raise AssertionError("the lexical matcher embedded sentences")

    sentence = _find(nato_analysis, "cbsnews", "one of the most successful in NATO history")
    (cited,) = attribute([sentence], nato_analysis, S.attribute, encode=refuse)
    assert set(cited.source_ids) == {"aljazeera", "cbsnews"}
