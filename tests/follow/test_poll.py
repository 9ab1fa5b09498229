"""One feed's entries and one entry's article: local feeds, summaries, politeness, safety."""

from __future__ import annotations

import threading
import time

import pytest
from newsite import REPO, WIKINEWS

from newsfuse.errors import InputError
from newsfuse.follow.poll import Entry, HostGate, entry_article, fetch_feed, plain_text
from newsfuse.load.url import Fetcher

EXAMPLE = REPO / "examples" / "feeds"


def test_fetch_feed_local_reads_entries_and_is_not_modified_until_touched(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        "<item><guid>1</guid><link>pages/one.txt</link><title>One</title>"
        "<pubDate>Mon, 01 Jun 2009 10:00:00 GMT</pubDate></item>"
        f"<item><guid>2</guid><link>file://{tmp_path}/two.html</link></item>"
        "</channel></rss>"
    )
    with Fetcher() as fetcher:
        first = fetch_feed(str(feed), fetcher, HostGate(), None, None)
        again = fetch_feed(str(feed), fetcher, HostGate(), None, first.modified)
    assert first.status == "ok" and first.title == "Local"
    assert [e.link for e in first.entries] == [
        str(tmp_path / "pages" / "one.txt"),
        str(tmp_path / "two.html"),
    ]
    assert first.entries[0].published == "2009-06-01" and first.entries[0].source == "Local"
    assert again.status == "not-modified"


def test_fetch_feed_refuses_entities_and_non_feeds(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss>&a;</rss>')
    page = tmp_path / "page.xml"
    page.write_text("just some words, not a feed")
    with Fetcher() as fetcher:
        assert "entities" in (fetch_feed(str(bomb), fetcher, HostGate(), None, None).error or "")
        result = fetch_feed(str(page), fetcher, HostGate(), None, None)
    assert result.status == "error" and "not an RSS or Atom feed" in (result.error or "")


def test_entry_article_reads_local_pages_else_falls_back_to_a_long_summary():
    text = (WIKINEWS / "M0061.txt").read_text(encoding="utf-8")
    found = Entry("g", str(WIKINEWS / "M0061.txt"), "Haiti", "", "2010-01-20", "Wikinews")
    gone = Entry("g2", str(WIKINEWS / "gone.txt"), "Haiti", plain_text(f"<p>{text}</p>"), None, "W")
    short = Entry("g3", str(WIKINEWS / "gone.txt"), "Haiti", "Too short.", None, "W")
    with Fetcher() as fetcher:
        article = entry_article(found, fetcher, HostGate(), "e1")
        fallback = entry_article(gone, fetcher, HostGate(), "e2")
        with pytest.raises(InputError, match="no such file"):
            entry_article(short, fetcher, HostGate(), "e3")
    assert article.id == "e1" and article.outlet == "Wikinews" and "aftershock" in article.text
    assert article.published == "2010-01-20"
    assert fallback.source_format == "feed" and fallback.title == "Haiti"


def test_plain_text_of_feed_html():
    assert plain_text("<p>One &amp; two</p><p>Three<br/>four</p>") == "One & two\n\nThree\n\nfour"


def test_host_gate_at_most_two_at_once_per_host():
    gate = HostGate(per_host=2, delay=0.0)
    active: dict[str, int] = {"a": 0, "b": 0}
    most: dict[str, int] = {"a": 0, "b": 0}
    lock = threading.Lock()

    def visit(host: str) -> None:
        with gate.slot(f"http://{host}.example/x"):
            with lock:
                active[host] += 1
                most[host] = max(most[host], active[host])
            time.sleep(0.02)
            with lock:
                active[host] -= 1

    threads = [threading.Thread(target=visit, args=(h,)) for h in "ab" * 6]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == {"a": 2, "b": 2}
