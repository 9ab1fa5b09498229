"""The Jinja2 templates of the pages (autoescaped: article text is always shown as text)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from newsfuse._version import __version__
from newsfuse.web.frontpage import ago, outlet_colour

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["version"] = __version__
templates.env.filters["outlet_colour"] = outlet_colour  # a stable colour class per outlet name
templates.env.filters["ago"] = ago  # "12 min ago"
