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
    document = trafilatura.bare_extraction(
        data, url=url, include_comments=False, with_metadata=True
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise InputError("no article text found in the page", origin or url)
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
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
