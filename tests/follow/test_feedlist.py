"""Feed lists: plain lists (URLs, relative paths, comments), OPML, a feed file, a folder."""

from __future__ import annotations

import pytest
from newsite import REPO

from newsfuse.errors import InputError, MissingPathError
from newsfuse.follow import read_feed_list

EXAMPLE = REPO / "examples" / "feeds"


def test_read_feed_list_plain_resolves_paths_and_skips_comments(tmp_path):
    (tmp_path / "local.xml").write_text('<rss version="2.0"><channel></channel></rss>')
    listed = tmp_path / "feeds.txt"
    listed.write_text(
        "# my outlets\nhttps://example.org/rss\n\n  local.xml  \nhttps://example.org/rss\n"
    )
    assert read_feed_list(listed) == ["https://example.org/rss", str(tmp_path / "local.xml")]


def test_read_feed_list_opml_gives_every_xml_url(tmp_path):
    opml = tmp_path / "export.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="World"><outline text="A" type="rss" xmlUrl="https://a.example/rss"/>'
        '<outline text="B" type="rss" xmlUrl="https://b.example/atom"/></outline>'
        '<outline text="folder without feed"/></body></opml>'
    )
    assert read_feed_list(opml) == ["https://a.example/rss", "https://b.example/atom"]


def test_read_feed_list_example_list_and_opml_agree():
    feeds = read_feed_list(EXAMPLE / "feeds.txt")
    assert len(feeds) == 5 and all(f.startswith(str(EXAMPLE)) for f in feeds)
    assert read_feed_list(EXAMPLE / "feeds.opml") == feeds


def test_read_feed_list_folder_and_single_feed_file():
    folder = read_feed_list(EXAMPLE)
    assert sorted(folder) == sorted(read_feed_list(EXAMPLE / "feeds.txt"))
    assert read_feed_list(EXAMPLE / "cbsnews.xml") == [str(EXAMPLE / "cbsnews.xml")]


def test_read_feed_list_refuses_missing_lists_and_feeds(tmp_path):
    with pytest.raises(MissingPathError):
        read_feed_list(tmp_path / "nope.txt")
    listed = tmp_path / "feeds.txt"
    listed.write_text("https://example.org/rss\nmissing.xml\n")
    with pytest.raises(InputError, match=r"feeds.txt:2: no such feed file or folder"):
        read_feed_list(listed)
    listed.write_text("# nothing\n")
    with pytest.raises(InputError, match="names no feed"):
        read_feed_list(listed)
