"""The run's clock: one way to write the time a run, a judgement or a stored article was made."""
from __future__ import annotations

import datetime


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
