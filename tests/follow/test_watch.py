"""`newsfuse watch --once`, twice, against a news site on 127.0.0.1 whose feeds change.

Poll 1: outlet A reports the Air France story, B a Chile earthquake, E the tsunami aid; C's
feed is empty; D answers 500. Poll 2: B and C report the Air France story too, A an
unrelated one (the Bali conference) and repeats its old entry; B lists its page twice (the
AMP copy's canonical URL is the page's); C also links a page that is gone (404, a short
summary) and one that is gone but whose entry carries the whole text; E has not changed
(304); D is backing off.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from newsite import WIKINEWS, Route, Site, atom, page_html, rss

from newsfuse.cli import main
from newsfuse.follow import Watcher, WatchOptions
from newsfuse.load.url import Fetcher
from newsfuse.models import Article
from newsfuse.settings import FetchSettings
from newsfuse.web.feedstore import EntryRecord
from newsfuse.web.store import Store, database_url

A, B, C = "Daily Planet", "Morning Star", "Evening Post"


def _text(name: str) -> str:
    return (WIKINEWS / f"{name}.txt").read_text(encoding="utf-8")


def _first_poll(site: Site) -> None:
    u = site.url
    site.routes.update(
        {
            "/a/af1.html": Route(page_html("M0080", A)),
            "/a/bali.html": Route(page_html("M0040", A)),
            "/b/chile.html": Route(page_html("M0052", B)),
            "/b/af2.html": Route(page_html("M0082", B)),
            "/c/af3.html": Route(page_html("M0085", C)),
            "/b/amp/af2.html": Route(page_html("M0082", B, canonical=u("/b/af2.html"))),
            "/e/tsunami.html": Route(page_html("M0000", "Wire")),
            "/a.xml": Route(
                rss("A", [("af1", u("/a/af1.html"), "Air France jet missing", "")]),
                "application/rss+xml",
                conditional=True,
            ),
            "/b.xml": Route(
                atom("B", [("urn:chile", u("/b/chile.html"), "Chile earthquake")]),
                "application/atom+xml",
                gzip=True,
                conditional=True,
            ),
            "/c.xml": Route(rss("C", []), "application/rss+xml"),
            "/d.xml": Route(b"server error", "text/plain", status=500),
            "/e.xml": Route(
                rss("E", [("t", u("/e/tsunami.html"), "Tsunami aid", "")]),
                "application/rss+xml",
                conditional=True,
            ),
        }
    )


def _second_poll(site: Site) -> None:
    u = site.url
    site.routes["/a.xml"] = Route(
        rss(
            "A",
            [
                ("bali", u("/a/bali.html"), "Bali climate conference", ""),
                ("af1", u("/a/af1.html"), "Air France jet missing", ""),  # repeated
            ],
        ),
        "application/rss+xml",
        conditional=True,
    )
    site.routes["/b.xml"] = Route(
        atom(
            "B",
            [
                ("urn:af2", u("/b/af2.html"), "Search for Air France jet"),
                ("urn:af2-amp", u("/b/amp/af2.html"), "Search for Air France jet"),
                ("urn:chile", u("/b/chile.html"), "Chile earthquake"),
            ],
        ),
        "application/atom+xml",
        gzip=True,
        conditional=True,
    )
    site.routes["/c.xml"] = Route(
        rss(
            "C",
            [
                ("af3", u("/c/af3.html"), "Air France debris found", ""),
                ("gone", u("/c/gone.html"), "A page that is gone", "Too short to stand in."),
                ("haiti", u("/c/haiti.html"), "Haiti aftershock", _text("M0061")),
            ],
        ),
        "application/rss+xml",
    )


def _feed_list(site: Site, folder: Path) -> tuple[Path, Path]:
    names = ["/a.xml", "/b.xml", "/c.xml", "/d.xml", "/e.xml"]
    plain = folder / "feeds.txt"
    plain.write_text("# outlets\n" + "".join(site.url(n) + "\n" for n in names))
    opml = folder / "feeds.opml"
    outlines = "".join(f'<outline text="{n}" xmlUrl="{site.url(n)}"/>' for n in names)
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    return plain, opml


def _watch(*args: object) -> int:
    with pytest.raises(SystemExit) as exited:
        main(["watch", *map(str, args), "--once", "--allow-private", "--delay", "0"])
    return int(exited.value.code or 0)


def _rows(db: Path, query: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query, params).fetchall()


@pytest.fixture
def watched(site, tmp_path):
    """The store after both polls (the first from the OPML list, the second from the plain
    list of the same feeds), and what each poll printed."""
    plain, opml = _feed_list(site, tmp_path)
    db = tmp_path / "news.db"
    _first_poll(site)
    assert _watch(opml, "--db", db) == 0
    first = {
        "articles": _rows(db, "SELECT count(*) FROM articles")[0][0],
        "stories": _rows(db, "SELECT count(*) FROM stories")[0][0],
    }
    _second_poll(site)
    assert _watch(plain, "--db", db) == 0
    return db, first


def _stories(db: Path) -> dict[str, list[tuple[str, str]]]:
    """story id -> [(outlet, url)] in arrival order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for story, outlet, url in _rows(
        db, "SELECT story_id, outlet, url FROM articles ORDER BY story_id, position"
    ):
        out.setdefault(story, []).append((outlet, url))
    return out


def test_watch_twice_groups_new_reports_into_their_stories(watched, site):
    db, first = watched
    assert first == {"articles": 3, "stories": 3}
    stories = _stories(db)
    by_page = {
        url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[-1]: s
        for s, v in stories.items()
        for _, url in v
    }
    air_france = by_page["a/af1.html"]
    outlets = [o for o, _ in stories[air_france]]
    assert outlets[0] == A and sorted(outlets[1:]) == sorted([B, C])  # A, then B and C
    assert by_page["c/af3.html"] == air_france
    assert (
        len(
            {by_page["a/bali.html"], by_page["b/chile.html"], by_page["e/tsunami.html"], air_france}
        )
        == 4
    )
    assert sum(len(v) for v in stories.values()) == 7  # + Haiti from the entry's own text
    # B's page and its AMP copy (whose canonical URL is the page's): one article
    assert len({"b/af2.html", "amp/af2.html"} & set(by_page)) == 1


def test_watch_store_cleans_a_storys_reports_together(tmp_path):
    """Reports that join a story are cleaned with the story's other reports, as the pipeline
    cleans a story: a short line that two outlets both hold is page furniture."""
    furniture = "The Valley Herald weather desk"  # read alone, it may be a subhead
    first = (
        "Flood waters rose across the valley on Sunday as the river broke its banks in three "
        "places, forcing hundreds of families from their homes before dawn.\n\n"
        + furniture
        + "\n\nThe county's emergency manager said crews had opened two shelters at local "
        "schools and that buses would run through the night to carry residents to safety."
    )
    second = (
        "Hundreds of families left their homes on Sunday as the river broke its banks in three "
        "places and flood waters rose across the valley.\n\nEmergency crews opened shelters "
        "at two schools, the county's emergency manager said, and buses ran through the "
        "night.\n\n" + furniture
    )
    store = Store(database_url(str(tmp_path / "news.db")))
    try:
        feed = store.add_feed("https://example.org/feed.xml")
        (story_id,) = store.record_entries(
            [EntryRecord(feed.id, "g1", None, story_id="s1", article=Article(id="x", text=first))],
            None,
        )
        alone = store.get_story(story_id)
        assert alone is not None and furniture in alone.articles[0].text
        store.record_entries(
            [EntryRecord(feed.id, "g2", None, story_id="s1", article=Article(id="y", text=second))],
            None,
        )
        together = store.get_story(story_id)
        assert together is not None and len(together.articles) == 2
        assert all(furniture not in article.text for article in together.articles)
        assert "shelters at local schools" in together.articles[0].text
    finally:
        store.close()


def test_watch_records_failures_duplicates_and_feed_status(watched, site):
    db, _ = watched
    errors = dict(_rows(db, "SELECT link, error FROM feed_entries WHERE error IS NOT NULL"))
    assert (
        list(errors) == [site.url("/c/gone.html")]
        and "HTTP 404" in errors[site.url("/c/gone.html")]
    )
    (haiti,) = _rows(
        db, "SELECT source_format, outlet FROM articles WHERE url = ?", site.url("/c/haiti.html")
    )
    assert haiti == ("feed", "C")  # the page is gone; the entry's text stands in
    feeds = dict(_rows(db, "SELECT url, status FROM feeds"))
    assert feeds[site.url("/d.xml")] == "error" and feeds[site.url("/e.xml")] == "not-modified"
    assert site.requests["/d.xml"] == 1  # backing off: not asked again at once
    assert site.requests["/a/af1.html"] == 1  # the repeated entry is not fetched again
    assert site.max_active <= 2  # one host: at most two connections at once


def test_watch_conditional_requests_answered_not_modified(watched, site):
    assert site.not_modified == 1  # E, unchanged; A and B changed, C and D do not validate
    assert site.requests["/e.xml"] == 2


def test_watch_briefs_stored_and_update_brief_tells_the_new_reports(watched, site):
    db, _ = watched
    air_france = _rows(db, "SELECT story_id FROM articles WHERE url = ?", site.url("/a/af1.html"))[
        0
    ][0]
    stored = _rows(
        db,
        "SELECT count(*) FROM briefs b JOIN stories s ON s.id = b.story_id "
        "AND s.revision = b.revision WHERE s.id = ?",
        air_france,
    )
    assert stored == [(1,)]  # recomputed after the poll that changed the story
    store = Store(database_url(str(db)))
    try:
        arrivals = store.arrivals(air_france)
        update = store.brief(air_france, 120, since="a1")  # a1: A's report, read before
        full = store.brief(air_france, 120)
    finally:
        store.close()
    assert update is not None and full is not None and update.sentences
    first, *later = arrivals  # the story's revisions: A's report, then B's and C's
    assert first[0] == "a1" and sorted(a for a, _ in later) == ["a2", "a3"]
    assert first[1] < later[0][1]
    assert {s.article_id for s in update.sentences} <= {"a2", "a3"}
    assert any(s.article_id == "a1" for s in full.sentences)


def test_watch_keep_prunes_old_stories_with_their_articles_and_entries(watched, site):
    db, _ = watched
    chile = _rows(db, "SELECT story_id FROM articles WHERE url = ?", site.url("/b/chile.html"))[0][
        0
    ]
    old = (datetime.now(UTC) - timedelta(days=40)).replace(tzinfo=None)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE stories SET updated = ? WHERE id = ?", (old, chile))
    plain = db.parent / "feeds.txt"
    assert _watch(plain, "--db", db, "--keep", "30d") == 0
    assert _rows(db, "SELECT count(*) FROM stories WHERE id = ?", chile) == [(0,)]
    assert _rows(db, "SELECT count(*) FROM articles WHERE story_id = ?", chile) == [(0,)]
    assert _rows(db, "SELECT count(*) FROM feed_entries WHERE story_id = ?", chile) == [(0,)]
    assert _rows(db, "SELECT count(*) FROM stories")[0][0] == 4


def test_watch_user_errors_are_one_line(tmp_path, capsys):
    assert _watch(tmp_path / "missing.txt", "--db", tmp_path / "x.db") == 2
    assert _watch(WIKINEWS.parent / "feeds.txt", "--db", tmp_path / "x.db", "--keep", "soon") == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    assert _watch(empty, "--db", tmp_path / "x.db") == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3 and all(e.startswith("Error: ") for e in errors)


def test_watch_retry_after_sets_the_back_off(site, tmp_path):
    site.routes["/busy.xml"] = Route(
        b"busy", "text/plain", status=503, headers={"Retry-After": "7200"}
    )
    store = Store(database_url(str(tmp_path / "news.db")))
    try:
        store.add_feed(site.url("/busy.xml"))
        with Fetcher(FetchSettings(allow_private=True)) as fetcher:
            summary = Watcher(store, fetcher, WatchOptions(delay=0)).poll()
        (feed,) = store.feeds()
    finally:
        store.close()
    assert summary.feed_errors == 1 and feed.status == "error" and "HTTP 503" in (feed.error or "")
    assert feed.next_poll is not None
    assert timedelta(hours=1.9) < feed.next_poll - datetime.now(UTC) <= timedelta(hours=2)


def test_watch_and_concurrent_readers_share_one_sqlite_file(site, tmp_path):
    """A poll writes 30 articles in batches while four threads (on a Store of their own, as
    `serve` has) read the same file and store briefs."""
    names = sorted(p.stem for p in WIKINEWS.glob("M00[0-2]*.txt"))
    items = []
    for n, name in enumerate(names):
        site.routes[f"/p/{n}.html"] = Route(page_html(name, f"Outlet {n % 3}"))
        items.append((name, site.url(f"/p/{n}.html"), name, ""))
    site.routes["/many.xml"] = Route(rss("Many", items), "application/rss+xml")
    db = database_url(str(tmp_path / "news.db"))
    writer, reader = Store(db), Store(db)
    writer.add_feed(site.url("/many.xml"))
    done, failures = threading.Event(), []

    def read() -> None:
        while not done.is_set():
            try:
                for n, listing in enumerate(reader.list_stories()):
                    reader.get_story(listing.id)
                    if n < 2:  # as `serve` does: a brief computed and stored meanwhile
                        reader.brief(listing.id, 60)
                reader.feeds()
            except Exception as exc:  # noqa: BLE001 - any error fails the test below
                failures.append(exc)
                return

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        with Fetcher(FetchSettings(allow_private=True)) as fetcher:
            summary = Watcher(writer, fetcher, WatchOptions(delay=0, batch=5)).poll()
    finally:
        done.set()
        for thread in threads:
            thread.join()
        writer.close()
        reader.close()
    assert failures == []
    assert summary.articles == len(names) == 30


def _feed_of_four_stories(site: Site) -> None:
    """One conditional feed at /feed.xml whose four entries are four stories' pages."""
    items = []
    for n, name in enumerate(["M0040", "M0052", "M0060", "M0080"]):
        site.routes[f"/p/{n}.html"] = Route(page_html(name, "Outlet"))
        items.append((name, site.url(f"/p/{n}.html"), name, ""))
    site.routes["/feed.xml"] = Route(rss("Feed", items), "application/rss+xml", conditional=True)


def test_watch_max_new_leaves_the_rest_for_the_next_poll(site, tmp_path):
    _feed_of_four_stories(site)
    store = Store(database_url(str(tmp_path / "news.db")))
    try:
        store.add_feed(site.url("/feed.xml"))
        with Fetcher(FetchSettings(allow_private=True)) as fetcher:
            first = Watcher(store, fetcher, WatchOptions(delay=0, max_new=3)).poll()
            second = Watcher(store, fetcher, WatchOptions(delay=0, max_new=3)).poll()
            third = Watcher(store, fetcher, WatchOptions(delay=0, max_new=3)).poll()
    finally:
        store.close()
    assert (first.articles, first.deferred) == (3, 1)
    assert (second.articles, second.not_modified) == (1, 0)  # read whole: no validators kept
    assert (third.articles, third.not_modified) == (0, 1)


def test_watch_stopped_mid_poll_reads_the_feed_whole_next_time(site, tmp_path):
    _feed_of_four_stories(site)
    store = Store(database_url(str(tmp_path / "news.db")))
    stop = threading.Event()
    try:
        store.add_feed(site.url("/feed.xml"))
        with Fetcher(FetchSettings(allow_private=True)) as fetcher:
            watcher = Watcher(
                store, fetcher, WatchOptions(delay=0, batch=1), on_article=lambda *_: stop.set()
            )
            first = watcher.poll(stop)  # stops after the first article is stored
            stop.clear()
            second = Watcher(store, fetcher, WatchOptions(delay=0)).poll(stop)
    finally:
        store.close()
    assert first.articles == 1
    assert (second.articles, second.not_modified) == (3, 0)
