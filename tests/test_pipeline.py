"""End-to-end properties of briefs (STYLE: assert properties, never "something came back")."""

import json
import random
import re

import pytest

import newsfuse
from newsfuse.errors import InputError
from newsfuse.models import Story
from newsfuse.render import brief_to_dict, render

CLUTTER = (
    "Watch CBSN Live",
    "QODLink",
    "Click here",
    "View CBS News In",
    "ICC confirms",
    "Topics in this article",
    "Featured",
    "Source:",
)


def _check_faithful(brief: newsfuse.Brief, words: int) -> None:
    texts = {a.id: a.text for a in brief.story.articles}
    assert brief.word_count <= words
    for sentence in brief.sentences:
        assert sentence.text in texts[sentence.article_id]  # verbatim: nothing invented
        assert sentence.article_id in sentence.source_ids
        assert len(set(sentence.source_ids)) == len(sentence.source_ids)
        for citation in sentence.citations:
            assert citation.article_id in texts
    normalized = [re.sub(r"\W+", " ", s.text.lower()).strip() for s in brief.sentences]
    assert len(set(normalized)) == len(normalized)


@pytest.mark.parametrize("words", [40, 120, 260])
def test_pipeline_nato_brief_is_faithful_and_clean(nato_story, words):
    brief = newsfuse.Pipeline().run(nato_story, words=words)
    _check_faithful(brief, words)
    assert brief.word_count >= words * 0.6
    for clutter in CLUTTER:
        assert clutter not in brief.text


def test_pipeline_nato_shared_points_cite_both(nato_story):
    brief = newsfuse.Pipeline().run(nato_story, words=400)
    both = {s.text[:40] for s in brief.sentences if set(s.source_ids) == {"aljazeera", "cbsnews"}}
    assert any("We have fully complied" in t for t in both)
    assert any(
        "one of the most successful" in s.text
        for s in brief.sentences
        if set(s.source_ids) == {"aljazeera", "cbsnews"}
    )


def test_pipeline_is_deterministic_and_input_order_free(nato_story):
    first = render(newsfuse.Pipeline().run(nato_story, words=150), "json")
    again = render(newsfuse.Pipeline().run(nato_story, words=150), "json")
    shuffled_articles = list(nato_story.articles)
    random.Random(3).shuffle(shuffled_articles)
    shuffled_articles.reverse()
    shuffled = render(
        newsfuse.Pipeline().run(Story(nato_story.id, tuple(shuffled_articles)), words=150), "json"
    )
    assert first == again == shuffled


def test_pipeline_does_not_mutate_its_input(nato_story):
    before = [(a.id, a.text, a.dropped) for a in nato_story.articles]
    newsfuse.Pipeline().run(nato_story, words=100)
    assert [(a.id, a.text, a.dropped) for a in nato_story.articles] == before


def test_pipeline_identical_articles_dedup_and_cite_both(example_dir):
    text = (example_dir / "cbsnews.txt").read_text()
    brief = newsfuse.summarize(
        [
            newsfuse.make_article(text, article_id="x", outlet="Wire A"),
            newsfuse.make_article(text, article_id="y", outlet="Wire B"),
        ],
        words=120,
    )
    _check_faithful(brief, 120)
    assert brief.sentences
    for sentence in brief.sentences:
        assert set(sentence.source_ids) == {"x", "y"}


def test_pipeline_single_article_story(example_dir):
    story = newsfuse.load_story([example_dir / "cbsnews.txt"])
    brief = newsfuse.Pipeline().run(story, words=80)
    _check_faithful(brief, 80)
    assert brief.sentences and all(s.source_ids == ("cbsnews",) for s in brief.sentences)


def test_pipeline_non_english_text_gives_a_faithful_brief():
    a = (
        "Le conseil municipal a approuvé mardi le nouveau budget après un long débat. "
        "Les habitants attendaient cette décision depuis des mois. Le maire s'est dit satisfait du vote."
    )
    b = (
        "Le nouveau budget a été approuvé mardi par le conseil municipal après un long débat. "
        "L'opposition a voté contre le texte. Le maire s'est dit satisfait du vote."
    )
    brief = newsfuse.summarize([a, b], words=30)
    _check_faithful(brief, 30)
    assert brief.sentences


def test_pipeline_huge_article_is_capped_not_fatal():
    paragraph = (
        "The committee met again on Tuesday to discuss the harbour project and its costs. " * 5
    )
    huge = (paragraph + "\n") * 13_000  # ~5 MB
    assert len(huge) > 5_000_000
    brief = newsfuse.summarize(
        [huge, "The harbour project costs were discussed by the committee on Tuesday."], words=60
    )
    _check_faithful(brief, 60)


def test_pipeline_story_with_only_clutter_is_input_error():
    story = Story("s", (newsfuse.make_article("Watch CBSN Live\nAdvertisement", article_id="a"),))
    with pytest.raises(InputError, match="no article has text left") as error:
        newsfuse.Pipeline().run(story)
    # the message says what the lines were, since no brief can show it
    assert str(error.value).endswith("(every line was clutter: 2 promo)")


def test_json_schema_has_the_documented_keys(nato_story):
    data = json.loads(render(newsfuse.Pipeline().run(nato_story, words=120), "json"))
    assert {"id", "articles", "summary", "sentences"} <= set(data)
    for article in data["articles"]:
        assert {"id", "source", "title", "words", "dropped_lines"} <= set(article)
        assert all({"line", "text", "reason"} <= set(d) for d in article["dropped_lines"])
    for sentence in data["sentences"]:
        assert {"text", "article", "sources"} <= set(sentence)
    assert data["summary"] == " ".join(s["text"] for s in data["sentences"])
    assert data == brief_to_dict(newsfuse.Pipeline().run(nato_story, words=120))


def test_markdown_has_citation_markers_and_numbered_sources(nato_story):
    text = render(newsfuse.Pipeline().run(nato_story, words=120), "markdown")
    assert "[1][2]" in text
    assert "\n1. **Al Jazeera**" in text and "\n2. **CBS News**" in text


def test_copies_are_one_source_with_both_outlets(example_dir):
    text = (example_dir / "cbsnews.txt").read_text()
    brief = newsfuse.summarize(
        [
            newsfuse.make_article(text, article_id="x", outlet="Wire A"),
            newsfuse.make_article(text, article_id="y", outlet="Wire B"),
            newsfuse.make_article(
                (example_dir / "aljazeera.txt").read_text(), article_id="z", outlet="Al Jazeera"
            ),
        ],
        words=80,
    )
    assert brief.copies == (("x", "y"),)
    markdown = render(brief, "markdown")
    assert "**Wire A** and **Wire B** (the same report)" in markdown
    assert "[2][2]" not in markdown and "\n3. " not in markdown  # one number for the copies
    data = brief_to_dict(brief)
    assert {a["id"]: a["copy_of"] for a in data["articles"]} == {"z": None, "x": None, "y": "x"}


def test_lead_region_chooses_but_the_whole_report_supports():
    filler = " ".join(
        f"Paragraph {n} of the background recalls the region's long history of floods."
        for n in range(40)
    )
    fact = "The dam on the Kura river broke on Tuesday and flooded four villages near Mingachevir."
    late = newsfuse.make_article(f"Officials met on Tuesday.\n{filler}\n{fact}", article_id="a")
    early = newsfuse.make_article(
        f"{fact}\nRescue teams from the capital reached the villages by boat on Wednesday.",
        article_id="b",
    )
    settings = newsfuse.Settings.from_mapping({"analyse": {"lead_chars": 1000}})
    brief = newsfuse.summarize([late, early], settings=settings, words=400)
    texts = {a.id: a.text for a in brief.story.articles}
    chosen = {s.text: s for s in brief.sentences}
    # nothing past the first 1,000 characters of a report is chosen ...
    assert all(texts[s.article_id].find(s.text) < 1000 for s in brief.sentences)
    # ... but what a report tells there still counts as its support
    assert chosen[fact].article_id == "b" and set(chosen[fact].source_ids) == {"a", "b"}


def test_a_sentence_cut_off_by_an_ellipsis_is_never_copied():
    cut = "China reported to the World Health Organization that..."
    whole = "Three researchers at the Wuhan Institute of Virology fell ill in November 2019."
    brief = newsfuse.summarize(
        [f"{cut}\n{whole}", f"{whole} The report came from United States intelligence."],
        words=200,
    )
    texts = [s.text for s in brief.sentences]
    assert cut not in texts and whole in texts
