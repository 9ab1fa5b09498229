"""Browser tests: Playwright drives Debian's Chromium (headless) against `newsfuse serve`.

Skipped, with the reason, when /usr/bin/chromium is not installed (`.ci/run` installs it).
"""

from __future__ import annotations

import httpx
import pytest
from serving import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`newsfuse serve` on 127.0.0.1 with a fresh database, as a user starts it."""
    with serving(tmp_path_factory.mktemp("serve") / "newsfuse.db") as base:
        yield base


def _submit_story(page, base, texts, title=""):
    page.goto(base + "/stories/new")
    boxes = page.locator("textarea[name=text]")
    while boxes.count() < len(texts):
        page.get_by_role("button", name="Add another report").click()
    for n, text in enumerate(texts):
        boxes.nth(n).fill(text)
    if title:
        page.get_by_label("Title (optional)").fill(title)
    page.get_by_role("button", name="Write the brief").click()
    page.wait_for_url("**/stories/*")


def test_paste_the_example_and_read_the_cited_brief(server, page, example_dir, tmp_path):
    texts = [(example_dir / n).read_text() for n in ("aljazeera.txt", "cbsnews.txt")]
    _submit_story(page, server, texts)
    assert page.locator("h1").inner_text() == "NATO announces end of Libya mission"

    markers = {n: page.locator(f".brief .cite.src-{n}") for n in (0, 1)}
    assert markers[0].count() > 0 and markers[1].count() > 0
    colours = {
        n: m.first.evaluate("e => getComputedStyle(e).backgroundColor") for n, m in markers.items()
    }
    assert colours[0] != colours[1]  # each outlet its colour

    # hovering a CBS News marker shows CBS News' supporting sentence
    marker = markers[1].first
    tip = marker.locator(".tip")
    assert not tip.is_visible()
    marker.hover()
    tip.wait_for(state="visible")
    tip_text = tip.inner_text()
    assert "CBS News" in tip_text
    quote = tip_text.split(":", 1)[1].strip()
    assert quote and quote in page.locator("#article-a2 .text").inner_text()

    # the supporting sentence is marked in that report's cleaned text
    anchor = marker.get_attribute("href")
    assert page.locator(f"{anchor}").inner_text().strip() == quote

    sources = page.locator(".sources li").all_inner_texts()
    assert any("Al Jazeera" in s for s in sources) and any("CBS News" in s for s in sources)
    assert page.locator(".facts").inner_text().count("Where the outlets agree") == 1

    shot = tmp_path / "story-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    page.select_option("form.length select", "60")  # the length menu reloads the brief
    page.wait_for_url("**words=60")
    assert page.locator(".brief .sentence").count() >= 1


def test_injected_script_is_shown_as_text(server, page):
    evil = (
        "Officials said the harbour bridge would reopen on Friday after three months of repairs.\n"
        "<script>document.title = 'pwned'; window.pwned = true;</script>\n"
        "The work cost more than $2 million, the city said on Thursday."
    )
    _submit_story(page, server, [evil], title="<script>window.pwned = true;</script>")
    assert page.evaluate("() => window.pwned === undefined")
    assert page.title() != "pwned"
    report = page.locator("#article-a1 .text").inner_text()
    assert "<script>document.title = 'pwned'; window.pwned = true;</script>" in report
    assert page.locator("h1").inner_text() == "<script>window.pwned = true;</script>"


def test_whats_new_since_a_date_and_a_question(server, page, tmp_path):
    from test_focus import MONDAY_AP, MONDAY_REUTERS, WEDNESDAY_TOLL

    articles = [
        {"text": a.text, "source": a.outlet, "published": a.published}
        for a in (MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL)
    ]
    created = httpx.post(server + "/api/stories", json={"articles": articles}, timeout=30)
    assert created.status_code == 201
    page.goto(f"{server}/stories/{created.json()['id']}")
    page.get_by_role("link", name="What's new since 2023-05-15").click()
    page.wait_for_url("**since=2023-05-15**")
    brief = page.locator(".brief").inner_text()
    assert "killed 30 people" in brief and "was “12 people” (Reuters, 2023-05-15)" in brief
    assert "to the 2 read before" in page.locator("form.length").inner_text()
    page.screenshot(path=str(tmp_path / "update.png"), full_page=True)

    page.get_by_label("Ask the reports").fill("How many people did the floods kill?")
    page.get_by_role("button", name="Ask").click()
    page.wait_for_url("**q=How**")
    heading = page.locator("form.length").inner_text()
    assert "on “How many people did the floods kill?”" in heading
    assert "killed 30 people" in page.locator(".brief").inner_text()  # still since the date
