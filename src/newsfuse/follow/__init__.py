"""Following feeds: ``newsfuse watch`` turns RSS/Atom feeds into stories in the web store.

- :mod:`.feedlist`: which feeds (a list of URLs or paths, OPML, a feed file or folder);
- :mod:`.poll`: one feed's entries (conditional, polite requests) and one entry's article;
- :mod:`.watch`: polls into stories (StoryIndex), briefs and retention, batch by batch.

>>> from newsfuse.follow import Watcher, WatchOptions  # doctest: +SKIP
>>> Watcher(store, fetcher, WatchOptions(max_new=200)).poll()  # doctest: +SKIP
"""

from newsfuse.follow.feedlist import read_feed_list
from newsfuse.follow.watch import PollSummary, Watcher, WatchOptions, parse_duration, watch_loop

__all__ = [
    "PollSummary",
    "WatchOptions",
    "Watcher",
    "parse_duration",
    "read_feed_list",
    "watch_loop",
]
