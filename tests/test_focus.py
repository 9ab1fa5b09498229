"""Update briefs (what is new since the reports read) and query-focused briefs, by hand-made
stories whose right answer is known."""

from __future__ import annotations

import json

import pytest

import newsfuse
from newsfuse import Article, InputError, Story
from newsfuse.render import brief_from_dict, brief_to_dict, render

MONDAY_REUTERS = Article(
    "mon-reuters",
    "Floods kill 12 in northern Italy\n\n"
    "Heavy rain caused severe flooding across the Emilia-Romagna region on Monday, officials "
    "said.\n"
    "The floods killed 12 people and forced 5,000 residents from their homes, the regional "
    "civil protection agency said.\n"
    "Rescue teams used helicopters to lift stranded families from rooftops in the town of "
    "Faenza.\n",
    outlet="Reuters",
    published="2023-05-15",
)
MONDAY_AP = Article(
    "mon-ap",
    "Deadly floods hit Emilia-Romagna\n\n"
    "Severe flooding struck the Emilia-Romagna region on Monday after days of heavy rain.\n"
    "Helicopters lifted stranded families from rooftops in Faenza as rivers burst their "
    "banks.\n",
    outlet="Associated Press",
    published="2023-05-15",
)
# Repeats two earlier facts (one with its figure) and adds one.
WEDNESDAY_REPEATS = Article(
    "wed-ap",
    "Italy floods: dams at risk\n\n"
    "Heavy rain caused severe flooding across the Emilia-Romagna region on Monday, officials "
    "said.\n"
    "The floods forced 5,000 residents from their homes, the regional civil protection agency "
    "said.\n"
    "Engineers warned that three dams upstream of Ravenna were close to overflowing and "
    "ordered new evacuations.\n",
    outlet="Associated Press",
    published="2023-05-17",
)
# Changes a figure the earlier report gave.
WEDNESDAY_TOLL = Article(
    "wed-reuters",
    "Italy flood toll rises\n\n"
    "The floods killed 30 people and forced 5,000 residents from their homes, the regional "
    "civil protection agency said.\n",
    outlet="Reuters",
    published="2023-05-17",
)
# Only what was said before.
WEDNESDAY_NOTHING = Article(
    "wed-ansa",
    "Floods in Italy\n\n"
    "Severe flooding struck the Emilia-Romagna region on Monday after days of heavy rain.\n"
    "Rescue teams used helicopters to lift stranded families from rooftops in the town of "
    "Faenza.\n",
    outlet="ANSA",
    published="2023-05-17",
)
READ = ["mon-reuters", "mon-ap"]


def _texts(brief: newsfuse.Brief) -> list[str]:
    return [s.text for s in brief.sentences]


def test_update_brief_chooses_only_the_new_fact():
    brief = newsfuse.summarize([MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_REPEATS], since=READ)
    assert _texts(brief) == [
        "Engineers warned that three dams upstream of Ravenna were close to overflowing and "
        "ordered new evacuations."
    ]
    # the repeated figure ("5,000 residents" again) is not chosen
    assert not any("5,000" in t for t in _texts(brief))
    assert brief.since == ("mon-ap", "mon-reuters")  # canonical order


def test_update_brief_takes_the_changed_figure_with_its_earlier_value():
    brief = newsfuse.summarize([MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL], since=READ)
    (sentence,) = brief.sentences
    assert "killed 30 people" in sentence.text
    assert [(m.article, m.text) for m in sentence.earlier] == [("mon-reuters", "12 people")]
    data = json.loads(render(brief, "json"))
    assert data["since"] == ["mon-ap", "mon-reuters"]
    assert data["sentences"][0]["earlier"][0]["text"] == "12 people"
    assert data["sentences"][0]["earlier"][0]["published"] == "2023-05-15"
    assert "was “12 people” (Reuters, 2023-05-15)" in render(brief, "markdown")


def test_update_brief_cites_every_new_report_carrying_it_and_no_earlier_one():
    copy = Article("wed-copy", WEDNESDAY_REPEATS.text, outlet="ANSA", published="2023-05-17")
    brief = newsfuse.summarize([MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_REPEATS, copy], since=READ)
    assert brief.sentences
    for sentence in brief.sentences:
        assert set(sentence.source_ids) == {"wed-ap", "wed-copy"}


def test_update_brief_with_nothing_new_says_so_in_one_line():
    brief = newsfuse.summarize([MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_NOTHING], since=READ)
    assert brief.sentences == ()
    assert (
        brief.notice == "Nothing new: the later report repeats what the reports read before said."
    )
    assert brief.notice in render(brief, "markdown")
    assert brief.notice in render(brief, "text")
    assert json.loads(render(brief, "json"))["notice"] == brief.notice


def test_update_brief_when_every_report_was_read():
    brief = newsfuse.summarize([MONDAY_REUTERS, MONDAY_AP], since=READ)
    assert brief.sentences == () and brief.notice is not None


def test_update_brief_refuses_an_unknown_article_id():
    with pytest.raises(InputError, match="not one of its articles"):
        newsfuse.summarize([MONDAY_REUTERS, WEDNESDAY_TOLL], since=["tuesday"])


def test_generic_brief_is_unchanged_by_empty_focus():
    articles = [MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_REPEATS]
    plain = render(newsfuse.summarize(articles), "json")
    assert render(newsfuse.summarize(articles, since=[], query=""), "json") == plain
    data = json.loads(plain)
    assert "since" not in data and "query" not in data and "earlier" not in data["sentences"][0]


# A story of two sub-topics: the quake's rescue and its cost to the economy.
_QUAKE = [
    (
        "Strong quake strikes central Chile\n\n"
        "A magnitude 7.8 earthquake struck central Chile on Tuesday, toppling buildings in "
        "the port city of Valparaiso.\n"
        "Rescuers pulled 40 survivors from collapsed apartment blocks overnight, firefighters "
        "said.\n"
        "Search dogs and volunteers combed the rubble of the old town for missing residents.\n"
        "The finance ministry estimated the damage to roads, ports and factories at 3 billion "
        "dollars.\n"
        "Copper exports were halted at the port, and the peso fell sharply against the dollar.\n"
    ),
    (
        "Chile quake: rescuers search rubble\n\n"
        "A magnitude 7.8 earthquake hit central Chile on Tuesday and toppled buildings in "
        "Valparaiso.\n"
        "Search dogs and volunteers combed the rubble of the old town for missing residents.\n"
        "Rescuers pulled 40 survivors from collapsed apartment blocks, firefighters said.\n"
        "Economists said halted copper exports and port closures would cut growth this year.\n"
        "The peso fell sharply against the dollar as copper exports were halted at the port.\n"
    ),
    (
        "Chile counts cost of earthquake\n\n"
        "The earthquake that struck central Chile on Tuesday toppled buildings in Valparaiso.\n"
        "Rescuers pulled 40 survivors from collapsed apartment blocks, firefighters said.\n"
        "The finance ministry estimated the damage to roads, ports and factories at 3 billion "
        "dollars.\n"
        "Economists said halted copper exports and port closures would cut growth this year.\n"
    ),
]


def test_query_brief_takes_the_sentences_of_the_matching_sub_topic():
    articles = [
        Article(f"q{n}", text, outlet=f"Outlet {n}", published="2024-03-05")
        for n, text in enumerate(_QUAKE, start=1)
    ]
    generic = newsfuse.summarize(articles, words=60)
    question = "What did the quake do to Chile's economy, its copper exports and the peso?"
    asked = newsfuse.summarize(articles, words=60, query=question)
    money = ("billion", "peso", "copper", "growth")

    def on_money(brief: newsfuse.Brief) -> int:
        return sum(any(w in s.text for w in money) for s in brief.sentences)

    # the economy's sentences make most of the brief (the rest sets the scene), the rescue's
    # none, where the generic brief tells the rescue
    assert on_money(asked) >= 3 and 2 * on_money(asked) > len(asked.sentences)
    assert on_money(asked) > on_money(generic)
    assert not any("Rescuers" in s.text or "Search dogs" in s.text for s in asked.sentences)
    assert any("Rescuers" in s.text for s in generic.sentences)
    assert all(len(s.source_ids) >= 2 for s in asked.sentences)  # still cited
    assert json.loads(render(asked, "json"))["query"] == question
    assert f"on “{question}”" in render(asked, "markdown")


def test_update_and_query_combine_on_a_story():
    story = Story(
        "floods",
        (MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_REPEATS, WEDNESDAY_TOLL),
        since=tuple(READ),
        query="How many people did the floods kill?",
    )
    brief = newsfuse.Pipeline().run(story, words=60)
    assert brief.since and brief.query
    assert "killed 30 people" in brief.sentences[0].text
    assert all(s.article_id.startswith("wed") for s in brief.sentences)


def test_brief_round_trips_through_json_with_focus():
    brief = newsfuse.summarize([MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL], since=READ)
    assert brief.sentences[0].earlier
    assert brief_from_dict(brief_to_dict(brief), brief.story) == brief
