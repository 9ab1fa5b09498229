"""Figures compared across outlets: the bundled example and hand-made stories."""

import pytest

import newsfuse
from newsfuse.clean import clean
from newsfuse.compare import compare, quantities
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
    ("a", "b", "label"),
    [
        ("more than 1,000 homes were destroyed", "1,200 homes were destroyed", FactLabel.AGREED),
        ("fewer than 50 soldiers", "about 45 soldiers", FactLabel.AGREED),
        ("nearly 100 flights", "200 flights", FactLabel.DIFFERS),
        ("3 million doses", "3,000,000 doses", FactLabel.AGREED),
    ],
)
def test_compare_hedges(a, b, label):
    facts = _facts(a, b)
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
    assert "## Figures across the outlets" in markdown
    assert "**Counted differently (not a contradiction)**" in markdown
    assert "**Only in" in markdown
