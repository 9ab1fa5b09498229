"""A contract every selection strategy keeps (scikit-learn's estimator_checks, in small)."""

import dataclasses

import pytest

import newsfuse
from newsfuse.render import render
from newsfuse.select import STRATEGIES
from newsfuse.settings import Settings


def _settings(strategy: str) -> Settings:
    return Settings().replace(select=dataclasses.replace(Settings().select, strategy=strategy))


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
@pytest.mark.parametrize("words", [10, 60, 500])
def test_strategy_budget_determinism_and_faithfulness(strategy, words, nato_story):
    pipeline = newsfuse.Pipeline(_settings(strategy))
    first = pipeline.run(nato_story, words=words)
    assert first.word_count <= words
    assert render(first, "json") == render(pipeline.run(nato_story, words=words), "json")
    texts = {a.id: a.text for a in first.story.articles}
    assert all(s.text in texts[s.article_id] for s in first.sentences)


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_strategy_single_and_duplicate_articles(strategy, example_dir):
    text = (example_dir / "aljazeera.txt").read_text()
    pipeline = newsfuse.Pipeline(_settings(strategy))
    single = pipeline.run(
        newsfuse.Story("s", (newsfuse.make_article(text, article_id="x"),)), words=80
    )
    assert single.sentences and single.word_count <= 80
    double = pipeline.run(
        newsfuse.Story(
            "d",
            (
                newsfuse.make_article(text, article_id="x"),
                newsfuse.make_article(text, article_id="y"),
            ),
        ),
        words=80,
    )
    assert [s.text for s in double.sentences] == [s.text for s in single.sentences]
    assert all(set(s.source_ids) == {"x", "y"} for s in double.sentences)


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_strategy_story_without_eligible_sentence_gives_empty_brief(strategy):
    story = newsfuse.Story(
        "t", (newsfuse.make_article("Short line\nAnother short line", article_id="x"),)
    )
    brief = newsfuse.Pipeline(_settings(strategy)).run(story, words=50)
    assert brief.sentences == ()
    assert "No sentence fit the brief" in render(brief, "markdown")
