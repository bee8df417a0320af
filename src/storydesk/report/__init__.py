"""report.html: one self-contained file (no CDN, no script), readable offline and printable.

Every string from the sources goes through Jinja's autoescaping, and the page's
Content-Security-Policy forbids scripts outright, so a title or body carrying
markup is shown as text and never run. Filters and "click for evidence" are
plain HTML and CSS (radio buttons, <details>), so they work with scripts off.
"""
from __future__ import annotations

from . import charts, views
from .render import context, environment, render_run, write_story_pages

__all__ = ["charts", "context", "environment", "render_run", "views", "write_story_pages"]
