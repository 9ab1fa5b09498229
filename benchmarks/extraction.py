"""Main-text extraction from HTML: newsfuse against plain trafilatura, readability-lxml and
jusText, side by side on the same pages in one run.

    python benchmarks/extraction.py [--limit N] [--json out.json]

newsfuse = trafilatura (include_comments=False) + newsfuse's own clean stage, i.e. exactly
the text the summariser reads. Scores are word-level (lower-cased \\w+ tokens, counted with
multiplicity, summed over all pages of a set = micro-averaged):

- sets with a gold text (readability-test-pages, newspaper-fulltext-tests, goose3):
  precision = shared words / words extracted, recall = shared words / gold words;
- trafilatura-eval (snippets): true positives = words of the "with" snippets found in the
  output, false negatives = those missing, false positives = words of the "without"
  snippets found in the output.

A page a system fails on counts as an empty output. Pages per second are per system.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from _data import SHARED_DATA, require
from newsfuse.clean import clean
from newsfuse.errors import InputError
from newsfuse.load.html import article_from_html
from newsfuse.settings import CleanSettings

_WORD = re.compile(r"\w+")


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def _html_text(html: str | bytes) -> str:
    import lxml.html

    if not html:
        return ""
    return lxml.html.fromstring(html).text_content()


@dataclass
class Case:
    html: bytes
    gold: str | None = None  # full gold text
    positive: str = ""  # trafilatura-eval "with" snippets
    negative: str = ""  # trafilatura-eval "without" snippets


def _gz(path: Path) -> bytes:
    with gzip.open(path) as handle:
        return handle.read()


def readability_pages(root: Path) -> Iterator[Case]:
    for folder in sorted(p for p in root.iterdir() if (p / "source.html.gz").exists()):
        yield Case(
            _gz(folder / "source.html.gz"), gold=_html_text((folder / "expected.html").read_bytes())
        )


def newspaper_pages(root: Path) -> Iterator[Case]:
    for html in sorted((root / "html").glob("*.html.gz")):
        text = root / "text" / html.name.replace(".html.gz", ".txt")
        if text.exists():
            yield Case(_gz(html), gold=text.read_text(encoding="utf-8", errors="replace"))


def goose_pages(root: Path) -> Iterator[Case]:
    for html in sorted(root.glob("test_*.html")):
        expected = json.loads(html.with_suffix(".json").read_text())["expected"]
        yield Case(html.read_bytes(), gold=expected.get("cleaned_text") or "")


def trafilatura_pages(root: Path) -> Iterator[Case]:
    data = json.loads((root / "evaldata.json").read_text())
    for entry in data.values():
        path = root / "html" / f"{entry['file']}.gz"
        if path.exists():
            yield Case(
                _gz(path), positive=" ".join(entry["with"]), negative=" ".join(entry["without"])
            )


SETS: dict[str, tuple[str, Callable[[Path], Iterator[Case]]]] = {
    "trafilatura-eval": ("trafilatura-eval", trafilatura_pages),
    "readability-test-pages": ("readability-test-pages", readability_pages),
    "newspaper-fulltext-tests": ("newspaper-fulltext-tests", newspaper_pages),
    "goose3-content-tests": ("goose3-content-tests", goose_pages),
}


def newsfuse_text(html: bytes) -> str:
    try:
        return clean(article_from_html(html), CleanSettings()).text
    except InputError:
        return ""


def trafilatura_text(html: bytes) -> str:
    import trafilatura

    document = trafilatura.bare_extraction(html, include_comments=False)
    return (document.text or "") if document is not None else ""


def readability_text(html: bytes) -> str:
    from readability import Document

    return _html_text(Document(html.decode("utf-8", errors="replace")).summary())


def justext_text(html: bytes) -> str:
    import justext

    paragraphs = justext.justext(html, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "newsfuse": newsfuse_text,
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
    "jusText": justext_text,
}


def score(cases: list[Case], system: Callable[[bytes], str]) -> dict[str, float]:
    true_positive = false_positive = false_negative = 0
    start = time.perf_counter()
    for case in cases:
        try:
            output = _words(system(case.html))
        except Exception:  # noqa: BLE001 - a peer crashing on a page scores an empty output
            output = Counter()
        if case.gold is not None:
            gold = _words(case.gold)
            shared = sum((output & gold).values())
            true_positive += shared
            false_positive += sum(output.values()) - shared
            false_negative += sum(gold.values()) - shared
        else:
            positive, negative = _words(case.positive), _words(case.negative)
            found = sum((output & positive).values())
            true_positive += found
            false_negative += sum(positive.values()) - found
            false_positive += sum((output & negative).values())
    elapsed = time.perf_counter() - start
    precision = true_positive / max(1, true_positive + false_positive)
    recall = true_positive / max(1, true_positive + false_negative)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pages_per_s": len(cases) / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="pages per set (default: all)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results: dict[str, dict[str, dict[str, float]]] = {}
    print("| set | pages | system | precision | recall | F1 | pages/s |")
    print("|---|---|---|---|---|---|---|")
    for name, (folder, reader) in SETS.items():
        cases = list(reader(require(SHARED_DATA / folder)))[: args.limit]
        results[name] = {}
        for system_name, system in SYSTEMS.items():
            result = score(cases, system)
            results[name][system_name] = result
            print(
                f"| {name} | {len(cases)} | {system_name} | {result['precision']:.4f} | "
                f"{result['recall']:.4f} | {result['f1']:.5f} | {result['pages_per_s']:.1f} |",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
