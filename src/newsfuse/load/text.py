"""Plain-text files and directories -> Articles."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsfuse.errors import InputError, MissingPathError
from newsfuse.load.outlets import outlet_from_name, recognise_outlet
from newsfuse.models import Article, Story

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text")
_SNIFF_BYTES = 8192
# Share of control characters above which bytes are not text, even without a NUL.
_MAX_CONTROL_SHARE = 0.05


def decode_text(data: bytes, where: str) -> str:
    """Bytes -> str: UTF-8 (BOM allowed), else Windows-1252, the usual encoding of older pages.

    Raises:
        InputError: the bytes are empty or look binary.
    """
    if not data.strip():
        raise InputError("empty file: nothing to summarise", where)
    head = data[:_SNIFF_BYTES]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or controls > _MAX_CONTROL_SHARE * len(head):
        raise InputError("binary data, not text (expected UTF-8 text)", where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("%s: not valid UTF-8; read as Windows-1252", where)
        return data.decode("cp1252", errors="replace")


def read_text_file(path: Path) -> str:
    """The text of one file, with user errors as InputError."""
    where = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingPathError("no such file", where) from None
    except IsADirectoryError:
        raise InputError("is a directory", where) from None
    except PermissionError:
        raise InputError("permission denied", where) from None
    return decode_text(data, where)


def stable_id(*parts: str) -> str:
    """A short id that depends only on the given parts."""
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:10]


def make_article(
    text: str,
    *,
    article_id: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    origin: str = "",
    name_hint: str | None = None,
) -> Article:
    """An Article whose outlet is the given one, else one its text names, else ``name_hint``'s."""
    if not text.strip():
        raise InputError("article has no text", origin or None)
    if outlet is None:
        outlet = recognise_outlet(text)
    if outlet is None and url:
        outlet = outlet_from_name(url.split("/")[2] if "://" in url else url)
    if outlet is None and name_hint:
        outlet = outlet_from_name(name_hint) or name_hint
    return Article(
        id=article_id or stable_id(outlet or "", url or "", text),
        text=text,
        outlet=outlet,
        title=title,
        url=url,
        published=published,
        origin=origin,
        raw_text=text,
    )


def _expand(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Files to read, each flagged whether the user named it (strict) or a directory held it."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            members = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            if not members:
                raise InputError(f"no {'/'.join(TEXT_SUFFIXES)} files in directory", str(path))
            files.extend((p, False) for p in members)
        elif path.exists():
            files.append((path, True))
        else:
            raise MissingPathError("no such file or directory", str(path))
    return files


def load_story(paths: Sequence[str | Path], story_id: str | None = None) -> Story:
    """Files and directories (one article per file) -> one Story.

    A file the user named must be readable text; a file found inside a directory that is empty
    or binary is skipped with a warning.

    Raises:
        InputError: a path is missing or unreadable, or no article is left.
    """
    resolved = [Path(p) for p in paths]
    if not resolved:
        raise InputError("no input given")
    articles: list[Article] = []
    used_ids: set[str] = set()
    for path, strict in _expand(resolved):
        try:
            text = read_text_file(path)
        except InputError as exc:
            if strict:
                raise
            log.warning("skipped %s", exc)
            continue
        article_id = path.stem
        suffix = 2
        while article_id in used_ids:  # same stem in two directories
            article_id, suffix = f"{path.stem}-{suffix}", suffix + 1
        used_ids.add(article_id)
        articles.append(
            make_article(text, article_id=article_id, origin=str(path), name_hint=path.stem)
        )
    if not articles:
        raise InputError("no readable article", ", ".join(map(str, resolved)))
    if story_id is None:
        first = resolved[0]
        story_id = first.resolve().name if first.is_dir() else first.stem
    return Story(id=story_id, articles=tuple(articles))
