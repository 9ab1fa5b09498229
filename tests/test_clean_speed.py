"""The quicker forms of the clean stage's tests give the answers of the plain forms they
replace (benchmarks/clean_identity.py checks the whole stage on the shared data)."""

import re

import pytest

from newsfuse import clean as clean_module
from newsfuse import linemodel
from newsfuse.linemodel import contains_any

# Lines written for these tests: capitals after quotes and brackets, tabs and odd spaces,
# capitals inside words, a final sigma, a dotted capital I, the Kelvin sign.
LINES = [
    'The "Senate" voted (NATO) on "a" plan',
    "U.S. and E.U. LEADERS MET: AP reports",
    "\u201cWe will\u201d said McDonald\tOf IBM",
    "A\u1680B ( C ' D \u2018E",
    "OΔΟΣ ΑΘΗΝΑΣ İstanbul \u212aELVIN",
    "x",
    "ALL-CAPS & MORE.",
]


@pytest.mark.parametrize("line", LINES)
def test_linemodel_capital_counts_match_the_line_start_patterns(line):
    capitalised = re.compile(r"(?:^|\s)[\"“‘'(]?[A-Z]")
    all_caps = re.compile(r"(?:^|\s)[A-Z][A-Z.&-]+(?=\s|$|[,:;!?])")
    spaced = " " + line
    assert len(linemodel._CAPITALISED.findall(spaced)) == len(capitalised.findall(line))
    assert len(linemodel._ALL_CAPS.findall(spaced)) == len(all_caps.findall(line))


def test_linemodel_contains_any_is_a_substring_test():
    assert contains_any("sign up for our newsletter", ("subscribe", "newsletter"))
    assert not contains_any("a story about rivers", ("subscribe", "newsletter"))
    assert not contains_any("anything", ())


@pytest.mark.parametrize(
    "text",
    [
        "nothing of the kind here",
        "© 2019 the associated press. all rights reserved.",
        "skip twitter post by @someone and sign up for our newsletter",
        "these crawls are part of an effort to archive pages; enable javascript",
        "copyright 1999 and a tweet with a location",
    ],
)
def test_clean_long_clutter_in_finds_what_a_plain_search_finds(text):
    plain = tuple(
        (reason, present)
        for reason, markers in clean_module._LONG_CLUTTER
        if (present := tuple(m for m in markers if m in text))
    )
    assert clean_module._long_clutter_in(text) == plain


@pytest.mark.parametrize(
    "line",
    [
        "Originally published at example.org, " + "word " * 30,
        "ORIGINALLY PUBLISHED by the paper " + "word " * 30,
        "\u0130ORIGINALLY published " + "word " * 30,
        "This article originallyΣ " + "word " * 30,
        "The story below was originally published elsewhere " + "word " * 30,
    ],
)
def test_clean_long_credit_opening_read_from_the_opening(line):
    n_words = len(line.split())
    expected = (
        "credit" if line.lower().startswith(clean_module._LONG_CREDIT_OPENINGS) else None
    )
    assert clean_module._classify(line, n_words, ()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "one two three\n\n four five \nsix",
        "tabs\tbetween words\nand lines",
        "a unit\x1fseparator and an ogham\u1680space",
        " \n \nlast line ",
    ],
)
def test_clean_word_counts_match_split(text):
    lines = text.splitlines()
    assert clean_module._word_counts(text, lines) == [len(line.split()) for line in lines]
