"""Attribution on the bundled example: shared information cites both outlets."""

import pytest

from newsfuse.analyse import analyse
from newsfuse.attribute import attribute
from newsfuse.clean import clean
from newsfuse.models import MatchKind, Story
from newsfuse.pipeline import canonical_order
from newsfuse.segment import segment
from newsfuse.settings import Settings

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
    (cited,) = attribute([sentence], nato_analysis)
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
    (cited,) = attribute([sentence], nato_analysis)
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
    (cited,) = attribute(chosen, analysis)
    assert [(c.article_id, c.match) for c in cited.citations] == [
        ("a", MatchKind.SELF),
        ("b", MatchKind.EXACT),
    ]
    assert cited.citations[1].sentence_index == 1
