"""Loading: files, directories and story lines -> Articles and Stories."""

from newsfuse.load.inputs import load_inputs, load_story
from newsfuse.load.jsonl import parse_story_line, story_from_json, story_from_multinews
from newsfuse.load.outlets import outlet_from_name, recognise_outlet
from newsfuse.load.text import make_article, read_text_file

__all__ = [
    "load_inputs",
    "load_story",
    "make_article",
    "outlet_from_name",
    "parse_story_line",
    "read_text_file",
    "recognise_outlet",
    "story_from_json",
    "story_from_multinews",
]
