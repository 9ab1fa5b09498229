"""Peak memory of fetching a gzip bomb: 1 GB of zeros, 0.97 MB gzipped, served from 127.0.0.1.

    python benchmarks/fetch_bomb.py [--max-bytes 5000000]

The fetch must stop at the size cap (``fetch.max_bytes``) counted in decompressed bytes;
what this measures is how much memory it takes to get there (the growth of the process's
peak resident set over the fetch).
"""

from __future__ import annotations

import argparse
import resource
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsfuse.errors import InputError
from newsfuse.load.url import Fetcher
from newsfuse.settings import FetchSettings


def _bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    zeros = b"\0" * 1_000_000
    return b"".join(compressor.compress(zeros) for _ in range(1000)) + compressor.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-bytes", type=int, default=5_000_000)
    args = parser.parse_args()
    bomb = _bomb()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    settings = FetchSettings(allow_private=True, max_bytes=args.max_bytes)
    try:
        Fetcher(settings).fetch(f"http://127.0.0.1:{server.server_address[1]}/")
        outcome = "fetched (the cap did not hold)"
    except InputError as error:
        outcome = str(error)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    server.shutdown()
    print(f"gzip bomb: {len(bomb):,} bytes sent, 1,000,000,000 when decompressed")
    print(f"outcome: {outcome}")
    print(f"peak memory grew by {(after - before) / 1024:.0f} MB during the fetch")


if __name__ == "__main__":
    main()
