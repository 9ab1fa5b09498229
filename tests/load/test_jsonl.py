import json

import pytest

from newsfuse.errors import InputError
from newsfuse.load import parse_story_line
from newsfuse.load.jsonl import line_format


def test_parse_json_story_with_optional_fields():
    line = json.dumps(
        {
            "id": "s1",
            "articles": [
                {
                    "id": "x",
                    "text": "First outlet text about the vote.",
                    "source": "Reuters",
                    "url": "https://example.org/a",
                    "title": "Vote",
                    "published": "2011-10-31",
                },
                {"id": "y", "text": "Second outlet text about the vote."},
            ],
        }
    )
    story = parse_story_line(line, 1, "in.jsonl")
    assert story.id == "s1"
    first, second = story.articles
    assert (first.outlet, first.url, first.title, first.published) == (
        "Reuters",
        "https://example.org/a",
        "Vote",
        "2011-10-31",
    )
    assert second.outlet is None and second.origin == "in.jsonl:1 article 2"


def test_line_format_is_decided_per_file():
    assert line_format("stories.jsonl", "anything") == "json"
    assert line_format("train.src.txt", '{"id": 1}') == "json"
    assert line_format("train.src.txt", "Doc one ||||| doc two") == "multinews"


def test_parse_multinews_line():
    line = "First doc line.NEWLINE_CHARNEWLINE_CHARMore of doc one. ||||| Second doc. |||||   "
    story = parse_story_line(line, 7, "src.txt", "multinews")
    assert story.id == "line-7"
    assert [a.id for a in story.articles] == ["d1", "d2"]
    assert story.articles[0].text == "First doc line.\n\nMore of doc one. "


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "s1", "articles": [', "bad JSON"),
        ('{"articles": [{"text": "x"}]}', "needs an `id`"),
        ('{"id": "s1", "articles": []}', "non-empty `articles`"),
        ('{"id": "s1", "articles": [{"id": "a"}]}', "needs `text`, `html` or `url`"),
        ('{"id": "s1", "articles": [{"text": "   "}]}', "no article with text"),
        ('{"id": "s1", "articles": [{"text": "ok", "source": 3}]}', "`source` must be a string"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_parse_bad_lines_name_the_line(line, message):
    with pytest.raises(InputError, match=message) as info:
        parse_story_line(line, 3, "in.jsonl")
    assert "in.jsonl:3" in str(info.value)
