"""Plain-text files and directories -> Articles."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from newsfuse.errors import InputError, MissingPathError
from newsfuse.load.outlets import outlet_from_name, recognise_outlet
from newsfuse.models import Article

log = logging.getLogger(__name__)

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
