"""HTML pages -> Articles: main text and metadata by trafilatura.

trafilatura (``include_comments=False``) finds the main text and the page's metadata; the
pipeline's own clean stage runs on that text afterwards, as on any text (agency copyright
lines, "Advertisement", share prompts). The outlet shown to readers is the site's own name
("CBS News") when the page gives one, else a known outlet of the host, else the host.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsfuse.errors import InputError, MissingExtraError
from newsfuse.load.outlets import outlet_from_name, recognise_outlet
from newsfuse.load.text import stable_id
from newsfuse.models import Article

_HTML_LANG = re.compile(rb"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_HOSTLIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")
# A start tag over 1,000 characters long: looked at by _defuse_tag.
_LONG_TAG = re.compile(rb"<([A-Za-z][\w:-]{0,40})(\s[^<>]{1000,})>")
# Past either limit a tag's attributes are dropped: the HTML parser's time grows with the
# square of a tag's attribute count (200,000 attributes: minutes), and no news page needs
# them (a long one is an inline image, an SVG path or a JSON blob, never text).
_MAX_TAG_BYTES = 20_000
_MAX_TAG_ATTRIBUTES = 200


def _defuse_tag(match: re.Match[bytes]) -> bytes:
    attributes = match.group(2)
    if len(attributes) > _MAX_TAG_BYTES or attributes.count(b"=") > _MAX_TAG_ATTRIBUTES:
        return b"<" + match.group(1) + b">"
    return match.group(0)


def defuse(data: bytes) -> bytes:
    """``data`` with the attributes of absurdly long start tags dropped (see above)."""
    return _LONG_TAG.sub(_defuse_tag, data) if len(data) > 1000 else data


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head


def _outlet(sitename: str | None, url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    if sitename and not _HOSTLIKE.match(sitename.strip()):
        return sitename.strip()
    for name in (sitename, host):
        if name:
            known = outlet_from_name(name)
            if known:
                return known
    return re.sub(r"^www\.", "", host) if host else (sitename or None)


def article_from_html(
    data: bytes | str,
    *,
    url: str | None = None,
    origin: str = "",
    article_id: str | None = None,
    outlet: str | None = None,
) -> Article:
    """One HTML page -> Article (text uncleaned: the pipeline's clean stage follows).

    Raises:
        InputError: no main text could be found in the page.
        MissingExtraError: trafilatura is not installed.
    """
    try:
        import trafilatura
    except ImportError:
        raise MissingExtraError("html", "reading HTML pages") from None
    raw = defuse(data.encode("utf-8", "replace") if isinstance(data, str) else data)
    document = trafilatura.bare_extraction(
        raw.decode("utf-8", "replace") if isinstance(data, str) else raw,
        url=url, include_comments=False, with_metadata=True
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise InputError("no article text found in the page", origin or url)
    lang = _HTML_LANG.search(raw[:20_000])
    page_url = getattr(document, "url", None) or url
    name = (
        outlet or _outlet(getattr(document, "sitename", None), page_url) or recognise_outlet(text)
    )
    return Article(
        id=article_id or stable_id(name or "", page_url or "", text),
        text=text,
        outlet=name,
        title=getattr(document, "title", None),
        url=page_url,
        published=getattr(document, "date", None),
        author=getattr(document, "author", None),
        language=getattr(document, "language", None)
        or (lang.group(1).decode().lower() if lang else None),
        origin=origin or (url or ""),
        raw_text=text,
        source_format="html",
    )
