"""Dates and times, resolved against the report's own date."""

from datetime import date

import pytest

from newsfuse.facts.temporal import dates, resolve_weekday, times
from newsfuse.models import Article


def _values(text, published=None, fn=dates):
    return [(e.mention.text, e.value) for e in fn(Article(id="a", text=text, published=published))]


def test_weekdays_resolve_back_or_forward_by_tense():
    # Friday 28 October 2011
    assert _values("NATO said on Monday it had ended the mission.", "2011-10-28") == [
        ("Monday", "2011-10-24")
    ]
    assert _values("NATO will end the mission on Monday.", "2011-10-28") == [
        ("Monday", "2011-10-31")
    ]
    assert _values("The vote was held last Friday.", "2011-10-28") == [("last Friday", "2011-10-28")]
    assert resolve_weekday("friday", date(2011, 10, 28), future=True) == date(2011, 10, 28)
    # Thursday 1 October 1998: plans and conditions look ahead
    for text in (
        "Brazilians prepare to vote on Sunday.",
        "The package could be announced soon after Sunday's elections.",
        "It may come as soon as voting is completed on Sunday.",
    ):
        assert _values(text, "1998-10-01") == [("Sunday", "1998-10-04")]
    # "was expected" looks ahead from a past report: Sunday 4 October 1998
    text = "The ministry said Mubarak was expected in Ankara, possibly on Monday."
    assert _values(text, "1998-10-04") == [("Monday", "1998-10-05")]


def test_a_day_opening_the_sentence_takes_the_tense_after_it():
    text = "On Tuesday, the Earth will enter the debris. He said Tuesday that he would resign."
    assert _values(text, "1998-11-15") == [("Tuesday", "1998-11-17"), ("Tuesday", "1998-11-10")]
    # month-days alike: "On Jan. 4, the court will rule" in a report of Dec. 20 is next year's
    assert _values("On Jan. 4, the court will rule on the case.", "1998-12-20") == [
        ("Jan. 4", "1999-01-04")
    ]
    assert _values("A storm is predicted for Tuesday.", "1998-11-15") == [
        ("Tuesday", "1998-11-17")
    ]


def test_today_in_a_name_is_no_date():
    text = "He works at USA Today. NBC's Today show aired. It was late. Today the storm ends."
    assert _values(text, "1998-11-15") == [("Today", "1998-11-15")]


def test_month_days_take_the_report_year_and_roll_over():
    assert _values("Qaddafi was killed on Oct. 20.", "2011-10-31") == [("Oct. 20", "2011-10-20")]
    assert _values("The battle began Dec. 28.", "2012-01-03") == [("Dec. 28", "2011-12-28")]
    assert _values("Funding lasts through Jan. 5.", "2011-12-20") == [("Jan. 5", "2012-01-05")]
    # a date naming a known event keeps its past, whatever the tense around it
    text = "She will create a committee to investigate the Jan. 6 insurrection."
    assert _values(text, "2021-06-22") == [("Jan. 6", "2021-01-06")]
    text = "They will testify about their Jan. 6 meetings."
    assert _values(text, "2021-06-22") == [("Jan. 6", "2021-01-06")]
    assert _values("It was signed on 20 October 2011 in Brussels.") == [
        ("20 October 2011", "2011-10-20")
    ]


def test_without_a_report_date_words_are_kept():
    assert _values("The mission ends Monday, after the March 19 vote.") == [
        ("Monday", "monday"),
        ("March 19", "03-19"),
    ]


def test_names_that_look_like_dates_are_not_dates():
    assert _values("He writes for the Sunday Times.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at midnight Monday Libyan time (2200 GMT, 6 p.m. EDT)", ["22:00Z", "22:00Z"]),
        ("The store opens at 10:30 AM and closes at 5 PM.", ["10:30", "17:00"]),
        ("The launch is set for 7pm PST.", ["03:00Z"]),
        ("They met at noon.", ["12:00"]),
    ],
)
def test_times_in_utc_when_zoned(text, expected):
    assert [value for _, value in _values(text, fn=times)] == expected
