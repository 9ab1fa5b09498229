"""Figures: what they count, their hedges, figures in words, what is not a count."""

import pytest

from newsfuse.facts.numbers import quantities
from newsfuse.models import Article


def _found(text):
    return [(q.mention.text, q.value, q.low, q.high) for q in quantities(Article(id="a", text=text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flying more than 26,000 sorties", ("more than 26,000 sorties", 26000, 26000, float("inf"))),
        ("destroying about 5,900 military targets", ("about 5,900 military targets", 5900, 5310, 6490)),
        ("some 3 million doses were sent", ("some 3 million doses", 3e6, 2.7e6, 3.3e6)),
        ("as low as minus 20 degrees Celsius", ("20 degrees", -20, -20, -20)),
        ("only eight of the 28 member states agreed", ("eight of the 28 member states", 8, 8, 8)),
    ],
)
def test_quantities_with_hedges(text, expected):
    mention, value, low, high = _found(text)[0]
    assert mention == expected[0]
    assert (value, low, high) == pytest.approx(expected[1:])


def test_dates_conversions_and_models_are_not_counts():
    text = (
        "On Oct. 20 the MD-11 jet flew at 130 kph (81 mph) with one of the most modern "
        "engines during the 1976-83 dictatorship."
    )
    assert [m for m, *_ in _found(text)] == ["130 kph"]


def test_a_count_inside_a_share_is_not_a_second_count():
    found = _found("The Times uses eight of its 13 printing plants for the paper.")
    assert [text for text, *_ in found] == ["eight of its 13 printing plants"]


def test_a_number_inside_a_name_is_not_a_count():
    found = _found("FOX 4 Reporter James Rose asked. We left Iraq 18 years ago, he told CBS 60 Minutes.")
    assert [text for text, *_ in found] == ["18 years"]


def test_a_counted_thing_ends_after_its_plural():
    found = _found(
        "The two leaders drove straight to the palace. Approximately 50 riders remain attached. "
        "Two news agencies said so."
    )
    assert [text for text, *_ in found] == ["two leaders", "Approximately 50 riders", "Two news agencies"]


def test_a_counted_thing_goes_on_through_a_nationality():
    found = _found("Tanjug said two ethnic Albanians were sentenced to prison terms.")
    assert [text for text, *_ in found] == ["two ethnic Albanians"]
