"""The ``site`` fixture: a news site on 127.0.0.1 (newsite.py) for the watch tests."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest
from newsite import Site, handler


@pytest.fixture
def site():
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(site))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield site
    for route in site.routes.values():
        if route.hold is not None:
            route.hold.set()
    httpd.shutdown()
    httpd.server_close()
