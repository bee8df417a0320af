"""Group a firehose of articles into stories, without comparing every pair.

The package's public names; the code and its full description are in `stories.py`.
"""
from __future__ import annotations

from .stories import ClusterOptions, Features, bcubed, cluster, features_for

__all__ = ["ClusterOptions", "Features", "bcubed", "cluster", "features_for"]
