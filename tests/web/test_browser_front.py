"""Browser tests of the reader's side: the front page (cards, outlet badges, search, outlet
filter, "new since your last visit" after a second batch of reports), a story's timeline and
what is new since the last visit, the feeds page. Playwright drives Debian's Chromium against
`newsfuse serve`; the test writes to the same SQLite file through a Store, as `newsfuse
watch` does. Screenshots are kept in each test's tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from serving import serving

from newsfuse.load import make_article
from newsfuse.web.frontpage import outlet_colour
from newsfuse.web.store import Store, database_url

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nato-libya-2011"
BRIDGE = (
    "The harbour bridge reopened on Friday after three months of repairs, the city said.\n"
    "The repairs cost more than $2 million and closed the bridge to lorries since December."
)
BRIDGE_LATER = (
    "Traffic on the reopened harbour bridge was heavy on Saturday, the police said.\n"
    "The city said a second lane for cyclists would open on the bridge next month."
)
FLOOD = (
    "Floods in the river valley forced hundreds of families from their homes on Monday.\n"
    "Rescue teams used boats to reach villages cut off by the water, officials said."
)


@pytest.fixture
def site(tmp_path, browser):
    """`newsfuse serve` on a fresh database, and a Store on the same file (the writer)."""
    db = tmp_path / "news.db"
    store = Store(database_url(str(db)))
    try:
        with serving(db) as base:
            yield base, store
    finally:
        store.close()


def _fill(store: Store) -> dict[str, str]:
    nato = [make_article((EXAMPLE / n).read_text()) for n in ("aljazeera.txt", "cbsnews.txt")]
    return {
        "nato": store.create_story(nato),
        "bridge": store.create_story([make_article(BRIDGE, outlet="Harbour Herald")]),
        "flood": store.create_story([make_article(FLOOD, outlet="Valley Post")]),
    }


def _card(page, story_id):
    return page.locator(f'.card[data-story="{story_id}"]')


def test_front_page_cards_badges_search_and_outlet_filter(site, page, tmp_path):
    base, store = site
    ids = _fill(store)
    page.goto(base + "/")
    assert page.locator(".card").count() == 3
    assert page.locator(".card").first.get_attribute("data-story") == ids["nato"]  # 2 outlets
    nato = _card(page, ids["nato"])
    assert nato.locator("h2 a").inner_text() == "NATO announces end of Libya mission"
    assert "2 reports from 2 outlets, updated just now" in nato.locator(".meta").inner_text()
    assert nato.locator(".lead").inner_text().startswith("Alliance agrees to end")
    badges = nato.locator(".outlet-badge")
    assert badges.all_inner_texts() == ["Al Jazeera", "CBS News"]
    colours = [b.evaluate("e => getComputedStyle(e).backgroundColor") for b in badges.all()]
    if outlet_colour("Al Jazeera") != outlet_colour("CBS News"):
        assert colours[0] != colours[1]
    page.screenshot(path=str(tmp_path / "front-page.png"), full_page=True)

    page.get_by_label("Search").fill("harbour bridge repairs")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**q=harbour**")
    assert page.locator(".card").count() == 1
    assert _card(page, ids["bridge"]).count() == 1

    page.goto(base + "/")
    page.get_by_label("Outlet", exact=True).select_option("Valley Post")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**outlet=Valley+Post**")
    assert [c.get_attribute("data-story") for c in page.locator(".card").all()] == [ids["flood"]]

    page.goto(base + "/")  # a badge filters by its outlet
    nato = _card(page, ids["nato"])
    nato.get_by_role("link", name="CBS News").click()
    page.wait_for_url("**outlet=CBS**")
    assert [c.get_attribute("data-story") for c in page.locator(".card").all()] == [ids["nato"]]
    page.screenshot(path=str(tmp_path / "front-page-outlet.png"), full_page=True)


def test_front_page_marks_stories_new_since_the_last_visit(site, page, tmp_path):
    base, store = site
    ids = _fill(store)
    page.goto(base + "/")  # the first visit: nothing is marked, the visit is recorded
    assert page.locator(".new-marker:visible").count() == 0
    assert page.evaluate("() => localStorage.getItem('newsfuse:last-visit')")

    # a second poll: the bridge story gets a report from another outlet, a new story appears
    store.add_articles(ids["bridge"], [make_article(BRIDGE_LATER, outlet="Bay Gazette")])
    quake = store.create_story([make_article(FLOOD.replace("Floods", "Storms"), outlet="Wire")])

    page.reload()
    new = [c.get_attribute("data-story") for c in page.locator(".card.is-new").all()]
    assert sorted(new) == sorted([ids["bridge"], quake])
    assert _card(page, ids["bridge"]).locator(".new-marker").is_visible()
    assert not _card(page, ids["nato"]).locator(".new-marker").is_visible()
    assert (
        "2 stories new or updated since your last visit"
        in page.locator(".new-summary").inner_text()
    )
    bridge = _card(page, ids["bridge"])
    assert bridge.locator(".outlet-badge").all_inner_texts() == ["Harbour Herald", "Bay Gazette"]
    assert "2 reports from 2 outlets" in bridge.locator(".meta").inner_text()
    page.screenshot(path=str(tmp_path / "front-page-new.png"), full_page=True)

    page.reload()  # seen now: the marks go
    assert page.locator(".card.is-new").count() == 0

    page.goto(base + "/?q=bridge")  # a search is not a visit of the front page
    page.goto(base + "/")
    assert page.locator(".card.is-new").count() == 0


def test_story_timeline_and_whats_new_since_the_last_visit(site, page, tmp_path):
    base, store = site
    ids = _fill(store)
    page.goto(f"{base}/stories/{ids['bridge']}")
    assert page.locator(".timeline li").count() == 1
    assert not page.locator("#since-last-visit").count()  # a first visit: nothing to compare

    store.add_articles(ids["bridge"], [make_article(BRIDGE_LATER, outlet="Bay Gazette")])
    page.reload()
    items = page.locator(".timeline li")
    assert items.count() == 2
    assert "Harbour Herald" in items.nth(0).inner_text()
    assert "Bay Gazette" in items.nth(1).inner_text() and "UTC" in items.nth(1).inner_text()
    assert items.nth(1).locator(".new-marker").is_visible()
    assert not items.nth(0).locator(".new-marker").is_visible()
    link = page.locator("#since-last-visit")
    assert link.inner_text() == "What's new since your last visit (1 new report)"
    page.screenshot(path=str(tmp_path / "story-timeline.png"), full_page=True)

    link.click()
    page.wait_for_url("**since=a1**")
    assert "to the 1 read before" in page.locator("form.length").inner_text()
    assert "second lane for cyclists" in page.locator(".brief").inner_text()
    whole = page.locator("aside.whole-brief")
    assert whole.is_visible() and "harbour bridge reopened" in whole.inner_text()
    page.screenshot(path=str(tmp_path / "story-since-visit.png"), full_page=True)

    items.nth(1).get_by_role("link").first.click()  # the timeline links to the report
    page.wait_for_url("**#article-a2")


def test_feeds_page_adds_and_removes_a_feed(site, page, tmp_path):
    base, store = site
    page.goto(base + "/feeds")
    assert "No feed followed yet" in page.locator("main").inner_text()
    page.get_by_label("Feed URL").fill("https://news.example.org/rss.xml")
    page.get_by_label("Name (optional)").fill("Example News")
    page.get_by_role("button", name="Follow").click()
    page.wait_for_url("**/feeds")
    row = page.locator("table.feeds tbody tr")
    assert row.count() == 1
    assert "Example News" in row.inner_text() and "never" in row.inner_text()
    assert row.locator(".feed-status").inner_text() == "new"
    page.screenshot(path=str(tmp_path / "feeds.png"), full_page=True)
    page.get_by_role("button", name="Remove Example News").click()
    page.wait_for_url("**/feeds")
    assert page.locator("table.feeds").count() == 0 and store.feeds() == []
