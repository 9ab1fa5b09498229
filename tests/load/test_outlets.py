import pytest

from newsfuse.load import outlet_from_name, recognise_outlet


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            "Watch CBSN Live\n\nHeadline\n\nBody sentence one of the story goes here today.",
            "CBS News",
        ),
        (
            "WASHINGTON (CNN) -- The Senate passed the bill on a vote of 60 to 40 late on Tuesday.",
            "CNN",
        ),
        (
            "LONDON (AP) _ An influential lawmaker backed the request on Saturday, officials said.",
            "Associated Press",
        ),
        ("Body of the story.\nSource:\nAl Jazeera and agencies", "Al Jazeera"),
    ],
)
def test_recognise_outlet_from_page_cues(text, outlet):
    assert recognise_outlet(text) == outlet


def test_recognise_outlet_ignores_outlets_cited_in_body():
    text = (
        "It was mailed out to homes in and around Middletown, WNPR reported Tuesday, and the "
        "candidate told the Hartford Courant that the mailer was a mistake by his campaign staff."
    )
    assert recognise_outlet(text) is None


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("cbsnews", "CBS News"),
        ("www.aljazeera.com", "Al Jazeera"),
        ("https://www.bbc.co.uk", "BBC News"),
        ("nytimes", "The New York Times"),
        ("my-notes", None),
    ],
)
def test_outlet_from_name(name, outlet):
    assert outlet_from_name(name) == outlet
