"""report.html: one self-contained file (no CDN, no script), readable offline and printable.

The package's public names; the code and its full description are in `render.py`.
"""
from __future__ import annotations

from . import charts, views
from .render import context, environment, render_run, write_story_pages

__all__ = ["charts", "context", "environment", "render_run", "views", "write_story_pages"]
