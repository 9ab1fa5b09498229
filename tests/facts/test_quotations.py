"""Direct quotes, their speakers, and one quote trimmed two ways."""

from newsfuse.facts.quotations import quotes, same_quote
from newsfuse.models import Article


def _quotes(text):
    return [(q.mention.text, q.speaker) for q in quotes(Article(id="a", text=text))]


def test_speakers_after_and_before_the_quote():
    text = (
        '"We have fully complied with the historic mandate," Anders Fogh Rasmussen, '
        "NATO's secretary-general, said in a statement.\n\n"
        'Spokesman Col. Roland Lavoie said: "Our staff are being reassigned to regular duties."\n\n'
        "“The operation is one of the most successful in NATO history,” said Rasmussen."
    )
    assert _quotes(text) == [
        ("We have fully complied with the historic mandate", "Anders Fogh Rasmussen"),
        ("Our staff are being reassigned to regular duties.", "Roland Lavoie"),
        ("The operation is one of the most successful in NATO history", "Rasmussen"),
    ]


def test_pronouns_and_continued_quotes_take_the_last_speaker():
    text = (
        '"The talks were hard but fair," Anna Berg said. "We will meet again next week."\n\n'
        'Later "the deal is close to done," she said.'
    )
    assert [s for _, s in _quotes(text)] == ["Anna Berg", "Anna Berg", "Anna Berg"]


def test_scare_quotes_are_not_statements_and_open_paragraph_quotes_are():
    text = 'Critics called it a "pretext".\n\n"This quote runs on into the next paragraph\n\n'
    assert _quotes(text) == [("This quote runs on into the next paragraph", None)]


def test_same_quote_trimmed_two_ways():
    longer, shorter, other = (
        quotes(Article(id=i, text=t))[0]
        for i, t in (
            ("a", '"We have fully complied with the historic mandate of the United Nations to protect the people of Libya," he said.'),
            ("b", '"We have fully complied with the historic mandate of the United Nations," he said.'),
            ("c", '"We have not complied with any mandate of anyone at all," he said.'),
        )
    )
    assert same_quote(longer, shorter)
    assert not same_quote(longer, other)


def test_a_quoted_phrase_is_the_same_quote_only_whole():
    def first(text):
        return quotes(Article(id=text[:3], text=text))[0]

    letter = first("They asked for a vote “to vacate the chair and end her reign as Speaker.”")
    phrase = first("A vote on what is known as a “motion to vacate the chair” would fail.")
    assert not same_quote(letter, phrase)  # four shared words of a five-word phrase
    called = first('He called it "something God intended to happen."')
    said = first('"Even then it is something that God intended to happen," Mourdock said.')
    assert same_quote(called, said)  # all its words, in order, close together
    own = first("“We continue to negotiate in good faith,” said Sen. Shelley Moore Capito.")
    reported = first('"Senate Republicans continue to negotiate in good faith," Capito said.')
    assert same_quote(own, reported)  # six of seven words: a quote trimmed two ways


def test_he_said_after_someone_else_was_named_or_said_something():
    text = (
        "“The markets are calm,” Alkimin said.\n\n"
        "But Gregg Smith, chief strategist at Prudential Securities, said markets expect little."
        "\n\n“The next thing everybody is watching is the budget,” he said. “If those two things "
        "move, it will calm the markets.”\n\n"
        "For Lasse Gustavsson, the right words came hard.\n\n"
        "“I can't give them any hope,” he said.\n\n"
        "“I'm thinking more about the country than about myself,” da Silva said.\n\n"
        "“We don't think this will be an issue,” said Daniel Marcus, a spokesman for Panamsat, "
        "which General Motors Corp. controls. “It should be a nonevent for us.”"
    )
    assert [s for _, s in _quotes(text)] == [
        "Alkimin",
        "Gregg Smith",  # said to say something since the last quote
        "Gregg Smith",  # going on in the paragraph
        None,  # someone else was named since: no speaker rather than a wrong one
        "da Silva",
        "Daniel Marcus",
        "Daniel Marcus",
    ]


def test_the_person_after_an_institutions_spokesman_title_speaks():
    text = (
        "“The soldiers acted within the rules of engagement,” said Defense Ministry spokesman "
        "Avi Benayahu.\n\n"
        "“We will look into every complaint we receive,” said U.S. Embassy spokeswoman "
        "Jane Doe on Monday."
    )
    assert [s for _, s in _quotes(text)] == ["Avi Benayahu", "Jane Doe"]


def test_a_name_set_off_after_a_place_is_the_speaker():
    text = (
        "In the nearby town of Catano, Petra Gonzalez, 78, said: “We lost the roof and "
        "everything under it.”\n\n"
        "“Nobody came to help us for three days,” Miguel Ortiz, a fisherman, said."
    )
    assert [s for _, s in _quotes(text)] == ["Petra Gonzalez", "Miguel Ortiz"]
