"""Update and query-focused briefs through the API and the story page (the hand-made
stories of tests/test_focus.py)."""

from __future__ import annotations

from test_focus import MONDAY_AP, MONDAY_REUTERS, WEDNESDAY_NOTHING, WEDNESDAY_TOLL


def _article(a):
    return {"text": a.text, "source": a.outlet, "published": a.published}


def _create(client, articles):
    response = client.post("/api/stories", json={"articles": [_article(a) for a in articles]})
    assert response.status_code == 201, response.text
    return response.json()["id"], [a["id"] for a in response.json()["articles"]]


def test_api_brief_since_a_date_tells_only_the_new_report(client):
    story_id, _ = _create(client, [MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL])
    brief = client.get(f"/api/stories/{story_id}/brief", params={"since": "2023-05-15"}).json()
    assert len(brief["since"]) == 2
    (sentence,) = brief["sentences"]
    assert "killed 30 people" in sentence["text"]
    assert sentence["earlier"][0]["text"] == "12 people"
    # the plain brief is the same as before: no update keys
    plain = client.get(f"/api/stories/{story_id}/brief").json()
    assert "since" not in plain and len(plain["sentences"]) > 1


def test_api_brief_since_article_ids_and_nothing_new(client):
    story_id, ids = _create(client, [MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_NOTHING])
    read = ",".join(ids[:2])
    brief = client.get(f"/api/stories/{story_id}/brief", params={"since": read}).json()
    assert brief["sentences"] == [] and brief["notice"].startswith("Nothing new")
    text = client.get(
        f"/api/stories/{story_id}/brief", params={"since": read, "format": "text"}
    ).text
    assert "Nothing new" in text


def test_api_brief_query_and_bad_since(client):
    story_id, _ = _create(client, [MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL])
    brief = client.get(
        f"/api/stories/{story_id}/brief", params={"query": "How many people died?"}
    ).json()
    assert brief["query"] == "How many people died?"
    bad = client.get(f"/api/stories/{story_id}/brief", params={"since": "no-such-article"})
    assert bad.status_code == 422 and "no-such-article" in bad.json()["detail"]


def test_story_page_offers_whats_new_and_a_question_box(client):
    story_id, _ = _create(client, [MONDAY_REUTERS, MONDAY_AP, WEDNESDAY_TOLL])
    page = client.get(f"/stories/{story_id}").text
    assert "What&#39;s new since 2023-05-15" in page or "What's new since 2023-05-15" in page
    assert 'name="q"' in page
    update = client.get(f"/stories/{story_id}", params={"since": "2023-05-15"}).text
    assert "to the 2 read before" in update
    assert "was “12 people” (Reuters, 2023-05-15)" in update
    asked = client.get(f"/stories/{story_id}", params={"q": "How many people died?"}).text
    assert "on “How many people died?”" in asked


def test_story_page_of_one_date_offers_no_update(client):
    story_id, _ = _create(client, [MONDAY_REUTERS, MONDAY_AP])
    page = client.get(f"/stories/{story_id}").text
    assert "new since" not in page and 'name="q"' in page
