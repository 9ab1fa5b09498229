"""Figures compared across outlets: the bundled example and hand-made stories."""

import pytest

import newsfuse
from newsfuse.clean import clean
from newsfuse.facts import compare, quantities
from newsfuse.models import Article, FactLabel
from newsfuse.render import brief_to_dict, render
from newsfuse.settings import CleanSettings


def _facts(*texts, dates=None):
    dates = dates or [None] * len(texts)
    articles = [
        Article(id=f"a{n}", text=t, outlet=f"Outlet {n}", published=d)
        for n, (t, d) in enumerate(zip(texts, dates, strict=True))
    ]
    return {f.value: f for f in compare(articles)}


def _no_figure_across_outlets(facts):
    return all(f.label is FactLabel.SINGLE_SOURCE for f in facts.values() if f.kind == "number")


def test_compare_nato_example(nato_story):
    facts = {f.value: f for f in compare([clean(a, CleanSettings()) for a in nato_story.articles])}
    assert facts["sorti"].label is FactLabel.NOT_COMPARABLE  # all sorties vs strike sorties
    assert [m.text for m in facts["sorti"].mentions] == [
        "more than 26,000 sorties",
        "9,600 strike sorties",
    ]
    assert facts["target"].label is FactLabel.AGREED  # "almost 6,000" fits "about 5,900"
    assert not any(f.label in (FactLabel.DIFFERS, FactLabel.UPDATED) for f in facts.values())


def test_compare_mentions_point_into_cleaned_text(nato_story):
    cleaned = {a.id: clean(a, CleanSettings()) for a in nato_story.articles}
    for fact in compare(list(cleaned.values())):
        for mention in fact.mentions:
            assert cleaned[mention.article].text[mention.start : mention.end] == mention.text


def test_compare_planted_contradiction_and_update():
    facts = _facts(
        "The storm killed 12 people on the island.", "The storm killed 30 people on the island."
    )
    assert facts["peopl"].label is FactLabel.DIFFERS
    updated = _facts(
        "Officials said 12 people died.",
        "Officials said 30 people died.",
        dates=["2020-01-01", "2020-01-03"],
    )
    assert updated["peopl"].label is FactLabel.UPDATED


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # two tolls: the dead and the injured
            "The blast at the embassy killed more than 200 people, officials said.",
            "The blast at the embassy injured 5,000 people, officials said.",
        ),
        (  # an open bound far from a figure: all a hall may hold, and the crowd inside it
            "The hall was not supposed to hold more than 150 people when the fire broke out.",
            "The dead were among an estimated 400 people at the dance when the fire broke out.",
        ),
    ],
)
def test_two_measures_are_not_one_fact(a, b):
    assert _no_figure_across_outlets(_facts(a, b))


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        (
            "Officials said more than 1,000 homes were destroyed by the storm.",
            "The storm destroyed 1,200 homes, officials said.",
            FactLabel.AGREED,
        ),
        (
            "Fewer than 50 soldiers guard the northern border post, the army said.",
            "About 45 soldiers guard the northern border post, according to the army.",
            FactLabel.AGREED,
        ),
        (
            "The airline cancelled nearly 100 flights at the main airport on Sunday.",
            "The airline cancelled 200 flights at the main airport on Sunday.",
            FactLabel.DIFFERS,
        ),
        (
            "The ministry said 3 million doses of the vaccine arrived.",
            "3,000,000 doses of the vaccine arrived, the ministry said.",
            FactLabel.AGREED,
        ),
    ],
)
def test_compare_hedges(a, b, label):
    facts = {k: f for k, f in _facts(a, b).items() if f.kind == "number"}
    assert len(facts) == 1 and next(iter(facts.values())).label is label


def test_quantities_leave_out_years_times_percentages_and_money():
    article = Article(
        id="a", text="In 2011, at 6 p.m., prices rose 5% to $20 while 40 soldiers waited."
    )
    assert [q.mention.text for q in quantities(article)] == ["40 soldiers"]


def test_compare_single_source_and_outputs(nato_story):
    brief = newsfuse.Pipeline().run(nato_story, words=60)
    data = brief_to_dict(brief)
    labels = {f["value"]: f["label"] for f in data["facts"]}
    assert labels["sorti"] == "not comparable" and labels["target"] == "agreed"
    assert all({"kind", "label", "value", "mentions"} <= set(f) for f in data["facts"])
    markdown = render(brief, "markdown")
    assert "## Across the outlets" in markdown
    assert "**Counted differently (not a contradiction)**" in markdown
    assert "**Only in" in markdown


def test_example_acceptance_quotes_and_single_source_items(nato_story):
    brief = newsfuse.Pipeline().run(nato_story, words=120)
    outlet = {a.id: a.outlet for a in brief.story.articles}
    quotes = [f for f in brief.facts if f.kind == "quote" and f.label is FactLabel.AGREED]
    rasmussen = next(f for f in quotes if "fully complied with the historic mandate" in f.value)
    assert {outlet[m.article] for m in rasmussen.mentions} == {"Al Jazeera", "CBS News"}
    assert rasmussen.speaker and rasmussen.speaker.endswith("Rasmussen")
    # the trimmed "(The operation) is one of the most successful..." is the same quote
    assert any("most successful in NATO history" in f.value for f in quotes)

    only = {}
    for fact in brief.facts:
        if fact.label is FactLabel.SINGLE_SOURCE:
            only.setdefault(outlet[fact.mentions[0].article], set()).add(fact.value)
    for name in ("Mustafa Abdel Jalil", "Abdullah al-Senussi", "Mali", "Qatar"):
        assert name in only["Al Jazeera"]
    assert "22:00Z" in only["CBS News"]  # midnight Monday Libyan time (2200 GMT, 6 p.m. EDT)
    markdown = render(brief, "markdown")
    section = markdown.split("**Only in CBS News**")[1]
    assert "2200 GMT / 6 p.m. EDT (22:00Z)" in section
    assert "“eight of the 28 member states”" in section  # only eight of 28 took part
    months = [f for f in brief.facts if f.value == "month" and f.label is FactLabel.AGREED]
    assert any({m.text for m in f.mentions} >= {"seven-month", "7-month"} for f in months)
    assert "Mali" in markdown.split("**Only in Al Jazeera**")[1].split("**Only in CBS News**")[0]
    assert not any(f.label in (FactLabel.DIFFERS, FactLabel.UPDATED) for f in brief.facts)


def test_planted_story_across_kinds():
    first = (
        "GENEVA - Talks on the water treaty will resume on Monday, the mediator said.\n\n"
        '"We are closer than ever to an agreement that both sides can sign," '
        "said mediator Anna Berg.\n\n"
        "Officials said 14 delegations attended the talks in Geneva on Friday."
    )
    second = (
        "Negotiators said talks on the water treaty would resume on Monday in Geneva.\n\n"
        'Anna Berg told reporters: "We are closer than ever to an agreement."\n\n'
        "Officials said 11 delegations attended the talks in Geneva on Friday."
    )
    articles = [
        Article(id="a", text=first, outlet="Wire A", published="2024-03-08"),
        Article(id="b", text=second, outlet="Daily B", published="2024-03-08"),
    ]
    facts = compare(articles)
    by_kind = {}
    for fact in facts:
        by_kind.setdefault((fact.kind, fact.label), []).append(fact)
    (quote,) = by_kind[("quote", FactLabel.AGREED)]
    assert quote.speaker == "Anna Berg" and {m.article for m in quote.mentions} == {"a", "b"}
    dates = {f.value for f in by_kind[("date", FactLabel.AGREED)]}
    assert "2024-03-11" in dates  # the Monday after Friday 8 March: "will resume"
    assert "2024-03-08" in dates  # "on Friday", in the past
    names = {f.value for f in by_kind[("name", FactLabel.AGREED)]}
    assert {"Anna Berg", "Geneva"} <= names
    # 14 and 11 delegations attended: one measure, two figures, same day, two outlets
    assert [f.value for f in by_kind[("number", FactLabel.DIFFERS)]] == ["deleg"]


def _number_facts(*texts):
    articles = [Article(id=f"a{n}", text=t, outlet=f"Outlet {n}") for n, t in enumerate(texts)]
    return [f for f in compare(articles) if f.kind == "number"]


def test_a_figure_both_sentences_share_anchors_a_differing_count():
    facts = _number_facts(
        "The U.S. will buy and donate vaccines. The 500 million doses are destined for the "
        "world's 100 poorest countries.",
        "The White House said it will donate 500 million doses of the vaccine to 92 poorer "
        "countries and the African Union, dubbing it the largest donation ever.",
    )
    by_value = {f.value: f for f in facts}
    assert by_value["dose"].label is FactLabel.AGREED
    # degrees of one adjective qualify alike: one measure, two values
    assert by_value["countri"].label is FactLabel.DIFFERS
    assert [m.text for m in by_value["countri"].mentions] == [
        "100 poorest countries",
        "92 poorer countries",
    ]


def test_an_anchor_does_not_pair_bare_spans_of_time():
    facts = _number_facts(
        "Employers added 850,000 jobs in June, well above the average of the previous three "
        "months.",
        "The economy added 850,000 new jobs in June, a welcome result after two months of "
        "disappointing growth.",
    )
    assert not [f for f in facts if f.label in (FactLabel.DIFFERS, FactLabel.UPDATED)]


def test_two_figures_of_one_sentence_are_two_measures():
    facts = _number_facts(
        "The plan would cost $974 billion over five years or $1.2 trillion over eight years, "
        "multiple outlets reported.",
        "The proposal would cost $1.2 trillion over eight years and include new spending.",
    )
    labels = {(f.label, tuple(m.text for m in f.mentions)) for f in facts}
    assert labels == {
        (FactLabel.SINGLE_SOURCE, ("over five years",)),
        (FactLabel.AGREED, ("over eight years", "over eight years")),
    }


def test_figures_pair_with_the_closest_figure_of_a_later_version():
    facts = _number_facts(
        "The typhoon had sustained winds of 120 kph (75 mph), with gusts up to 150 kph (94 "
        "mph), and was headed toward southern China.",
        "The typhoon gained strength as it headed for southern China, packing sustained winds "
        "of 130 kph (81 mph) and gusts of up to 160 kph (100 mph).",
    )
    pairs = {tuple(m.text for m in f.mentions): f.label for f in facts}
    assert pairs[("120 kph", "130 kph")] is FactLabel.DIFFERS  # two outlets, one date: differs
    assert ("120 kph", "up to 160 kph") not in pairs


def test_a_quote_takes_the_speaker_a_report_names_next_to_it():
    facts = [
        f
        for f in compare(
            [
                Article(
                    id="a0",
                    text="“The markets are calm,” Alkimin said. “If you go to the market, you can "
                    "buy whatever you need now,” he said.",
                ),
                Article(
                    id="a1",
                    text="“If you go to the market, you can buy whatever you need now,” Silveira "
                    "said on Sunday.",
                ),
            ]
        )
        if f.kind == "quote" and f.label is FactLabel.AGREED
    ]
    assert [f.speaker for f in facts] == ["Silveira"]


def test_spans_of_time_from_two_days_are_two_measures():
    texts = (
        "The president announced the cuts less than two weeks before the election.",
        "The spending cuts, announced two weeks ago before the election, were cut back.",
    )
    other_days = _facts(*texts, dates=["1998-10-04", "1998-11-10"])
    assert _no_figure_across_outlets(other_days)
    same_day = _facts(*texts, dates=["1998-10-04", "1998-10-04"])
    assert same_day["week"].label is FactLabel.AGREED


def test_a_span_of_time_ago_counts_from_its_reports_day():
    texts = (
        "The steel plant in Ohio closed 20 months ago, the union said.",
        "The union said the steel plant in Ohio closed 22 months ago.",
    )
    other_days = _facts(*texts, dates=["2015-01-10", "2015-03-12"])
    assert _no_figure_across_outlets(other_days)  # "ago" is part of the mention here
    same_day = _facts(*texts, dates=["2015-03-12", "2015-03-12"])
    assert same_day["month"].label is FactLabel.DIFFERS
    a_day_apart = _facts(*texts, dates=["2015-03-11", "2015-03-12"])
    assert a_day_apart["month"].label is FactLabel.UPDATED  # months counted from one time


def test_an_open_bound_near_a_figure_agrees_with_it():
    near = _facts(
        "Officials said more than 1,000 homes were destroyed by the storm.",
        "The storm destroyed 1,200 homes, officials said.",
    )
    assert near["home"].label is FactLabel.AGREED  # "more than 1,000" and 1,200: close enough


def test_one_figure_agreed_in_headlines_and_text_is_one_fact():
    articles = [
        Article(id="a0", text="NATO ends seven-month Libya mission\nThe alliance flew sorties "
                "over the desert for the whole of its seven-month air campaign, officials said."),
        Article(id="a1", text="NATO ending 7-month mission in Libya\nThe seven-month air "
                "campaign over the desert ends, officials said on Friday."),
    ]
    months = [f for f in compare(articles) if f.kind == "number" and f.value == "month"]
    assert len(months) == 1 and months[0].label is FactLabel.AGREED
    assert len(months[0].mentions) == 4
