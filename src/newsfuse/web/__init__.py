"""The web app and API (``newsfuse serve``): stories stored, briefs read in a browser.

Needs the ``web`` extra: ``pip install "newsfuse[web]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsfuse.errors import MissingExtraError

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """``newsfuse.web.app.create_app``, with a clear message when the extra is missing."""
    try:
        from newsfuse.web.app import create_app as _create_app
    except ImportError as exc:
        raise MissingExtraError("web", "the web app") from exc
    return _create_app(*args, **kwargs)


__all__ = ["create_app"]
