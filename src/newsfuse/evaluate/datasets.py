"""Evaluation datasets: clusters of articles with human reference summaries.

Readers (``load_dataset`` picks one from the path):

- Multi-News: a TSV with ``document`` and ``summary`` columns (the Polito sample: also
  ``row_id`` and ``split``) or JSONL with the same keys; documents are separated by ``|||||``,
  ``NEWLINE_CHAR`` stands for a newline, summaries start with "– ". Also L-Eval's JSONL
  (``input``: the articles run together with no separator, ``outputs``: the references);
  rows repeating an earlier row are read once.
- DUC-style: ``docs/<cluster>/<doc>`` SGML files (``<TEXT>``, optional ``<P>``, hard-wrapped
  paragraphs) and ``models/<CLUSTER>.M.<len>.<...>`` reference files (DUC 2003, 2006);
  DUC 2007's update task (``update_docs``/``update_models``, one cluster per part A/B/C).
- MultiLing 2011: ``SourceTexts/M00TD.english`` and ``Model Summaries/English/M00T.X.250``.
"""

from __future__ import annotations

import csv
import html
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfuse.errors import InputError, MissingPathError
from newsfuse.load.jsonl import story_from_multinews
from newsfuse.load.text import make_article, read_text_file
from newsfuse.models import Article, Story


@dataclass(frozen=True, slots=True)
class Cluster:
    """A story with its reference summaries."""

    story: Story
    references: tuple[str, ...]
    split: str | None = None

    @property
    def id(self) -> str:
        return self.story.id


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    clusters: tuple[Cluster, ...]
    words: int  # the word budget its references were written for


# Outlets of newswire document ids (DUC/AQUAINT).
_WIRE_OUTLETS = {
    "APW": "Associated Press",
    "NYT": "The New York Times",
    "XIE": "Xinhua",
    "FBIS": "FBIS",
    "LA": "Los Angeles Times",
    "FT": "Financial Times",
    "SJMN": "San Jose Mercury News",
    "WSJ": "The Wall Street Journal",
}


def _clean_summary(text: str) -> str:
    return re.sub(r"^\s*–\s*", "", text.replace("NEWLINE_CHAR", " ")).strip()


def load_multinews(path: Path, splits: tuple[str, ...] = ()) -> Dataset:
    """Multi-News rows from a TSV or JSONL file; ``splits`` keeps only those splits."""
    rows: list[dict[str, Any]] = []
    if path.suffix.lower() == ".tsv":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    else:
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"bad JSON: {exc.msg}", f"{path}:{line_no}") from None
    clusters = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for n, row in enumerate(rows, start=1):
        document, references = _document_and_references(row, f"{path}:{n}")
        if (document, references) in seen:
            continue
        seen.add((document, references))
        split = row.get("split") or None
        if splits and split not in splits:
            continue
        story_id = f"mn-{row.get('row_id') or n}"
        clusters.append(
            Cluster(
                story=story_from_multinews(document, story_id, where=f"{path}:{n}"),
                references=references,
                split=split,
            )
        )
    return Dataset(name=path.stem, clusters=tuple(clusters), words=260)


def _document_and_references(row: dict[str, Any], where: str) -> tuple[str, tuple[str, ...]]:
    """A Multi-News row's document and references, in its Hugging Face/Polito form or L-Eval's."""
    if "document" in row and "summary" in row:
        return row["document"], (_clean_summary(row["summary"]),)
    outputs = row.get("outputs")
    if isinstance(row.get("input"), str) and isinstance(outputs, list) and outputs:
        return row["input"], tuple(_clean_summary(str(o)) for o in outputs)
    raise InputError(
        "a Multi-News row needs `document` and `summary` (or L-Eval's `input` and `outputs`)",
        where,
    )


def _tag(text: str, name: str) -> str | None:
    match = re.search(rf"<{name}>(.*?)</{name}>", text, re.DOTALL | re.IGNORECASE)
    return match.group(1) if match else None


def _paragraphs(body: str) -> list[str]:
    """Paragraphs of an SGML ``<TEXT>``: ``<P>`` blocks, or blocks that start indented."""
    if re.search(r"<P>", body, re.IGNORECASE):
        blocks = re.findall(r"<P>(.*?)</P>", body, re.DOTALL | re.IGNORECASE)
    else:
        blocks = re.split(r"\n(?=[ \t])|\n\s*\n", body)
    out = []
    for block in blocks:
        text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
        if text:
            out.append(html.unescape(text.replace("``", "“").replace("''", "”")))
    return out


def read_sgml_article(path: Path) -> Article:
    """One DUC/AQUAINT SGML document -> Article (headline as title, wire as outlet)."""
    raw = read_text_file(path)
    body = _tag(raw, "TEXT")
    if body is None:
        raise InputError("no <TEXT> element", str(path))
    docno = (_tag(raw, "DOCNO") or path.name).strip()
    headline = _tag(raw, "HEADLINE")
    date = _tag(raw, "DATE_TIME") or _tag(raw, "DATE")
    prefix = re.match(r"[A-Z]+", docno)
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise InputError("empty <TEXT>", str(path))
    return make_article(
        "\n\n".join(paragraphs),
        article_id=docno,
        outlet=_WIRE_OUTLETS.get(prefix.group(0)) if prefix else None,
        title=" ".join(headline.split()) if headline else None,
        published=_iso_date(date),
        origin=str(path),
    )


def _iso_date(text: str | None) -> str | None:
    if not text:
        return None
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return match.group(0)
    match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        return f"{match.group(3)}-{int(match.group(1)):02d}-{int(match.group(2)):02d}"
    return None


def _cluster_key(name: str) -> str:
    """'d30003t' / 'D0601A' / 'D0703A-A' / 'D30003.M.100.T.B' -> 'D30003' / 'D0601' / 'D0703-A'."""
    name = name.split(".")[0].upper()
    part = ""
    if re.search(r"-[A-Z]$", name):
        name, part = name[:-2], name[-2:]
    return re.sub(r"(?<=\d)[A-Z]+$", "", name) + part


def load_duc(path: Path) -> Dataset:
    """DUC-style clusters: SGML documents and NIST model summaries (see module docstring)."""
    if (path / "update_docs").is_dir():
        docs_root, models_root = path / "update_docs", path / "update_models"
        doc_dirs = sorted(
            d for top in docs_root.iterdir() if top.is_dir() for d in top.iterdir() if d.is_dir()
        )
    else:
        docs_root, models_root = path / "docs", path / "models"
        doc_dirs = sorted(d for d in docs_root.iterdir() if d.is_dir())
    references: dict[str, list[str]] = defaultdict(list)
    words = 100
    for model in sorted(models_root.iterdir()):
        references[_cluster_key(model.name)].append(" ".join(read_text_file(model).split()))
        length = re.search(r"\.M\.(\d+)\.", model.name)
        if length:
            words = int(length.group(1))
    clusters = []
    for directory in doc_dirs:
        refs = references.get(_cluster_key(directory.name))
        if not refs:
            continue
        articles = tuple(read_sgml_article(p) for p in sorted(directory.iterdir()) if p.is_file())
        clusters.append(Cluster(Story(directory.name, articles), tuple(refs)))
    return Dataset(name=path.name, clusters=tuple(clusters), words=words)


def load_multiling(path: Path) -> Dataset:
    """MultiLing 2011 English: ten WikiNews articles and three references per topic."""
    sources = sorted((path / "SourceTexts").glob("M*.english"))
    by_topic: dict[str, list[Article]] = defaultdict(list)
    for source in sources:
        topic = source.name[:4]  # M000 + document digit
        lines = read_text_file(source).splitlines()
        title = re.sub(r"^\d{4}/\d{2}/\d{2}\s+", "", lines[0]).strip() if lines else None
        by_topic[topic].append(
            make_article(
                "\n".join(lines),
                article_id=source.stem,
                outlet="WikiNews",
                title=title,
                origin=str(source),
            )
        )
    models = path / "Model Summaries" / "English"
    clusters = []
    for topic, articles in sorted(by_topic.items()):
        refs = [" ".join(read_text_file(m).split()) for m in sorted(models.glob(f"{topic}.*"))]
        if refs:
            clusters.append(Cluster(Story(topic, tuple(articles)), tuple(refs)))
    return Dataset(name=path.name, clusters=tuple(clusters), words=250)


def load_dataset(path: str | Path, splits: tuple[str, ...] = ()) -> Dataset:
    """Any of the supported datasets, recognised by its layout.

    Raises:
        MissingPathError: ``path`` does not exist.
        InputError: ``path`` is none of the known layouts.
    """
    path = Path(path)
    if not path.exists():
        raise MissingPathError("no such dataset", str(path))
    if path.is_file():
        return load_multinews(path, splits)
    if (path / "SourceTexts").is_dir():
        return load_multiling(path)
    if (path / "docs").is_dir() or (path / "update_docs").is_dir():
        return load_duc(path)
    raise InputError(
        "not a known dataset layout (Multi-News TSV/JSONL, DUC docs+models, MultiLing)", str(path)
    )
