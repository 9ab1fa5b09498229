"""Build labelled lines for the learned line cleaner (content or clutter), by aligning pages
flattened to text with their gold bodies.

    python benchmarks/clean_data.py [--out benchmarks/out/clean_lines.jsonl] [--limit N]

Pages: ../shared/data/fundus-news-pages (each publisher parser's title, headlines and
paragraphs are the gold), readability-test-pages (expected.html), newspaper-fulltext-tests
(text/*.txt), goose3-content-tests (cleaned_text). English pages only (a gold body whose
words are at least a fifth English stop words): the Multi-News sources the cleaner serves
are English, and its features count English stop words.

Each page is flattened twice, the way scrapers do:

- "page": newspaper-style: the element holding the most paragraph text is the article node;
  each block element under it (paragraphs, headings, list items, captions, the furniture
  between them) becomes one line, with the page's <h1> first;
- "trafilatura": trafilatura with favor_recall=True, include_comments=False,
  include_tables=True, include_images=True (captions kept).

A line is content when its words run in the gold body (share of its word bigrams, or
trigrams for longer lines, found there >= 0.7; a line of at most 3 words only when it equals a
gold unit: title, headline or paragraph), clutter when that share is <= 0.2, else left out
as ambiguous (recorded with label null: it is context for its neighbours). Each record:
data set, publisher (the site's name from its domain, so that folds can keep a publisher on
one side), page, view, line number, line count, text, label.
The text stays in benchmarks/out (never committed: the pages are their publishers').
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from _data import OUT, SHARED_DATA, require

_WORD = re.compile(r"\w+")
_STOP = frozenset(
    (Path(__file__).resolve().parent.parent / "src" / "newsfuse" / "data" / "stopwords-en.txt")
    .read_text(encoding="utf-8")
    .split()
)
_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "figcaption",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "td",
        "th",
        "caption",
        "address",
        "summary",
        "label",
        "button",
    ]
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
CONTENT_MIN, CLUTTER_MAX = 0.7, 0.2


@dataclass
class Page:
    dataset: str
    publisher: str
    page: str
    html: bytes
    gold_units: list[str]  # title, headlines, paragraphs


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _site(url_or_host: str) -> str:
    host = urlparse(url_or_host).netloc if "//" in url_or_host else url_or_host
    parts = [p for p in host.lower().split(".") if p and p != "www"]
    if len(parts) >= 3 and parts[-2] in {"co", "com", "org", "net", "gov", "ac"}:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "unknown")


def _english(units: list[str]) -> bool:
    words = _tokens(" ".join(units))
    return len(words) >= 30 and sum(w in _STOP for w in words) >= 0.2 * len(words)


def fundus_pages(root: Path) -> Iterator[Page]:
    for meta_path in sorted(root.glob("*/meta.info")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for gold_path in sorted(meta_path.parent.glob("*.json")):
            versions = json.loads(gold_path.read_text(encoding="utf-8"))
            pages = sorted(meta_path.parent.glob(f"{gold_path.stem}_*.html.gz"))
            for version, page in zip(sorted(versions), pages, strict=False):
                gold = versions[version]
                units = [gold.get("title") or ""]
                body = gold.get("body") or {}
                units += body.get("summary") or []
                for section in body.get("sections") or []:
                    units += section.get("headline") or []
                    units += section.get("paragraphs") or []
                url = meta.get(page.name, {}).get("url", gold_path.stem)
                with gzip.open(page) as handle:
                    html = handle.read()
                yield Page("fundus", _site(url), page.name, html, [u for u in units if u])


def _html_units(html: bytes) -> list[str]:
    import lxml.html

    root = lxml.html.fromstring(html)
    units = [" ".join(e.text_content().split()) for e in root.iter() if e.tag in _BLOCKS]
    return [u for u in units if u] or [" ".join(root.text_content().split())]


def readability_pages(root: Path) -> Iterator[Page]:
    for folder in sorted(p for p in root.iterdir() if (p / "source.html.gz").exists()):
        with gzip.open(folder / "source.html.gz") as handle:
            html = handle.read()
        units = _html_units((folder / "expected.html").read_bytes())
        meta = folder / "expected-metadata.json"
        title = json.loads(meta.read_text()).get("title") if meta.exists() else None
        publisher = re.sub(r"-\d+$", "", folder.name)
        yield Page("readability", publisher, folder.name, html, [title or "", *units])


def newspaper_pages(root: Path) -> Iterator[Page]:
    for path in sorted((root / "html").glob("*.html.gz")):
        text = root / "text" / path.name.replace(".html.gz", ".txt")
        if not text.exists():
            continue
        with gzip.open(path) as handle:
            html = handle.read()
        domain = re.sub(r"\d+\.html\.gz$", "", path.name)
        units = text.read_text(encoding="utf-8", errors="replace").splitlines()
        yield Page("newspaper", _site(domain), path.name, html, units)


def goose_pages(root: Path) -> Iterator[Page]:
    for path in sorted(root.glob("test_*.html")):
        expected = json.loads(path.with_suffix(".json").read_text())["expected"]
        units = (expected.get("cleaned_text") or "").splitlines()
        host = expected.get("domain") or expected.get("final_url") or path.stem
        yield Page(
            "goose3",
            _site(host),
            path.stem,
            path.read_bytes(),
            [expected.get("title") or "", *units],
        )


SETS = {
    "fundus": ("fundus-news-pages", fundus_pages),
    "readability": ("readability-test-pages", readability_pages),
    "newspaper": ("newspaper-fulltext-tests", newspaper_pages),
    "goose3": ("goose3-content-tests", goose_pages),
}


def _block_lines(node: object) -> list[str]:
    """One line per block element under ``node``, in document order; the text of a block
    excludes its nested blocks (each becomes its own line)."""
    lines: list[str] = []

    def walk(element: object, buffer: list[str]) -> None:
        tag = getattr(element, "tag", None)
        if not isinstance(tag, str):
            if getattr(element, "tail", None):
                buffer.append(element.tail)  # type: ignore[attr-defined]
            return
        is_block = tag in _BLOCKS or tag in (
            "div",
            "section",
            "article",
            "figure",
            "ul",
            "ol",
            "table",
            "tr",
            "header",
            "footer",
            "aside",
            "nav",
            "br",
        )
        own: list[str] = [] if is_block else buffer
        if element.text:  # type: ignore[attr-defined]
            own.append(element.text)  # type: ignore[attr-defined]
        for child in element:  # type: ignore[attr-defined]
            walk(child, own)
        if is_block:
            flush(own)
            if element.tail:  # type: ignore[attr-defined]
                buffer.append(element.tail)  # type: ignore[attr-defined]
        elif element.tail:  # type: ignore[attr-defined]
            buffer.append(element.tail)  # type: ignore[attr-defined]

    def flush(parts: list[str]) -> None:
        text = " ".join(" ".join(parts).split())
        if text:
            lines.append(text)
        parts.clear()

    rest: list[str] = []
    walk(node, rest)
    flush(rest)
    return lines


def page_lines(html: bytes) -> list[str]:
    """Newspaper-style: the article node's blocks (captions and furniture kept), headline first."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - an unparsable page has no lines
        return []
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    best, best_words = None, 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        words = sum(
            len((child.text_content() or "").split()) for child in element if child.tag == "p"
        )
        if words > best_words:
            best, best_words = element, words
    if best is None:
        return []
    # newspaper's node is the parent of the paragraphs; its text holds the furniture between
    # them; one level up catches the captions and promos beside the text column
    node = best.getparent() if best.getparent() is not None else best
    lines = _block_lines(node)
    headline = next((" ".join(h.text_content().split()) for h in root.iter("h1")), "")
    if headline and headline not in lines[:3]:
        lines.insert(0, headline)
    return lines


def trafilatura_lines(html: bytes) -> list[str]:
    import trafilatura

    text = trafilatura.extract(
        html,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=True,
        deduplicate=False,
    )
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _grams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


class Gold:
    def __init__(self, units: list[str]) -> None:
        self.units = {" ".join(_tokens(u)) for u in units if u.strip()}
        tokens = [_tokens(u) for u in units]
        self.bigrams = set().union(*(_grams(t, 2) for t in tokens)) if tokens else set()
        self.trigrams = set().union(*(_grams(t, 3) for t in tokens)) if tokens else set()

    def support(self, line: str) -> float | None:
        """Share of the line's n-grams in the gold (1.0/0.0 for short lines); None: no words."""
        tokens = _tokens(line)
        if not tokens:
            return None
        if len(tokens) <= 3:
            return 1.0 if " ".join(tokens) in self.units else 0.0
        n, found = (2, self.bigrams) if len(tokens) < 8 else (3, self.trigrams)
        grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return sum(g in found for g in grams) / len(grams)


def label(support: float | None) -> str | None:
    if support is None:
        return "clutter"  # a line of punctuation only: a separator
    if support >= CONTENT_MIN:
        return "content"
    if support <= CLUTTER_MAX:
        return "clutter"
    return None


def records(limit: int | None = None) -> Iterator[dict[str, object]]:
    for dataset, (folder, reader) in SETS.items():
        for n, page in enumerate(reader(require(SHARED_DATA / folder))):
            if limit is not None and n >= limit:
                break
            if not _english(page.gold_units[1:]):
                continue
            gold = Gold(page.gold_units)
            for view, flatten in (("page", page_lines), ("trafilatura", trafilatura_lines)):
                try:
                    lines = flatten(page.html)
                except Exception:  # noqa: BLE001 - a page a flattener fails on has no lines
                    lines = []
                for line_no, line in enumerate(lines, start=1):
                    support = gold.support(line)
                    tag = label(support)  # None: ambiguous (kept for the context, not trained on)
                    yield {
                        "dataset": dataset,
                        "publisher": page.publisher,
                        "page": page.page,
                        "view": view,
                        "line": line_no,
                        "lines": len(lines),
                        "text": line,
                        "label": tag,
                        "support": None if support is None else round(support, 3),
                    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT / "clean_lines.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="pages per set (default: all)")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[tuple[str, str], int] = {}
    pages: dict[str, set[str]] = {}
    with args.out.open("w", encoding="utf-8") as handle:
        for record in records(args.limit):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            if record["label"] is None:
                continue
            key = (str(record["dataset"]), str(record["label"]))
            counts[key] = counts.get(key, 0) + 1
            pages.setdefault(str(record["dataset"]), set()).add(str(record["page"]))
    print("| data set | pages | content lines | clutter lines |\n|---|---|---|---|")
    for dataset in SETS:
        print(
            f"| {dataset} | {len(pages.get(dataset, ()))} | {counts.get((dataset, 'content'), 0)} "
            f"| {counts.get((dataset, 'clutter'), 0)} |"
        )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
