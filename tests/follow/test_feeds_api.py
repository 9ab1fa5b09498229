"""GET/POST/DELETE /api/feeds and the store's feed methods behind them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsfuse.web.app import create_app
from newsfuse.web.store import Store, database_url


def test_feeds_api_add_list_remove(tmp_path):
    store = Store(database_url(str(tmp_path / "news.db")))
    with TestClient(create_app(store)) as client:
        assert client.get("/api/feeds").json() == {"feeds": []}
        added = client.post("/api/feeds", json={"url": "https://example.org/rss", "title": "Ex"})
        assert added.status_code == 201
        feed = added.json()
        assert feed["url"] == "https://example.org/rss" and feed["title"] == "Ex"
        assert feed["status"] == "new" and feed["entries"] == 0 and feed["last_poll"] is None
        again = client.post("/api/feeds", json={"url": "https://example.org/rss"})
        assert again.status_code == 409 and "already followed" in again.json()["detail"]
        assert [f["id"] for f in client.get("/api/feeds").json()["feeds"]] == [feed["id"]]
        assert client.delete(f"/api/feeds/{feed['id']}").status_code == 204
        assert client.delete(f"/api/feeds/{feed['id']}").status_code == 404
    store.close()


def test_feeds_api_refuses_local_paths_and_bad_urls(tmp_path):
    store = Store(database_url(str(tmp_path / "news.db")))
    with TestClient(create_app(store)) as client:
        for url in (str(tmp_path), "ftp://example.org/rss", "https://", "http://[::1"):
            response = client.post("/api/feeds", json={"url": url})
            assert response.status_code == 422, url
            assert response.headers["content-type"] == "application/json"
    assert store.feeds() == []
    local = store.add_feed(str(tmp_path))  # the command line may follow a local folder
    assert local.url == str(tmp_path)
    store.close()
