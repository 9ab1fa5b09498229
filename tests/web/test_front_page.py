"""The front page: ranking, cards, search (FTS5 and the LIKE fallback), outlet filter, `since`,
the listing API's parameters, the story timeline and the feeds page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, text, update

from newsfuse.load import make_article
from newsfuse.web.frontpage import ago, outlet_colour, score
from newsfuse.web.store import ArticleRow, StoryRow

BRIDGE = (
    "The harbour bridge reopened on Friday after three months of repairs, the city said.\n"
    "The repairs cost more than $2 million and closed the bridge to lorries since December."
)
FLOOD = (
    "Floods in the river valley forced hundreds of families from their homes on Monday.\n"
    "Rescue teams used boats to reach villages cut off by the water, officials said."
)


def _story(store, texts_and_outlets, title=None):
    articles = [make_article(t, outlet=o) for t, o in texts_and_outlets]
    return store.create_story(articles, title)


def _age(store, story_id, hours):
    """Make a story's reports arrive ``hours`` ago."""
    moment = datetime.now(UTC) - timedelta(hours=hours)
    with store.engine.begin() as connection:
        connection.execute(
            update(ArticleRow).where(ArticleRow.story_id == story_id).values(created=moment)
        )
        connection.execute(update(StoryRow).where(StoryRow.id == story_id).values(created=moment))


def test_score_decays_with_hours_and_grows_with_outlets():
    assert score(1, 0) == 1.0
    assert score(3, 12) == pytest.approx(3 / 4)
    assert score(1, 24) == pytest.approx(1 / 9)
    assert score(0, 0) == 1.0  # a story of unnamed outlets counts as one
    assert score(2, -5) == 2.0  # a clock step backwards is no bonus


def test_outlet_colour_is_stable_and_case_blind():
    assert outlet_colour("CBS News") == outlet_colour(" cbs news ")
    assert 0 <= outlet_colour("Al Jazeera") < 12
    assert len({outlet_colour(f"Outlet {n}") for n in range(40)}) > 6


def test_ago_reads_like_a_person():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert ago(now - timedelta(seconds=20), now) == "just now"
    assert ago(now - timedelta(minutes=12, seconds=30), now) == "12 min ago"
    assert ago(now - timedelta(hours=5), now) == "5 h ago"
    assert ago(now - timedelta(days=1, hours=2), now) == "1 day ago"


def test_front_page_ranks_by_outlets_decayed_by_hours(store, example_texts):
    wide = _story(store, [(BRIDGE, "Herald"), (BRIDGE + " More.", "Gazette"), (FLOOD, "Post")])
    fresh = _story(store, [(FLOOD, "Post")])
    old = _story(store, [(FLOOD, "Tribune")])
    _age(store, wide, 10)  # 3 / (1 + 10/12)^2 = 0.89
    _age(store, old, 30)  # 1 / (1 + 30/12)^2 = 0.08
    cards = store.front_page()
    assert [c.id for c in cards] == [fresh, wide, old]
    for card in cards:
        hours = (datetime.now(UTC) - card.updated).total_seconds() / 3600
        assert card.score == pytest.approx(score(card.outlet_count, hours), rel=1e-3)
    assert cards[1].outlet_count == 3 and cards[1].reports == 3
    assert [c.id for c in store.front_page(limit=1, offset=1)] == [wide]


def test_front_page_newest_order_is_the_story_created_last_first(store):
    wide = _story(store, [(BRIDGE, "Herald"), (BRIDGE + " More.", "Gazette")])
    single = _story(store, [(FLOOD, "Post")])
    assert [c.id for c in store.front_page()] == [wide, single]
    assert [c.id for c in store.front_page(order="newest")] == [single, wide]
    with pytest.raises(ValueError, match="order must be one of"):
        store.front_page(order="random")


def test_card_sentence_is_the_stored_brief_s_first_else_the_lead(store, example_texts):
    story_id = store.create_story([make_article(t) for t in example_texts])
    (card,) = store.front_page()
    assert card.headline == "NATO announces end of Libya mission"
    assert card.outlets == ("Al Jazeera", "CBS News")
    assert not card.from_brief and card.sentence and card.sentence != card.headline
    assert card.sentence in store.get_story(story_id).articles[0].text
    brief = store.brief(story_id, store.settings.words)  # as watch and the story page store it
    (card,) = store.front_page()
    assert card.from_brief and card.sentence == brief.sentences[0].text
    store.add_articles(story_id, [make_article(BRIDGE, outlet="Herald")])  # brief now stale
    (card,) = store.front_page()
    assert not card.from_brief and card.reports == 3


@pytest.mark.parametrize("mode", ["fts5", "like"])
def test_front_page_search_finds_every_word_in_reports_or_title(store, mode):
    bridge = _story(store, [(BRIDGE, "Herald")])
    flood = _story(store, [(FLOOD, "Post")], title="Valley floods")
    store.front_page()  # the store finds its search mode
    assert store._search == "fts5"  # migration 0003 on SQLite
    store._search = mode
    assert [c.id for c in store.front_page(q="bridge repairs")] == [bridge]
    assert [c.id for c in store.front_page(q="valley")] == [flood]
    assert [c.id for c in store.front_page(q="Valley floods")] == [flood]  # title and text
    assert store.front_page(q="bridge floods") == []  # every word must be there
    assert len(store.front_page(q="  ")) == 2  # no word: no filter
    assert store.front_page(q='"; DROP TABLE stories; --') == []  # words only, no syntax
    if mode == "fts5":
        assert [c.id for c in store.front_page(q="repaired")] == [bridge]  # stemmed


def test_search_index_follows_added_and_deleted_reports(store):
    bridge = _story(store, [(BRIDGE, "Herald")])
    assert store.front_page(q="floods") == []
    (added,) = store.add_articles(bridge, [make_article(FLOOD, outlet="Post")])
    assert [c.id for c in store.front_page(q="floods")] == [bridge]
    store.delete_article(bridge, added)
    assert store.front_page(q="floods") == []
    store.delete_story(bridge)
    with store.engine.connect() as connection:
        hits = connection.execute(
            text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'bridge'")
        )
        assert hits.scalar() == 0
        connection.execute(
            text("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        )


def test_front_page_filters_by_outlet_and_since(store):
    bridge = _story(store, [(BRIDGE, "Harbour Herald"), (BRIDGE + " Again.", "Post")])
    flood = _story(store, [(FLOOD, "Post")])
    assert [c.id for c in store.front_page(outlet="harbour herald")] == [bridge]
    assert {c.id for c in store.front_page(outlet="Post")} == {bridge, flood}
    assert store.front_page(outlet="Nobody") == []
    _age(store, bridge, 5)
    since = datetime.now(UTC) - timedelta(hours=1)
    assert [c.id for c in store.front_page(since=since)] == [flood]
    store.add_articles(bridge, [make_article(FLOOD, outlet="Tribune")])  # a second poll
    assert {c.id for c in store.front_page(since=since)} == {bridge, flood}


def test_front_page_takes_three_queries_for_a_thousand_stories_then_one(store):
    now = datetime.now(UTC)
    with store.engine.begin() as connection:
        connection.execute(
            StoryRow.__table__.insert(),
            [
                {"id": f"s{n:04d}", "title": None, "created": now, "revision": 0}
                for n in range(1000)
            ],
        )
        connection.execute(
            ArticleRow.__table__.insert(),
            [
                {
                    "story_id": f"s{n:04d}",
                    "article_id": f"a{k}",
                    "position": k,
                    "outlet": f"Outlet {(n + k) % 7}",
                    "headline": f"Story {n}",
                    "source_format": "text",
                    "origin": "test",
                    "raw_text": f"Story {n}\nReport {k} of story number {n} says it all today.",
                    "cleaned_text": f"Story {n}\nReport {k} of story number {n} says it all today.",
                    "dropped": [],
                    "created": now - timedelta(minutes=n),
                }
                for n in range(1000)
                for k in (1, 2)
            ],
        )
    store.front_page()  # the search mode, found once
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    cards = store.front_page(limit=50)
    assert len(statements) == 3  # has the store changed; the ranked page; its outlets
    statements.clear()
    assert store.front_page(limit=50) == cards and len(statements) == 1  # unchanged: reused
    assert len(cards) == 50 and cards[0].id == "s0000"
    assert cards[0].outlets == ("Outlet 1", "Outlet 2") and cards[0].reports == 2
    assert cards[0].sentence == "Report 1 of story number 0 says it all today."


def test_front_page_listing_follows_writes_of_another_process(store, db_path):
    from newsfuse.web.store import Store, database_url

    bridge = _story(store, [(BRIDGE, "Herald")])
    assert [c.reports for c in store.front_page()] == [1]
    watcher = Store(database_url(str(db_path)))  # as `newsfuse watch` writes the same file
    try:
        watcher.add_articles(bridge, [make_article(BRIDGE + " Again.", outlet="Post")])
        assert [c.reports for c in store.front_page()] == [2]
        assert not store.front_page()[0].from_brief
        watcher.brief(bridge, store.settings.words)  # watch stores the changed story's brief
        assert store.front_page()[0].from_brief
        flood = _story(watcher, [(FLOOD, "Post")])
        assert flood in [c.id for c in store.front_page()]
        watcher.delete_story(flood)
        assert [c.id for c in store.front_page()] == [bridge]
    finally:
        watcher.close()


def test_briefs_stored_with_other_fetch_settings_serve_the_front_page(store, db_path):
    from newsfuse.settings import FetchSettings, Settings
    from newsfuse.web.store import Store, database_url

    story_id = _story(store, [(BRIDGE, "Herald"), (BRIDGE + " Again.", "Post")])
    settings = Settings(fetch=FetchSettings(allow_private=True))  # `watch --allow-private`
    watcher = Store(database_url(str(db_path)), settings)
    try:
        brief = watcher.brief(story_id, settings.words)
    finally:
        watcher.close()
    (card,) = store.front_page()
    assert card.from_brief and card.sentence == brief.sentences[0].text


def test_listing_cache_expires_and_stays_small():
    from newsfuse.web.frontpage import ListingCache

    cache = ListingCache(seconds=0.0, size=2)
    cache.put(("a",), (1,), [])
    assert cache.get(("a",), (1,)) is None  # expired at once
    cache = ListingCache(seconds=60.0, size=2)
    cache.put(("a",), (1,), [])
    assert cache.get(("a",), (1,)) == [] and cache.get(("a",), (2,)) is None
    cache.put(("b",), (1,), [])
    cache.put(("c",), (1,), [])
    assert cache.get(("a",), (1,)) is None and cache.get(("c",), (1,)) == []


def test_api_lists_stories_with_since_q_outlet_and_limit(client, store):
    bridge = _story(store, [(BRIDGE, "Herald"), (BRIDGE + " Again.", "Post")], title="Bridge")
    flood = _story(store, [(FLOOD, "Post")])
    _age(store, flood, 48)
    listing = client.get("/api/stories").json()["stories"]
    assert [s["id"] for s in listing] == [bridge, flood]
    first = listing[0]
    assert first["title"] == "Bridge" and first["headline"] == "Bridge" and first["articles"] == 2
    assert first["outlets"] == ["Herald", "Post"] and first["outlet_count"] == 2
    assert first["sentence"].startswith("The harbour bridge reopened")
    assert first["links"]["page"] == f"/stories/{bridge}"
    assert [s["id"] for s in client.get("/api/stories?q=valley").json()["stories"]] == [flood]
    assert [s["id"] for s in client.get("/api/stories?outlet=HERALD").json()["stories"]] == [bridge]
    assert len(client.get("/api/stories?limit=1").json()["stories"]) == 1
    since = (datetime.now(UTC) - timedelta(hours=1)).replace(tzinfo=None).isoformat()
    assert [s["id"] for s in client.get(f"/api/stories?since={since}").json()["stories"]] == [
        bridge
    ]
    assert client.get("/api/stories?since=yesterday").status_code == 422
    assert client.get("/api/stories?order=newest").json()["stories"][0]["id"] == bridge
    spec = client.get("/openapi.json").json()["paths"]["/api/stories"]["get"]
    assert {"since", "q", "outlet", "limit", "order"} <= {p["name"] for p in spec["parameters"]}


def test_index_page_shows_cards_with_badges_and_filters(client, store, example_texts):
    story_id = store.create_story([make_article(t) for t in example_texts])
    _story(store, [(BRIDGE, "Harbour Herald")])
    html = client.get("/").text
    assert "NATO announces end of Libya mission" in html
    assert "2 reports from 2 outlets, updated" in html and "just now" in html
    badge = f'class="outlet-badge oc-{outlet_colour("CBS News")}" href="/?outlet=CBS%20News"'
    assert badge in html
    assert "data-record-visit" in html and 'class="new-marker" hidden' in html
    assert re.search(rf'data-story="{story_id}" data-updated="[^"]+"', html)
    filtered = client.get("/", params={"outlet": "Harbour Herald"}).text
    assert "NATO announces" not in filtered and "harbour bridge reopened" in filtered
    assert "data-record-visit" not in filtered  # a filtered page is not a visit of the front
    assert 'option value="Harbour Herald" selected' in filtered
    searched = client.get("/", params={"q": "Qaddafi rebels"}).text
    assert "NATO announces" in searched and "harbour bridge" not in searched
    assert "No story matches" in client.get("/", params={"q": "zebra"}).text
    assert "must be an ISO date" in client.get("/", params={"since": "soon"}).text


def test_index_page_pages_through_many_stories(client, store):
    for n in range(31):
        _story(store, [(f"Story {n} of the day: " + BRIDGE, "Herald")])
    html = client.get("/").text
    assert html.count('class="card"') == 30 and 'href="/?offset=30"' in html
    assert client.get("/?offset=30").text.count('class="card"') == 1


def test_story_page_timeline_and_the_whole_brief_beside_an_update(client, store, example_texts):
    story_id = store.create_story([make_article(t) for t in example_texts])
    store.add_articles(story_id, [make_article(BRIDGE, outlet="Herald", published="2011-11-02")])
    html = client.get(f"/stories/{story_id}").text
    timeline = html.split('<section class="timeline"')[1].split("</section>")[0]
    assert re.findall(r'class="outlet src-\d">([^<]+)<', timeline) == [
        "Al Jazeera",
        "CBS News",
        "Herald",
    ]
    assert 'href="#article-a3"' in timeline and "UTC</time>" in timeline
    assert 'data-reports="a1,a2,a3"' in html
    assert "Today's brief of the whole story" not in html
    update = client.get(f"/stories/{story_id}", params={"since": "a1,a2"}).text
    assert "to the 2 read before" in update and "Today's brief of the whole story" in update


def test_feeds_page_adds_lists_and_removes_feeds(client, store):
    added = client.post(
        "/feeds",
        data={"url": "https://news.example.org/rss.xml", "title": "Example"},
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"] == "/feeds"
    html = client.get("/feeds").text
    assert (
        "https://news.example.org/rss.xml" in html
        and '<span class="feed-status">new</span>' in html
    )
    assert "never" in html
    (feed,) = store.feeds()
    again = client.post("/feeds", data={"url": "https://news.example.org/rss.xml"})
    assert again.status_code == 422 and "already followed" in again.text
    local = client.post("/feeds", data={"url": "/etc/hostname"})  # no server files from a form
    assert local.status_code == 422 and store.feeds() == [feed]
    forged = client.post(f"/feeds/{feed.id}/delete", headers={"origin": "https://evil.example"})
    assert forged.status_code == 403 and store.feeds() == [feed]
    removed = client.post(f"/feeds/{feed.id}/delete", follow_redirects=False)
    assert removed.status_code == 303 and store.feeds() == []
    assert client.post(f"/feeds/{feed.id}/delete").status_code == 404
    assert client.post(f"/feeds/{2**70}/delete").status_code == 404  # no overflow in the query
    assert "No feed followed yet" in client.get("/feeds").text


@pytest.fixture
def pg_store(empty_postgres):
    from newsfuse.web.store import Store

    store = Store(empty_postgres)
    yield store
    store.close()


def test_postgres_front_page_ranks_searches_and_filters(pg_store, example_texts):
    nato = pg_store.create_story([make_article(t) for t in example_texts])
    bridge = _story(pg_store, [(BRIDGE, "Harbour Herald")])
    flood = _story(pg_store, [(FLOOD, "Post")])
    _age(pg_store, flood, 30)
    assert pg_store.front_page() and pg_store._search == "postgresql"
    assert [c.id for c in pg_store.front_page()] == [nato, bridge, flood]
    assert [c.id for c in pg_store.front_page(q="bridges repaired")] == [bridge]  # stemmed
    assert [c.id for c in pg_store.front_page(outlet="cbs news")] == [nato]
    since = datetime.now(UTC) - timedelta(hours=1)
    assert {c.id for c in pg_store.front_page(since=since)} == {nato, bridge}
    brief = pg_store.brief(nato, pg_store.settings.words)
    card = pg_store.front_page(limit=1)[0]
    assert card.from_brief and card.sentence == brief.sentences[0].text
    assert [r.id for r in pg_store.timeline(nato)] == ["a1", "a2"]
    pg_store.delete_story(bridge)
    assert pg_store.front_page(q="bridge") == []
