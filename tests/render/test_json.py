"""The JSON form of a brief: stable keys, and read back into the same Brief."""

from __future__ import annotations

import json

import newsfuse
from newsfuse.render import brief_from_dict, brief_to_dict, render_json


def test_round_trip_gives_the_same_brief(nato_story):
    brief = newsfuse.summarize(nato_story, words=160)
    data = json.loads(render_json(brief))
    assert brief_from_dict(data, brief.story) == brief


def test_round_trip_keeps_copy_groups():
    text = (
        "Officials said the bridge would reopen on Friday after repairs. "
        "The work cost more than $2 million, the city said."
    )
    other = "A storm closed the port on Tuesday. Ships waited offshore for two days."
    brief = newsfuse.summarize([text, other, text], words=60)
    assert brief.copies
    assert brief_from_dict(brief_to_dict(brief), brief.story) == brief


def test_citations_point_at_the_cited_sentence(nato_story):
    brief = newsfuse.summarize(nato_story, words=160)
    for sentence in brief.sentences:
        for citation in sentence.citations:
            article = brief.story.article(citation.article_id)
            quoted = article.text[citation.start : citation.end]
            assert quoted.strip()
            if citation.article_id == sentence.article_id:
                assert quoted == sentence.text
