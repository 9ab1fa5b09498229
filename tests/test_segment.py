from newsfuse.models import Article, Sentence
from newsfuse.segment import segment
from newsfuse.settings import SegmentSettings


def _sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text``, whose offsets must point into it."""
    sentences = segment(Article(id="a", text=text), SegmentSettings())
    assert all(text[s.start : s.end] == s.text for s in sentences)
    return sentences


def _split(text: str) -> list[str]:
    return [s.text for s in _sentences(text)]


def test_segment_keeps_abbreviations_whole():
    text = (
        "Spokesman Col. Roland Lavoie said NATO staff are being reassigned. "
        "The U.N. Security Council voted on Oct. 20 to end it. "
        "Operations end at 6 p.m. EDT on Monday. Then it was over."
    )
    assert _split(text) == [
        "Spokesman Col. Roland Lavoie said NATO staff are being reassigned.",
        "The U.N. Security Council voted on Oct. 20 to end it.",
        "Operations end at 6 p.m. EDT on Monday.",
        "Then it was over.",
    ]


def test_segment_offsets_point_into_text_and_lines_are_paragraphs():
    text = "Headline here\n\nFirst one. Second one.\nThird line without end\n\n\nLast."
    sentences = _sentences(text)
    assert [s.text for s in sentences] == [
        "Headline here",
        "First one.",
        "Second one.",
        "Third line without end",
        "Last.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2, 3]
    assert [s.index for s in sentences] == list(range(5))


def test_segment_glues_stray_closing_punctuation():
    text = "The talks were among Harry Reid (D-Nev.) and Mitch McConnell (R-Ky.). Then they left."
    parts = _split(text)
    assert parts[-1] == "Then they left."
    assert all(any(c.isalnum() for c in p) for p in parts)


def test_segment_caps_huge_articles():
    text = "Word word word word word. " * 100_000
    sentences = segment(Article(id="a", text=text), SegmentSettings(max_chars=10_000))
    assert sentences[-1].end <= 10_000


def test_segment_does_not_cut_inside_brackets_or_quotes():
    text = (
        "The statement from Sen. Charles E. Schumer (D-N.Y.), issued Saturday, was a reply. "
        "She spoke on the panel “Do They Mix?”: “Public awareness is high,” she said. "
        "(A first batch of letters sold for $115,000 in 2010.)The new batch is dated 1954."
    )
    assert _split(text) == [
        "The statement from Sen. Charles E. Schumer (D-N.Y.), issued Saturday, was a reply.",
        "She spoke on the panel “Do They Mix?”: “Public awareness is high,” she said.",
        "(A first batch of letters sold for $115,000 in 2010.)",
        "The new batch is dated 1954.",
    ]
