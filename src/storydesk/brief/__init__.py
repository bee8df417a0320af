"""The brief: a few sentences a reporter can read first, every one cited and checked.

The package's public names; the code and its full description are in `build.py`.
"""
from __future__ import annotations

from .build import BriefOptions, build_brief

__all__ = ["BriefOptions", "build_brief"]
