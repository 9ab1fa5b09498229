"""HTML pages, URLs and feeds: a real HTTP server on 127.0.0.1, hand-made and shared pages."""

from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsfuse.errors import InputError
from newsfuse.load.html import article_from_html
from newsfuse.load.inputs import feed_links, load_inputs
from newsfuse.load.url import Fetcher
from newsfuse.settings import FetchSettings

PAGE = """<!DOCTYPE html><html lang="en"><head><title>NATO ends Libya mission | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="NATO ends Libya mission">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2011-10-31T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
<article><h1>NATO ends Libya mission</h1>
<p>BRUSSELS - NATO will end on Monday the seven-month bombing campaign that enabled Libyan rebels to overthrow the regime, officials said.</p>
<p>The alliance said its aircraft flew more than 26,000 sorties during the operation, which the United Nations Security Council had authorised in March.</p>
<p>Advertisement</p>
<p>"We have fully complied with the historic mandate of the United Nations," Secretary-General Anders Fogh Rasmussen said in a statement on Friday.</p>
</article><aside>Related: Other stories you may like</aside><footer>Copyright 2011 Example News. All rights reserved.</footer>
</body></html>"""

PAGE_2 = (
    PAGE.replace("Example News", "Other Daily")
    .replace("Jane Reporter", "Joe Writer")
    .replace("more than 26,000 sorties", "9,600 strike sorties")
)

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>{base}/article.html</link></item>
<item><title>b</title><link>{base}/other.html</link></item></channel></rss>"""


SHARED_PAGES = None  # set by the shared_pages fixture


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(
        self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # the http.server API names it so
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        routes = {
            "/article.html": lambda: self._send(200, PAGE.encode()),
            "/other.html": lambda: self._send(200, PAGE_2.encode()),
            "/latin1.html": lambda: self._send(
                200,
                PAGE.replace("officials", "officiels é").encode("latin-1"),
                "text/html; charset=iso-8859-1",
            ),
            "/feed.xml": lambda: self._send(
                200, FEED.format(base=base).encode(), "application/rss+xml"
            ),
            "/missing": lambda: self._send(404, b"not found"),
            "/image.png": lambda: self._send(200, b"\x89PNG\r\n\x1a\n", "image/png"),
            "/big.html": lambda: self._send(
                200, b"<html><body>" + b"x" * 50_000 + b"</body></html>"
            ),
        }
        if self.path in routes:
            routes[self.path]()
        elif self.path.startswith("/shared/") and SHARED_PAGES is not None:
            # real saved pages of ../shared/data, read at test time, served as they were
            page = SHARED_PAGES / self.path.removeprefix("/shared/") / "source.html.gz"
            if page.exists():
                with gzip.open(page) as handle:
                    self._send(200, handle.read())
            else:
                self._send(404, b"")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE.encode())
        else:
            self._send(404, b"")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _fetcher(**changes: object) -> Fetcher:
    settings = {"allow_private": True, "read_timeout": 0.5, "max_bytes": 20_000, **changes}
    return Fetcher(FetchSettings(**settings))


def test_html_metadata_and_clean_text():
    article = article_from_html(PAGE.encode(), url="https://example.org/nato")
    assert article.outlet == "Example News"  # the site's name, not the host
    assert article.title == "NATO ends Libya mission"
    assert (article.author, article.published, article.language) == (
        "Jane Reporter",
        "2011-10-31",
        "en",
    )
    assert "seven-month bombing campaign" in article.text
    for clutter in ("Home", "Subscribe now", "Related:", "All rights reserved"):
        assert clutter not in article.text


def test_html_without_text_is_input_error():
    with pytest.raises(InputError, match="no article text"):
        article_from_html(
            b"<html><head><title>t</title></head><body></body></html>", origin="x.html"
        )


def test_fetch_follows_redirects_and_checks_each_hop(server):
    with _fetcher() as fetcher:
        page = fetcher.fetch(f"{server}/redirect")
        assert page.url.endswith("/article.html") and b"NATO" in page.content
        with pytest.raises(InputError, match="more than 5 redirects"):
            fetcher.fetch(f"{server}/loop")


def test_fetch_refuses_private_addresses_without_the_flag(server):
    with Fetcher(FetchSettings()) as fetcher, pytest.raises(InputError, match="--allow-private"):
        fetcher.fetch(f"{server}/article.html")
    with Fetcher(FetchSettings()) as fetcher, pytest.raises(InputError, match="private or local"):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404"),
        ("/image.png", "not a web page"),
        ("/slow", "timed out"),
        ("/big.html", "larger than 20,000 bytes"),
    ],
)
def test_fetch_errors_are_one_line(server, path, message):
    with _fetcher() as fetcher, pytest.raises(InputError, match=message) as info:
        fetcher.fetch(f"{server}{path}")
    assert "\n" not in str(info.value) and server in str(info.value)


def test_story_from_urls_keeps_going_past_failures(server, caplog):
    with _fetcher() as fetcher:
        story = load_inputs(
            [
                f"{server}/article.html",
                f"{server}/missing",
                f"{server}/image.png",
                f"{server}/other.html",
            ],
            fetcher=fetcher,
        )
    assert [a.outlet for a in story.articles] == ["Example News", "Other Daily"]
    assert [a.id for a in story.articles] == ["127.0.0.1", "127.0.0.1-2"]
    assert sum("HTTP 404" in r.message for r in caplog.records) == 1


def test_story_from_feed_and_url_list(server, tmp_path):
    with _fetcher() as fetcher:
        story = load_inputs([f"{server}/feed.xml"], fetcher=fetcher)
        assert [a.outlet for a in story.articles] == ["Example News", "Other Daily"]
        url_list = tmp_path / "urls.txt"
        url_list.write_text(f"{server}/article.html\n\n{server}/other.html\n")
        assert len(load_inputs([url_list], fetcher=fetcher).articles) == 2


def test_mixed_story_html_file_text_file_and_url(server, tmp_path, example_dir):
    (tmp_path / "page.html").write_text(PAGE)
    with _fetcher() as fetcher:
        story = load_inputs(
            [tmp_path / "page.html", example_dir / "cbsnews.txt", f"{server}/other.html"],
            fetcher=fetcher,
        )
    assert [a.id for a in story.articles] == ["page", "cbsnews", "127.0.0.1"]
    assert [a.outlet for a in story.articles] == ["Example News", "CBS News", "Other Daily"]


def test_cache_fetches_a_page_once(server, tmp_path):
    settings = {"cache_dir": str(tmp_path / "cache")}
    with _fetcher(**settings) as fetcher:
        first = fetcher.fetch(f"{server}/article.html")
    with _fetcher(**settings, connect_timeout=0.01) as offline:
        offline._transport = None
        second = offline.fetch(f"{server}/article.html")  # served from the cache
    assert first.content == second.content and len(list((tmp_path / "cache").iterdir())) == 2


def test_charset_from_header(server):
    with _fetcher() as fetcher:
        story = load_inputs([f"{server}/latin1.html"], fetcher=fetcher)
    assert "officiels é" in story.articles[0].text


def test_feed_links_rss_and_atom():
    atom = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.example/1"/></entry></feed>'
    assert feed_links(atom) == ["https://a.example/1"]
    assert feed_links(b"<html><body>no</body></html>") is None


def test_cli_summarize_urls_with_a_failure(server):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsfuse",
            "summarize",
            f"{server}/article.html",
            f"{server}/other.html",
            f"{server}/missing",
            "--allow-private",
            "-f",
            "json",
            "-w",
            "60",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert {a["source"] for a in json.loads(result.stdout)["articles"]} == {
        "Example News",
        "Other Daily",
    }
    assert result.stderr.strip() == f"newsfuse: WARNING: {server}/missing: HTTP 404"


def test_cli_extract_json(server, capsys):
    from newsfuse.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["extract", f"{server}/article.html", "--allow-private", "--format", "json"])
    assert exit_info.value.code == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert set(record) == {
        "input",
        "text",
        "title",
        "source",
        "author",
        "published",
        "url",
        "language",
    }
    assert record["source"] == "Example News" and "Advertisement" not in record["text"]


@pytest.mark.slow
def test_shared_readability_pages_give_text_and_title(shared_data):
    folder = shared_data / "readability-test-pages"
    pages = sorted(p for p in folder.iterdir() if (p / "source.html.gz").exists())[:15]
    read = 0
    for page in pages:
        with gzip.open(page / "source.html.gz") as handle:
            html = handle.read()
        try:
            article = article_from_html(html, origin=page.name)
        except InputError:
            continue
        expected = json.loads((page / "expected-metadata.json").read_text())
        read += 1
        assert article.text.strip()
        if expected.get("lang") and article.language:
            assert article.language == expected["lang"][:2].lower()
    assert read >= 12


def test_batch_story_with_html_and_url_articles(server, tmp_path):
    import io

    from newsfuse.batch import run_batch
    from newsfuse.batchio import read_records
    from newsfuse.pipeline import Pipeline
    from newsfuse.settings import Settings

    story = {
        "id": "mixed",
        "articles": [
            {"id": "page", "html": PAGE},
            {"id": "remote", "url": f"{server}/other.html"},
            {"id": "gone", "url": f"{server}/missing"},
        ],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps(story)
        + "\n"
        + json.dumps({**story, "id": "no-fetch", "articles": story["articles"][:2]})
        + "\n"
    )
    allowed = Settings.from_mapping({"words": 60, "fetch": {"allow_private": True}})
    out = io.StringIO()
    report = run_batch(read_records(source), out, Pipeline(allowed), words=60, origin=str(source))
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert "HTTP 404" in first["error"]  # a story needs every article it names
    assert {a["source"] for a in second["articles"]} == {"Example News", "Other Daily"}
    assert (report.done, report.failed) == (1, 1)
    refused = io.StringIO()
    run_batch(
        read_records(source), refused, Pipeline(Settings(words=60)), words=60, origin=str(source)
    )
    assert all(
        "--allow-private" in json.loads(line)["error"] for line in refused.getvalue().splitlines()
    )


@pytest.mark.slow
def test_shared_pages_served_over_http(server, shared_data):
    global SHARED_PAGES
    SHARED_PAGES = shared_data / "readability-test-pages"
    names = ["nytimes-1", "bbc-1", "guardian-1", "wapo-1", "cnn"]
    names = [n for n in names if (SHARED_PAGES / n / "source.html.gz").exists()]
    assert names, "no known news page in readability-test-pages"
    with _fetcher(max_bytes=5_000_000, read_timeout=10) as fetcher:
        story = load_inputs(
            [f"{server}/shared/{n}" for n in names] + [f"{server}/missing"], fetcher=fetcher
        )
    assert len(story.articles) == len(names)  # the 404 is left out, the rest comes through
    bylines = matched = 0
    for name, article in zip(names, story.articles, strict=True):
        expected = json.loads((SHARED_PAGES / name / "expected-metadata.json").read_text())
        assert article.title and article.text.count(" ") > 100
        if expected.get("byline") and article.author:
            bylines += 1
            matched += article.author.split()[0].lower() in expected["byline"].lower()
        for clutter in ("Advertisement", "Subscribe", "Share this"):
            assert clutter not in article.text.splitlines()
    # trafilatura reads wapo-1's author as "Username"; every other author found must match
    authors = [(a.author, a.origin) for a in story.articles]
    assert bylines >= 3 and matched >= bylines - 1, authors
