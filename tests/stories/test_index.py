"""StoryIndex and cluster(): joins, time, copies, junk, persistence, input order, stable ids."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from piles import EXPECTED, QUAKE_2009, partition, pile_articles

from newsfuse.errors import InputError
from newsfuse.load.text import make_article
from newsfuse.stories import StoryIndex, cluster
from newsfuse.stories.signals import article_day, text_day


def test_cluster_one_story_per_event(pile) -> None:
    stories = cluster([a for _, a in pile])
    assert partition([tuple(a.id for a in s.articles) for s in stories]) == EXPECTED


def test_cluster_same_kind_of_event_years_apart_is_two_stories(pile) -> None:
    stories = cluster([a for event, a in pile if event.startswith("quake")])
    groups = partition([tuple(a.id for a in s.articles) for s in stories])
    assert groups == {
        frozenset({"quake-2009-1", "quake-2009-2"}),
        frozenset({"quake-2016-1", "quake-2016-2"}),
    }


def test_cluster_text_alone_reads_dates_in_the_text() -> None:
    articles = [a for _, a in pile_articles(dated=False)]
    assert all(a.published is None for a in articles)
    stories = cluster(articles)
    assert partition([tuple(a.id for a in s.articles) for s in stories]) == EXPECTED


def test_text_day_reads_datelines_and_long_dates() -> None:
    assert text_day("Wednesday, July 28, 2004 — The mayor said") == text_day("2004/07/28 x")
    assert text_day("LONDON, 28 July 2004 (Reuters) - The mayor") == text_day("2004-07-28")
    assert text_day("The mayor said nothing of note.") is None
    article = make_article(QUAKE_2009[0], article_id="q", published="2009-04-07")
    assert article_day(article) == text_day("2009-04-07")  # `published` wins over the text


def test_index_add_returns_the_story_id_and_every_article_is_in_one_story(pile) -> None:
    index = StoryIndex()
    ids = [index.add(a) for _, a in pile]
    groups = index.stories()
    assert sorted(a for g in groups for a in g.article_ids) == sorted(a.id for _, a in pile)
    assert {g.id for g in groups} == set(ids)
    for (_, article), story_id in zip(pile, ids, strict=True):
        assert index.story_of(article.id) == story_id


def test_index_add_rejects_a_duplicate_id_naming_it(pile) -> None:
    index = StoryIndex()
    index.add(pile[0][1])
    with pytest.raises(InputError, match="quake-2009-1"):
        index.add(pile[0][1])


def test_index_save_load_continues_like_the_original(pile, tmp_path: Path) -> None:
    first, rest = [a for _, a in pile[:4]], [a for _, a in pile[4:]]
    straight = StoryIndex()
    straight.extend(first)
    saved = StoryIndex()
    saved.extend(first)
    saved.save(tmp_path / "index.json.gz")
    loaded = StoryIndex.load(tmp_path / "index.json.gz")
    assert loaded.stories() == saved.stories()
    assert straight.extend(rest) == loaded.extend(rest)
    assert loaded.stories() == straight.stories()


def test_index_load_rejects_a_file_that_is_not_an_index(tmp_path: Path) -> None:
    path = tmp_path / "x.json.gz"
    path.write_text("hello")
    with pytest.raises(InputError, match="not a story index"):
        StoryIndex.load(path)


def test_index_input_order_keeps_the_partition(pile) -> None:
    expected = None
    for seed in range(5):
        shuffled = [a for _, a in pile]
        random.Random(seed).shuffle(shuffled)
        index = StoryIndex()
        index.extend(shuffled)
        found = partition([g.article_ids for g in index.stories()])
        expected = expected or found
        assert found == expected == EXPECTED


def test_cluster_keeps_story_ids_when_the_pile_grows(pile) -> None:
    before = {s.id: {a.id for a in s.articles} for s in cluster([a for _, a in pile[:6]])}
    after = {s.id: {a.id for a in s.articles} for s in cluster([a for _, a in pile])}
    for story_id, members in before.items():
        assert members <= after[story_id]


def test_index_groups_wire_copies_as_copies_of_one_report() -> None:
    original = QUAKE_2009[0]
    copies = [
        original,  # the same text on another site
        original.replace("ROME —", "ROME (AP) —"),
        original.rsplit(" Guido", 1)[0],  # a version with its last sentences cut
    ]
    index = StoryIndex()
    ids = [
        index.add(make_article(t, article_id=f"c{n}")) for n, t in enumerate([original, *copies])
    ]
    assert len(set(ids)) == 1
    (group,) = index.stories()
    assert group.copies == (("c0", "c1", "c2", "c3"),)


def test_index_junk_never_glues_two_stories() -> None:
    notice = (
        "Earthquake in L'Aquila; Toyota recalls cars over pedals. Subscribe to continue "
        "reading. Already a subscriber? Log in."
    )
    index = StoryIndex()

    def add_junk(text: str, article_id: str) -> str | None:
        # The cleaner may drop a wall page whole (then the index refuses it, as for any
        # article with no text left); else it is a junk story of its own.
        try:
            return index.add(make_article(text, article_id=article_id))
        except InputError:
            return None

    quake = index.add(make_article(QUAKE_2009[0], article_id="quake"))
    junk = add_junk(notice, "junk")
    recall = index.add(make_article(pile_articles()[4][1].text, article_id="recall"))
    again = add_junk(notice + " Please try again.", "junk-2")
    assert quake != recall
    groups = {g.id: g for g in index.stories()}
    assert not groups[quake].junk and not groups[recall].junk
    assert groups[quake].article_ids == ("quake",)
    assert groups[recall].article_ids == ("recall",)
    for story_id in (junk, again):
        if story_id is not None:
            assert groups[story_id].junk and story_id not in (quake, recall)


def test_index_rejects_an_article_without_text_left_after_cleaning() -> None:
    notice = (
        "These crawls are part of an effort to archive pages as they are created and archive "
        "the pages that they refer to."
    )
    with pytest.raises(InputError, match="no text left after cleaning"):
        StoryIndex().add(make_article(notice, article_id="x"))


def test_index_reads_only_the_opening_of_a_huge_article() -> None:
    text = QUAKE_2009[0] + "\n\n" + ("More words follow in this paragraph. " * 140_000)
    assert len(text) > 5_000_000
    index = StoryIndex()
    first = index.add(make_article(text, article_id="huge"))
    assert index.add(make_article(text, article_id="huge-copy")) == first
    assert index.stories()[0].copies == (("huge", "huge-copy"),)
