"""Rendering: Brief -> text in one of the output formats."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from newsfuse.models import Brief
from newsfuse.render.json import brief_from_dict, brief_to_dict, render_json
from newsfuse.render.markdown import (
    fact_sections,
    render_markdown,
    render_text,
    source_labels,
    source_numbers,
)


class Format(StrEnum):
    MARKDOWN = "markdown"
    TEXT = "text"
    JSON = "json"


_RENDERERS: dict[Format, Callable[[Brief], str]] = {
    Format.MARKDOWN: render_markdown,
    Format.TEXT: render_text,
    Format.JSON: render_json,
}


def render(brief: Brief, fmt: Format | str = Format.MARKDOWN) -> str:
    """The brief as text in ``fmt`` (markdown, text or json)."""
    return _RENDERERS[Format(fmt)](brief)


__all__ = [
    "Format",
    "brief_from_dict",
    "brief_to_dict",
    "fact_sections",
    "render",
    "render_json",
    "render_markdown",
    "render_text",
    "source_labels",
    "source_numbers",
]
