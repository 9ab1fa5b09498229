"""Write examples/feeds/: RSS and Atom feeds over the example pile, for `newsfuse watch`.

    python benchmarks/example_feeds.py

The 100 Wikinews articles of examples/pile/articles.jsonl (MultiLing 2011, CC BY; see
examples/feeds/ATTRIBUTION.md) become text files in examples/feeds/wikinews/ and the items of
three RSS feeds (article n goes to feed n mod 3, so each topic is spread over the three);
the two NATO reports of examples/nato-libya-2011 are the entries of an Atom feed (Al
Jazeera) and an RSS feed (CBS News) linking to those files. feeds.txt lists the five feeds
by relative path, feeds.opml the same as an OPML file. Running it again writes the same files.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from newsfuse.stories.signals import text_day

REPO = Path(__file__).resolve().parent.parent
PILE = REPO / "examples" / "pile" / "articles.jsonl"
OUT = REPO / "examples" / "feeds"
WIKINEWS_FEEDS = 3


def _rss(title: str, items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>{escape(title)}</title>\n<link>https://en.wikinews.org/</link>\n"
        f"<description>{escape(title)} (newsfuse example feed)</description>\n"
        + "".join(items)
        + "</channel></rss>\n"
    )


def _pub_date(record: dict[str, str]) -> str | None:
    day = date.fromisoformat(record["published"]) if record.get("published") else None
    if day is None:
        ordinal = text_day(record["text"])
        day = date.fromordinal(ordinal) if ordinal else None
    if day is None:
        return None
    return format_datetime(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def _item(record: dict[str, str], link: str, source: str, summary: str) -> str:
    when = _pub_date(record)
    return (
        "<item>"
        f"<title>{escape(record['title'])}</title>"
        f"<link>{escape(link)}</link>"
        f'<guid isPermaLink="false">{escape(record["id"])}</guid>'
        + (f"<pubDate>{when}</pubDate>" if when else "")
        + f'<source url="https://en.wikinews.org/">{escape(source)}</source>'
        f"<description>{escape(summary)}</description>"
        "</item>\n"
    )


def main() -> None:
    records = [json.loads(line) for line in PILE.read_text(encoding="utf-8").splitlines()]
    wikinews = [r for r in records if r["id"].startswith("wikinews-")]
    pages = OUT / "wikinews"
    pages.mkdir(parents=True, exist_ok=True)
    feeds: list[list[str]] = [[] for _ in range(WIKINEWS_FEEDS)]
    for n, record in enumerate(wikinews):
        name = record["id"].removeprefix("wikinews-") + ".txt"
        (pages / name).write_text(f"{record['title']}\n\n{record['text']}\n", encoding="utf-8")
        lead = " ".join(record["text"].split()[:40]) + " ..."
        feeds[n % WIKINEWS_FEEDS].append(_item(record, f"wikinews/{name}", "Wikinews", lead))
    names = []
    for n, items in enumerate(feeds, start=1):
        name = f"wikinews-{n}.xml"
        (OUT / name).write_text(_rss(f"Wikinews (example feed {n})", items), encoding="utf-8")
        names.append(name)
    nato = {r["id"]: r for r in records if r["id"].startswith("nato-")}
    aljazeera = nato["nato-aljazeera"]
    (OUT / "aljazeera.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "<title>Al Jazeera</title><id>urn:newsfuse:example:aljazeera</id>"
        "<updated>2011-10-28T18:00:00Z</updated>\n"
        f"<entry><title>{escape(aljazeera['title'])}</title>"
        '<link rel="alternate" href="../nato-libya-2011/aljazeera.txt"/>'
        "<id>urn:newsfuse:example:nato-aljazeera</id>"
        "<updated>2011-10-28T18:00:00Z</updated></entry>\n</feed>\n",
        encoding="utf-8",
    )
    cbs = nato["nato-cbsnews"]
    (OUT / "cbsnews.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        "<title>CBS News</title><link>https://www.cbsnews.com/</link>"
        "<description>CBS News (newsfuse example feed)</description>\n"
        f"<item><title>{escape(cbs['title'])}</title>"
        "<link>../nato-libya-2011/cbsnews.txt</link>"
        '<guid isPermaLink="false">nato-cbsnews</guid>'
        "<pubDate>Fri, 28 Oct 2011 20:00:00 +0000</pubDate></item>\n</channel></rss>\n",
        encoding="utf-8",
    )
    names += ["aljazeera.xml", "cbsnews.xml"]
    (OUT / "feeds.txt").write_text(
        "# The example feeds (paths relative to this file); `newsfuse watch` reads them.\n"
        + "".join(f"{n}\n" for n in names),
        encoding="utf-8",
    )
    outlines = "".join(f'    <outline type="rss" text="{n}" xmlUrl="{n}"/>\n' for n in names)
    (OUT / "feeds.opml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n'
        "  <head><title>newsfuse example feeds</title></head>\n  <body>\n"
        f"{outlines}  </body>\n</opml>\n",
        encoding="utf-8",
    )
    print(f"{len(wikinews)} Wikinews pages, {len(names)} feeds -> {OUT}")


if __name__ == "__main__":
    main()
