"""The REST API with FastAPI's TestClient against a temporary SQLite file."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

import newsfuse
from newsfuse.render import render_json
from newsfuse.web.app import create_app


def _create(client, texts, **extra):
    response = client.post(
        "/api/stories", json={"articles": [{"text": t} for t in texts], **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_create_story_and_read_its_brief_as_summarize_json(client, example_texts):
    story_id = _create(client, example_texts, title="NATO ends its Libya mission")
    response = client.get(f"/api/stories/{story_id}/brief", params={"words": 120})
    assert response.status_code == 200
    brief = response.json()
    expected = json.loads(render_json(newsfuse.summarize(example_texts, words=120)))
    assert brief.keys() == expected.keys()
    assert brief["summary"] == expected["summary"]
    assert brief["sentences"] == expected["sentences"]
    assert brief["facts"] == expected["facts"]
    assert [a["source"] for a in brief["articles"]] == ["Al Jazeera", "CBS News"]
    assert any(set(s["sources"]) == {"a1", "a2"} for s in brief["sentences"])


def test_brief_as_markdown_and_text(client, example_texts):
    story_id = _create(client, example_texts)
    markdown = client.get(f"/api/stories/{story_id}/brief?words=80&format=markdown")
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# NATO") and "## Sources" in markdown.text
    text = client.get(f"/api/stories/{story_id}/brief?words=80&format=text")
    assert "Sources:" in text.text


def test_list_get_add_and_delete(client, example_texts):
    story_id = _create(client, example_texts[:1], title="one")
    listing = client.get("/api/stories").json()["stories"]
    assert [(s["id"], s["title"], s["articles"]) for s in listing] == [(story_id, "one", 1)]

    story = client.get(f"/api/stories/{story_id}").json()
    assert [a["id"] for a in story["articles"]] == ["a1"]
    assert story["links"]["page"] == f"/stories/{story_id}"

    before = client.get(f"/api/stories/{story_id}/brief").json()
    added = client.post(
        f"/api/stories/{story_id}/articles", json={"text": example_texts[1], "source": "CBS"}
    )
    assert added.status_code == 201 and added.json()["id"] == "a2"
    assert added.json()["source"] == "CBS"
    after = client.get(f"/api/stories/{story_id}/brief").json()
    assert len(after["articles"]) == 2 and after != before

    articles = client.get(f"/api/stories/{story_id}/articles").json()["articles"]
    assert articles[0]["dropped_lines"] and articles[0]["raw_text"] != articles[0]["text"]

    assert client.delete(f"/api/stories/{story_id}/articles/a2").status_code == 204
    assert len(client.get(f"/api/stories/{story_id}").json()["articles"]) == 1
    assert client.delete(f"/api/stories/{story_id}").status_code == 204
    assert client.get(f"/api/stories/{story_id}").status_code == 404
    assert client.delete(f"/api/stories/{story_id}").status_code == 404


def test_html_and_url_articles(client, bridge_page):
    story_id = client.post(
        "/api/stories",
        json={
            "articles": [
                {"html": bridge_page},
                {"url": "https://news.example.org/bridge.html", "source": "Wire"},
            ]
        },
    ).json()["id"]
    articles = client.get(f"/api/stories/{story_id}").json()["articles"]
    assert articles[0]["source"] == "Harbour Herald"
    assert articles[0]["author"] == "Ann Writer"
    assert articles[1]["url"] == "https://news.example.org/bridge.html"
    assert articles[1]["source"] == "Wire"
    brief = client.get(f"/api/stories/{story_id}/brief?words=40").json()
    assert set(brief["sentences"][0]["sources"]) == {"a1", "a2"}


def test_upload_files(client, example_dir):
    files = [
        ("files", (name, (example_dir / name).read_bytes(), "text/plain"))
        for name in ("aljazeera.txt", "cbsnews.txt")
    ]
    response = client.post("/api/stories/files", files=files, data={"title": "uploaded"})
    assert response.status_code == 201, response.text
    assert [a["source"] for a in response.json()["articles"]] == ["Al Jazeera", "CBS News"]
    binary = client.post("/api/stories/files", files=[("files", ("x.txt", b"\x00\x01\x02", "a/b"))])
    assert binary.status_code == 422 and "binary" in binary.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"articles": []}, 422, "no article given"),
        ({"articles": [{"text": "   "}]}, 422, "no text"),
        ({"articles": [{"text": "a", "url": "https://x.org/"}]}, 422, "exactly one"),
        ({"articles": [{"text": "x"}] * 6}, 422, "at most 5 articles"),
        ({"articles": [{"url": "https://news.example.org/missing"}]}, 422, "HTTP 404"),
        ({"articles": [{"url": "ftp://x.org/a"}]}, 422, "http(s)"),
        ({"articles": [{"html": "<html><body></body></html>"}]}, 422, "no article text"),
        ({"articles": [{"txt": "typo"}]}, 422, "txt"),
        ({"title": "no articles"}, 422, "articles"),
    ],
)
def test_bad_requests_get_clear_4xx_json(client, payload, status, message):
    response = client.post("/api/stories", json=payload)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert message in json.dumps(response.json())
    assert client.get("/api/stories").json()["stories"] == []  # nothing half-made stored


def test_limits_on_body_words_and_missing_stories(client, example_texts):
    huge = client.post("/api/stories", json={"articles": [{"text": "word " * 300_000}]})
    assert huge.status_code == 413 and "larger than" in huge.json()["detail"]
    not_json = client.post(
        "/api/stories", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 422
    story_id = _create(client, example_texts)
    assert client.get(f"/api/stories/{story_id}/brief?words=5000").status_code == 422
    assert client.get(f"/api/stories/{story_id}/brief?words=3").status_code == 422
    missing = client.get("/api/stories/nope/brief")
    assert missing.status_code == 404 and missing.json() == {"detail": "no story 'nope'"}


def test_private_addresses_are_refused_by_default(store):
    with TestClient(create_app(store)) as client:
        response = client.post(
            "/api/stories", json={"articles": [{"url": "http://127.0.0.1:9/admin"}]}
        )
    assert response.status_code == 422
    assert "private or local address" in response.json()["detail"]


def test_openapi_and_docs_served_locally(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}/brief"} <= schema["paths"].keys()
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "swagger" in docs.lower()


def test_security_headers_and_cross_site_posts(client, example_texts):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    forged = client.post(
        "/stories", data={"text": example_texts[0]}, headers={"origin": "https://evil.example"}
    )
    assert forged.status_code == 403
    assert client.get("/api/stories").json()["stories"] == []
