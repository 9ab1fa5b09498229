"""Stories from a pile of articles: which articles report the same event.

>>> from newsfuse.stories import StoryIndex, cluster
>>> stories = cluster(articles)            # doctest: +SKIP
>>> index = StoryIndex(); index.add(article)  # doctest: +SKIP

Lives apart from the summarising pipeline: it groups articles; ``newsfuse batch`` then
summarises each group.
"""

from newsfuse.stories.cluster import cluster
from newsfuse.stories.index import StoryGroup, StoryIndex
from newsfuse.stories.model import JoinModel

__all__ = ["JoinModel", "StoryGroup", "StoryIndex", "cluster"]
