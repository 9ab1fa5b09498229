"""newsfuse: several outlets' reports of one story in, one faithful cited brief out.

>>> import newsfuse
>>> brief = newsfuse.summarize([text_a, text_b], words=120)   # doctest: +SKIP
>>> print(newsfuse.render(brief, "markdown"))                 # doctest: +SKIP
>>> stories = newsfuse.cluster(articles)   # a pile -> stories   # doctest: +SKIP
"""

import logging

from newsfuse._version import __version__
from newsfuse.errors import ConfigError, InputError, MissingExtraError, NewsfuseError
from newsfuse.load import load_story, make_article
from newsfuse.models import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Fact,
    FactLabel,
    MatchKind,
    Mention,
    Sentence,
    Story,
)
from newsfuse.pipeline import Pipeline, summarize
from newsfuse.render import Format, render
from newsfuse.settings import Settings

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    """``cluster`` and ``StoryIndex`` (newsfuse.stories), imported on first use."""
    if name in ("cluster", "StoryIndex"):
        from newsfuse import stories

        return getattr(stories, name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")


__all__ = [
    "Article",
    "Brief",
    "BriefSentence",
    "Citation",
    "ConfigError",
    "Fact",
    "FactLabel",
    "Format",
    "InputError",
    "MatchKind",
    "Mention",
    "MissingExtraError",
    "NewsfuseError",
    "Pipeline",
    "Sentence",
    "Settings",
    "Story",
    "StoryIndex",
    "__version__",
    "cluster",
    "load_story",
    "make_article",
    "render",
    "summarize",
]
