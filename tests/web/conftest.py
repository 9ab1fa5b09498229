"""Fixtures of the web tests: a Store on a temporary SQLite file, a TestClient, the example."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")

from fastapi.testclient import TestClient

from newsfuse.load.url import Fetcher
from newsfuse.settings import FetchSettings
from newsfuse.web.app import create_app
from newsfuse.web.inputs import Limits
from newsfuse.web.store import Store, database_url

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nato-libya-2011"

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Bridge reopens | Harbour Herald</title>
<meta property="og:site_name" content="Harbour Herald">
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2024-03-01T10:00:00Z">
</head><body><nav><a href="/">Home</a> Subscribe now</nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened on Friday after three months of repairs, the city said.</p>
<p>The repairs cost more than $2 million and closed the bridge to lorries since December.</p>
</article></body></html>"""


@pytest.fixture
def bridge_page() -> str:
    return PAGE


@pytest.fixture
def example_texts() -> list[str]:
    return [(EXAMPLE / n).read_text() for n in ("aljazeera.txt", "cbsnews.txt")]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "newsfuse.db"


@pytest.fixture
def store(db_path: Path):
    store = Store(database_url(str(db_path)))
    yield store
    store.close()


def _pages(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/bridge.html":
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})
    return httpx.Response(404, text="not found")


@pytest.fixture
def mock_fetcher() -> Fetcher:
    """Fetches from an in-memory site; addresses are not checked (the site is not real)."""
    return Fetcher(FetchSettings(allow_private=True), transport=httpx.MockTransport(_pages))


@pytest.fixture
def client(store: Store, mock_fetcher: Fetcher):
    limits = Limits(max_articles=5, max_body_bytes=2**20)
    app = create_app(store, fetcher=mock_fetcher, limits=limits)
    with TestClient(app) as client:
        yield client


# Debian's Chromium, driven by Playwright (no browser download: `playwright install` needs the net).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == []  # no script error, no resource refused by the CSP
