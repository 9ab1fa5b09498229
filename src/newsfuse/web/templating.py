"""The Jinja2 templates of the pages (autoescaped: article text is always shown as text)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from newsfuse._version import __version__

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["version"] = __version__
