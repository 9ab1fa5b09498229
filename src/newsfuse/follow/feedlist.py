"""Feed lists: which feeds to follow.

A list is a text file of feeds one a line (``#`` starts a comment), an OPML file (what feed
readers export: every ``outline`` with an ``xmlUrl``), a single RSS/Atom file, or a folder
(every ``.xml``/``.rss``/``.atom`` file in it is a feed). Each feed is an http(s) URL or a
local feed file or folder; relative paths are read from the list's own folder.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from newsfuse.errors import InputError, MissingPathError
from newsfuse.load.text import read_text_file
from newsfuse.load.url import is_url

FEED_SUFFIXES = (".xml", ".rss", ".atom")
_OPML = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<opml\b", re.DOTALL)
_FEED = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.DOTALL)


def feed_files(folder: Path) -> list[Path]:
    """The feed files of a folder, by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FEED_SUFFIXES)


def read_feed_list(path: str | Path) -> list[str]:
    """The feeds a list names, in order, without repeats: URLs as written, local feeds as
    absolute paths.

    Raises:
        MissingPathError: the list does not exist.
        InputError: the list is unreadable, names a local feed that does not exist, or no feed.
    """
    path = Path(path)
    if not path.exists():
        raise MissingPathError("no such feed list", str(path))
    if path.is_dir():
        feeds = [str(p.resolve()) for p in feed_files(path)]
        if not feeds:
            raise InputError("no .xml, .rss or .atom feed files in the folder", str(path))
        return feeds
    head = path.read_bytes()[:4096]
    if _OPML.match(head):
        entries = _opml_feeds(path)
    elif _FEED.match(head):
        return [str(path.resolve())]
    else:
        entries = [
            line.strip()
            for line in read_text_file(path).splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    feeds = []
    for number, entry in enumerate(entries, start=1):
        if is_url(entry):
            feeds.append(entry)
            continue
        local = (path.parent / Path(entry).expanduser()).resolve()
        if not local.exists():
            raise InputError(f"no such feed file or folder: {entry}", f"{path}:{number}")
        feeds.append(str(local))
    if not feeds:
        raise InputError("the feed list names no feed", str(path))
    return list(dict.fromkeys(feeds))


def _opml_feeds(path: Path) -> list[str]:
    data = path.read_bytes()
    if b"<!ENTITY" in data:
        raise InputError("OPML declares XML entities: not read", str(path))
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise InputError(f"not a readable OPML file: {exc}", str(path)) from None
    return [
        url.strip()
        for outline in root.iter("outline")
        if (url := outline.get("xmlUrl") or outline.get("xmlurl")) and url.strip()
    ]
