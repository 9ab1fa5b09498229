"""Property-based tests (hypothesis) over every stage: load, clean, segment, select, attribute,
render, on arbitrary Unicode (right-to-left scripts, combining marks, emoji, NUL, invalid
bytes), empty and 100,000-character lines, and hundreds of tiny articles.

The properties, checked on every brief that comes out:

- nothing raises but newsfuse's own user errors (``NewsfuseError``);
- every brief sentence is a verbatim substring of its article's cleaned text;
- every offset (sentences, citations, fact mentions) gives its text back;
- the brief holds to its word budget;
- every citation names a real sentence of a real article of the story;
- the JSON round-trips (``json.loads`` of the rendered text, and ``brief_from_dict``).

Example counts come from the hypothesis profile in ``tests/conftest.py`` (bounded for CI).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.errors import NewsfuseError
from newsfuse.load import load_inputs, make_article
from newsfuse.models import Brief, Story
from newsfuse.pipeline import Pipeline
from newsfuse.render import Format, brief_from_dict, brief_to_dict, render
from newsfuse.segment import segment
from newsfuse.settings import Settings

# Words from several scripts, with the characters that break naive text handling.
WORDS = [
    "NATO", "officials", "said", "Monday", "the", "mission", "ended", "26,000", "sorties",
    "U.N.", "Oct.", "3.5%", "$2", "million",
    "مرحبا", "السلام", "עולם", "שלום",  # right-to-left
    "café", "cafe\u0301", "n\u0303o", "Z\u0351\u0354a\u0334l\u0336g\u0335o",  # combining marks
    "😀", "👩‍👩‍👧", "🇱🇾", "\u200b", "\u200f", "\ufeff",  # emoji, zero-width, RLM, BOM
    "\x00", "\x07", "\u2028", "\u0085",  # NUL, BEL, line and next-line separators
    "“Quote”", "(R-Ky.)", "—", "...", "?", "!", "東京", "Ελλάδα", "Москва",
]
ENDINGS = ["", ".", ".", ".", "?", "!", "...", ".”", ")."]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS) | st.text(min_size=1, max_size=8), max_size=18))
    return " ".join(words) + draw(st.sampled_from(ENDINGS))


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    lines = draw(
        st.lists(
            st.lists(sentences(), max_size=4).map(" ".join) | st.just("") | st.text(max_size=30),
            max_size=12,
        )
    )
    return "\n".join(lines)


def _settings(words: int, strategy: str) -> Settings:
    return Settings.from_mapping({"words": words, "select": {"strategy": strategy}})


def check_brief(brief: Brief, settings: Settings) -> None:
    """Every property a brief must have (see the module docstring)."""
    story = brief.story
    articles = {a.id: a for a in story.articles}
    assert len(articles) == len(story.articles), "article ids are unique"
    assert brief.word_count <= settings.words
    segmented = {
        a.id: segment(a, settings.segment) for a in story.articles if a.text.strip()
    }
    for sentence in brief.sentences:
        article = articles[sentence.article_id]
        assert sentence.text and sentence.text in article.text  # verbatim, from cleaned text
        own = [c for c in sentence.citations if c.article_id == sentence.article_id]
        assert own and own[0].sentence_index == sentence.sentence_index
        assert segmented[sentence.article_id][sentence.sentence_index].text == sentence.text
        for citation in sentence.citations:
            cited = segmented[citation.article_id][citation.sentence_index]  # a real sentence
            assert (cited.start, cited.end) == (citation.start, citation.end)
            assert articles[citation.article_id].text[citation.start : citation.end] == cited.text
            assert 0.0 <= citation.score <= 1.0 + 1e-9
    for fact in brief.facts:
        for mention in fact.mentions:
            assert articles[mention.article].text[mention.start : mention.end] == mention.text
    data = brief_to_dict(brief)
    assert json.loads(render(brief, Format.JSON)) == data
    assert json.loads(json.dumps(data, ensure_ascii=True)) == data
    assert brief_from_dict(data, story) == brief
    for fmt in (Format.MARKDOWN, Format.TEXT):
        assert isinstance(render(brief, fmt), str)


def summarise_or_user_error(story: Story, settings: Settings) -> Brief | None:
    """The brief, or None when newsfuse refused the story with one of its own errors."""
    try:
        brief = Pipeline(settings).run(story)
    except NewsfuseError as error:
        assert "\n" not in str(error)
        return None
    check_brief(brief, settings)
    return brief


def _story(texts: list[str]) -> Story | None:
    articles = []
    for n, text in enumerate(texts, start=1):
        try:
            articles.append(make_article(text, article_id=f"a{n}", origin=f"text {n}"))
        except NewsfuseError:
            continue  # an article without text is refused at loading, as it should be
    return Story("s", tuple(articles)) if articles else None


@given(
    texts=st.lists(article_texts(), min_size=1, max_size=4),
    words=st.integers(10, 300),
    strategy=st.sampled_from(["learned", "support", "lead"]),
)
def test_pipeline_any_unicode_gives_a_sound_brief_or_a_user_error(texts, words, strategy):
    story = _story(texts)
    if story is not None:
        summarise_or_user_error(story, _settings(words, strategy))


@given(texts=st.lists(st.text(max_size=200), min_size=1, max_size=3))
def test_pipeline_raw_text_characters_never_raise(texts):
    story = _story(texts)
    if story is not None:
        summarise_or_user_error(story, Settings(words=60))


@settings(
    max_examples=max(5, settings.default.max_examples // 4),  # each example is a big story
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    texts=st.lists(sentences(), min_size=100, max_size=300),
    words=st.integers(10, 200),
)
def test_pipeline_hundreds_of_tiny_articles(texts, words):
    story = _story(texts)
    if story is not None:
        brief = summarise_or_user_error(story, Settings(words=words))
        if brief is not None:
            assert len(brief.story.articles) == len(story.articles)


@pytest.mark.parametrize(
    "line",
    [
        "x" * 100_000,  # one "word"
        ("word " * 20_000).strip(),  # 100,000 characters, no full stop
        ("Officials said the mission ended. " * 2942)[:100_000],  # sentences, cut mid-word
        "\u0301" * 100_000,  # combining marks with nothing to combine with
        "😀" * 100_000,
        "مرحبا بالعالم. " * 7_000,
    ],
    ids=["one-word", "no-stop", "sentences", "combining", "emoji", "rtl"],
)
def test_pipeline_100000_character_lines(line):
    assert len(line) >= 100_000 - 1
    texts = [
        f"A headline for the story\n\n{line}\n\n\nThe mission ended on Monday, officials said.",
        line,
        "",
    ]
    story = _story(texts)
    assert story is not None
    summarise_or_user_error(story, Settings(words=120))


@given(data=st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_load_any_bytes_from_a_file(tmp_path_factory, data):
    folder: Path = tmp_path_factory.mktemp("bytes")
    (folder / "a.txt").write_bytes(data)
    (folder / "b.html").write_bytes(b"<html><body><p>" + data + b"</p></body></html>")
    for paths in ([folder / "a.txt"], [folder / "b.html"], [folder]):
        try:
            story = load_inputs(paths)
        except NewsfuseError as error:
            assert "\n" not in str(error)
            continue
        summarise_or_user_error(story, Settings(words=60))


@given(
    head=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe"]),  # none, UTF-8 BOM, UTF-16 BOM
    body=st.lists(sentences(), min_size=1, max_size=6).map(" ".join),
    bad=st.binary(min_size=1, max_size=4).filter(lambda b: any(x >= 0x80 for x in b)),
)
def test_load_invalid_utf8_in_a_text_file_is_read(tmp_path_factory, head, body, bad):
    folder: Path = tmp_path_factory.mktemp("invalid")
    text = body.replace("\x00", " ").replace("\x07", " ")
    (folder / "a.txt").write_bytes(head + text.encode() + bad + b" The end of it all here.")
    try:
        story = load_inputs([folder / "a.txt"])
    except NewsfuseError as error:
        assert "\n" not in str(error)
        return
    summarise_or_user_error(story, Settings(words=60))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
story_records = st.fixed_dictionaries(
    {"id": st.text(max_size=8) | st.integers() | st.none()},
    optional={
        "articles": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "text": article_texts() | json_values,
                    "html": st.text(max_size=80).map(lambda t: f"<html><body><p>{t}</p></body></html>"),
                    "source": st.text(max_size=10) | st.none(),
                    "id": st.text(max_size=5) | st.integers(),
                },
            ),
            max_size=3,
        )
        | json_values
    },
)


@given(
    lines=st.lists(
        story_records.map(json.dumps) | json_values.map(json.dumps) | st.text(max_size=60),
        min_size=1,
        max_size=6,
    )
)
def test_batch_any_story_lines_give_one_json_record_each(tmp_path_factory, lines):
    import io

    from newsfuse.batch import run_batch
    from newsfuse.batchio import read_records

    path: Path = tmp_path_factory.mktemp("lines") / "stories.jsonl"
    path.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n")
    out = io.StringIO()
    report = run_batch(
        read_records(path), out, Pipeline(Settings(words=40)), words=40, origin=str(path)
    )
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == report.total == sum(1 for _ in read_records(path))
    for record in records:
        assert isinstance(record["id"], str)
        if "error" in record:
            assert "\n" not in record["error"] and "internal error" not in record["error"]
        else:
            assert record["words"] <= 40
