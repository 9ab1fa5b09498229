"""The README's front-page screenshots: the bundled example feeds, followed in two polls.

    python benchmarks/front_page_screenshot.py [--out docs]

1. `newsfuse watch` polls the three Wikinews example feeds once (examples/feeds/, CC BY);
2. Chromium (Debian's /usr/bin/chromium, through Playwright) opens the front page of
   `newsfuse serve`: the reader's first visit;
3. `newsfuse watch` polls the Al Jazeera and CBS News feeds of the NATO example;
4. the front page again: the NATO story, two outlets, is marked new since the last visit
   (``front-page.png``); then that story's page with its timeline (``story-timeline.png``).

Nothing leaves the machine: the feeds and their pages are local files.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
FEEDS = REPO / "examples" / "feeds"
CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _watch(db: Path, feeds: list[str], folder: Path, name: str) -> None:
    listed = folder / f"{name}.txt"
    listed.write_text("".join(f"{FEEDS / feed}\n" for feed in feeds))
    subprocess.run(
        [sys.executable, "-m", "newsfuse", "watch", str(listed), "--db", str(db), "--once"],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-screenshot-"))
    db = folder / "news.db"
    _watch(db, ["wikinews-1.xml", "wikinews-2.xml", "wikinews-3.xml"], folder, "wikinews")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen(
        [sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", str(port)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
            )
            page = browser.new_page(viewport={"width": 1100, "height": 1250})
            page.goto(base + "/")  # the first visit
            _watch(db, ["aljazeera.xml", "cbsnews.xml"], folder, "nato")  # the second poll
            page.reload()
            page.screenshot(path=str(args.out / "front-page.png"))
            page.locator(".card.is-new h2 a").first.click()
            page.wait_for_url("**/stories/*")
            page.locator("section.timeline").scroll_into_view_if_needed()
            page.screenshot(path=str(args.out / "story-timeline.png"), full_page=False)
            browser.close()
    finally:
        serve.terminate()
        serve.wait(timeout=10)
    print(f"wrote {args.out / 'front-page.png'} and {args.out / 'story-timeline.png'}")


if __name__ == "__main__":
    main()
