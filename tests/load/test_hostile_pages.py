"""Hostile pages, feeds and servers: deep nesting, huge attributes, wrong encodings, XML
entity bombs, gzip and brotli bombs, a server that drips a byte a second, redirect loops and
redirects into the local network. Local servers listen on 127.0.0.1 only; public-looking hosts
are faked (a mock transport and a fake resolver), so nothing leaves the machine."""

from __future__ import annotations

import gzip
import ipaddress
import os
import socket
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import httpx
import pytest

from newsfuse.errors import InputError
from newsfuse.load.html import article_from_html
from newsfuse.load.inputs import feed_links, load_inputs
from newsfuse.load.url import Fetcher
from newsfuse.settings import FetchSettings

P = "<p>The harbour bridge reopened on Friday after three months of repairs, the city said in a statement.</p>"
PAGE = f"<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>{P}</article></body></html>"
BOMB_SIZE = 20_000_000  # decompressed; the cap below is 100,000
GZIP_BOMB = gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9)
BROTLI_BOMB = brotli.compress(b"\0" * BOMB_SIZE)
ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([c]), (b"&%s;" % bytes([c - 1])) * 10)
        for c in range(ord("b"), ord("k"))
    )
    + b"]><rss><channel><item><link>https://x.example/&j;</link></item></channel></rss>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<rss><channel><item><link>https://x.example/&x;</link></item></channel></rss>"
)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, body: bytes, encoding: str | None = None, ctype: str = "text/html") -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()

    def do_GET(self) -> None:
        if self.path == "/gzip-bomb":
            self._send(GZIP_BOMB, "gzip")
        elif self.path == "/br-bomb":
            self._send(BROTLI_BOMB, "br")
        elif self.path == "/gzip-page":
            self._send(gzip.compress(PAGE.encode()), "gzip")
        elif self.path == "/deflate-page":
            self._send(zlib.compress(PAGE.encode()), "deflate")
        elif self.path == "/br-page":
            self._send(brotli.compress(PAGE.encode()), "br")
        elif self.path == "/corrupt-gzip":
            self._send(b"this is not gzip at all" * 10, "gzip")
        elif self.path == "/zstd-page":
            self._send(b"(zstandard bytes)", "zstd")
        elif self.path == "/entity-bomb.xml":
            self._send(ENTITY_BOMB, ctype="application/rss+xml")
        elif self.path == "/ping":
            self._redirect("/pong")
        elif self.path == "/pong":
            self._redirect("/ping")
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for byte in PAGE.encode()[:20]:  # one byte a second; the client gives up
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1.0)
            except OSError:
                pass
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _fetcher(**changes: object) -> Fetcher:
    settings = {"allow_private": True, "read_timeout": 5.0, "max_bytes": 100_000, **changes}
    return Fetcher(FetchSettings(**settings))


@pytest.mark.parametrize("path", ["/gzip-bomb", "/br-bomb"])
def test_fetch_size_cap_applies_to_decompressed_bytes(server, path):
    compressed = GZIP_BOMB if path == "/gzip-bomb" else BROTLI_BOMB
    assert len(compressed) < 100_000  # what is sent passes the cap; what it unpacks to does not
    with _fetcher() as fetcher, pytest.raises(InputError, match="larger than 100,000 bytes"):
        fetcher.fetch(f"{server}{path}")


@pytest.mark.parametrize("path", ["/gzip-page", "/deflate-page", "/br-page"])
def test_fetch_decodes_compressed_pages(server, path):
    with _fetcher() as fetcher:
        assert fetcher.fetch(f"{server}{path}").content == PAGE.encode()


def test_fetch_corrupt_compressed_body_is_one_line_error(server):
    with _fetcher() as fetcher, pytest.raises(InputError, match="corrupt gzip body") as info:
        fetcher.fetch(f"{server}/corrupt-gzip")
    assert "\n" not in str(info.value)


def test_fetch_unknown_content_encoding_is_one_line_error_naming_the_url(server):
    with _fetcher() as fetcher, pytest.raises(InputError) as info:
        fetcher.fetch(f"{server}/zstd-page")
    assert str(info.value) == f"{server}/zstd-page: unknown content encoding zstd"


def test_fetch_drip_server_hits_the_total_time_out(server):
    # each byte comes well within the read time-out; the whole page never does
    with _fetcher(total_timeout=1.5) as fetcher, pytest.raises(InputError, match="timed out"):
        fetcher.fetch(f"{server}/drip")


def test_fetch_drip_server_hits_the_read_time_out(server):
    with _fetcher(read_timeout=0.3) as fetcher, pytest.raises(InputError, match="timed out"):
        fetcher.fetch(f"{server}/drip")


def test_cli_fetch_time_out_is_configurable(server):
    result = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", f"{server}/drip", "--allow-private"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "NEWSFUSE_FETCH__TOTAL_TIMEOUT": "1"},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "timed out (over 1 s in all)" in result.stderr


def test_fetch_redirect_loop_of_two_pages(server):
    with _fetcher(max_redirects=3) as fetcher, pytest.raises(InputError, match="more than 3"):
        fetcher.fetch(f"{server}/ping")


@pytest.mark.parametrize("feed", [ENTITY_BOMB, EXTERNAL_ENTITY])
def test_feed_with_entity_declarations_is_refused(tmp_path, feed):
    with pytest.raises(InputError, match="declares XML entities"):
        feed_links(feed, "feed.xml")
    path = tmp_path / "feed.xml"
    path.write_bytes(feed)
    with pytest.raises(InputError, match=r"feed\.xml: feed declares XML entities"):
        load_inputs([path])


def test_fetched_entity_bomb_feed_is_left_out(server, caplog):
    with _fetcher() as fetcher, pytest.raises(InputError, match="no article could be read"):
        load_inputs([f"{server}/entity-bomb.xml"], fetcher=fetcher)
    assert any("declares XML entities" in r.message for r in caplog.records)


def test_html_nested_100000_levels_deep():
    deep = "<html><body>" + "<div>" * 100_000 + P + "</div>" * 100_000 + "</body></html>"
    unclosed = "<html><body>" + "<div><span>" * 100_000 + P
    for page in (deep, unclosed, deep.encode()):
        try:
            article = article_from_html(page, origin="deep.html")
        except InputError as error:  # the parser gives up past its depth limit: a user error
            assert "no article text" in str(error)
        else:
            assert "harbour bridge" in article.text


@pytest.mark.parametrize(
    "tag",
    [
        '<p class="' + "x" * 5_000_000 + '">',  # one 5 MB attribute
        "<p " + " ".join(f"a{i}=1" for i in range(200_000)) + ">",  # 200,000 attributes
        '<p data-x="' + "&amp;" * 200_000 + '">',
    ],
    ids=["5-MB-attribute", "200000-attributes", "entities-in-attribute"],
)
def test_html_huge_attributes(tag):
    page = f"<html><body><article>{tag}{P[3:]}</article></body></html>"
    article = article_from_html(page.encode(), origin="huge.html")
    assert "harbour bridge reopened" in article.text


def test_html_normal_attributes_are_kept():
    meta = '<meta property="og:site_name" content="Harbour Herald">'
    image = '<img alt="bridge" src="data:image/png;base64,' + "A" * 5_000 + '">'
    page = f"<html><head>{meta}</head><body><article>{image}{P}{P}</article></body></html>"
    assert article_from_html(page.encode()).outlet == "Harbour Herald"


@pytest.mark.parametrize("declared", ["utf-16", "iso-8859-1", "shift_jis", "x-no-such-charset"])
@pytest.mark.parametrize("actual", ["utf-8", "cp1252"])
def test_html_wrong_declared_encoding(declared, actual):
    body = P.replace("said", "said — “café”")
    page = f'<html><head><meta charset="{declared}"></head><body><article>{body}</article></body></html>'
    article = article_from_html(page.encode(actual), origin="page.html")
    assert "said — “café” in a statement" in article.text


# Redirects from public-looking hosts into the local network: a mock transport serves the
# "internet" and a fake resolver gives each host its address.
ADDRESSES = {
    "wire.example.net": "93.184.216.35",
    "news.example.com": "93.184.216.34",
    "rebind.example.org": "127.0.0.1",
    "intranet.example.com": "10.0.0.5",
}
ROUTES = {
    "wire.example.net/a": "http://news.example.com/b",
    "news.example.com/b": "http://127.0.0.1/admin",
    "news.example.com/to-rebind": "http://rebind.example.org/admin",
    "news.example.com/to-intranet": "https://intranet.example.com/",
    "news.example.com/to-ipv6": "http://[::1]:8080/",
    "news.example.com/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "news.example.com/to-file": "file:///etc/passwd",
    "news.example.com/fine": "/page",
}


@pytest.fixture
def fake_internet(monkeypatch):
    resolved: list[str] = []
    requested: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        resolved.append(host)
        try:
            address = str(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            if host not in ADDRESSES:
                raise socket.gaierror(socket.EAI_NONAME, "not found") from None
            address = ADDRESSES[host]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    def handler(request: httpx.Request) -> httpx.Response:
        key = f"{request.url.host}{request.url.path}"
        requested.append(key)
        if key in ROUTES:
            return httpx.Response(302, headers={"location": ROUTES[key]})
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})

    monkeypatch.setattr("newsfuse.load.url.socket.getaddrinfo", getaddrinfo)
    return resolved, requested, httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("start", "address"),
    [
        ("http://wire.example.net/a", "127.0.0.1"),  # public -> public -> loopback
        ("http://news.example.com/to-rebind", "127.0.0.1"),  # a name that resolves to it
        ("http://news.example.com/to-intranet", "10.0.0.5"),
        ("http://news.example.com/to-ipv6", "::1"),
        ("http://news.example.com/to-metadata", "169.254.169.254"),
    ],
)
def test_fetch_redirect_into_local_network_refused_on_every_hop(fake_internet, start, address):
    resolved, requested, transport = fake_internet
    with (
        Fetcher(FetchSettings(), transport=transport) as fetcher,
        pytest.raises(InputError, match="--allow-private") as info,
    ):
        fetcher.fetch(start)
    assert f"({address})" in str(info.value) and str(info.value).startswith(start)
    # every hop was resolved and checked; the local address was never requested
    assert len(resolved) == len(requested) + 1
    assert not any(r.startswith(("127.", "rebind", "intranet", "[::1]", "::1", "169.")) for r in requested)


def test_fetch_redirect_into_local_network_followed_with_allow_private(fake_internet):
    _resolved, requested, transport = fake_internet
    with Fetcher(FetchSettings(allow_private=True), transport=transport) as fetcher:
        page = fetcher.fetch("http://wire.example.net/a")
    assert page.url == "http://127.0.0.1/admin" and requested[-1] == "127.0.0.1/admin"


def test_fetch_redirect_to_another_scheme_refused(fake_internet):
    _resolved, _requested, transport = fake_internet
    with (
        Fetcher(FetchSettings(), transport=transport) as fetcher,
        pytest.raises(InputError, match="only http"),
    ):
        fetcher.fetch("http://news.example.com/to-file")


def test_fetch_public_redirect_is_followed(fake_internet):
    resolved, _requested, transport = fake_internet
    with Fetcher(FetchSettings(), transport=transport) as fetcher:
        page = fetcher.fetch("http://news.example.com/fine")
    assert page.url == "http://news.example.com/page" and resolved == ["news.example.com"] * 2
