"""Every cleaning rule, the cleaner and the rule-based annotators take time in proportion to their input.

Each is run on pathological strings (one long token, runs of one character, repeated near-matches of its patterns)
of 100,000 and 1,000,000 characters. These are not speed benchmarks (benchmarks/ holds those): linear work grows
10x from one size to the other, quadratic work 100x; the bound (30x, or half a second, whichever is larger) only
tells the two apart. Before the fix, one 120,000-character token took 158 s in `is_caption`.
"""
from __future__ import annotations

import time

import pytest

from storydesk.annotate.quantities import quantities
from storydesk.annotate.times import times
from storydesk.dates import find_dates
from storydesk.extract import rules
from storydesk.extract.clean import clean
from storydesk.sentences import split

SMALL, BIG = 100_000, 1_000_000

# Each a unit repeated to the length wanted.
SHAPES = {
    "one token": "a",
    "capitals": "A",
    "digits": "1",
    "spaces": " ",
    "slashes": "a/",
    "dots": ".",
    "dashes": "-",
    "open brackets": "(",
    "quotes": '"',
    "credit words": "(photo ",
    "agency slashes": "REUTERS/",
    "word and comma": "A, ",
    "numbers and commas": "1,",
    "short lines": "a\n",
    "mixed punctuation": "Aa.'-/ ",
    "inverted marks": "¿",
    "months": "March ",
    "dollars": "$1 ",
    "abbreviations": "Mr. ",
    "initials": "J. ",
    "sentences": "Yes. ",
}

RULES = [getattr(rules, name) for name in ("is_caption", "is_reporting_credit", "is_prompt", "is_time_ago", "is_dated_timestamp",
                                           "is_timestamp", "byline_author", "is_section_label", "copyright_holder",
                                           "is_more_heading", "is_headline_like", "dateline")]
WHOLE = {
    "clean": lambda s: clean(s, [(0, len(s))]),
    "times": lambda s: times(s, "2024-03-01", "en"),
    "times (es)": lambda s: times(s, "2024-03-01", "es"),
    "quantities": lambda s: quantities(s, "en"),
    "find_dates": find_dates,
    "sentences": split,
}


def _seconds(fn, text: str) -> float:
    started = time.perf_counter()
    fn(text)
    return time.perf_counter() - started


def _text(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _assert_linear(fn, name: str) -> None:
    for shape, unit in SHAPES.items():
        small = _seconds(fn, _text(unit, SMALL))
        big = _seconds(fn, _text(unit, BIG))
        assert big <= max(30 * small, 0.5), f"{name} on {shape}: {small:.3f} s at {SMALL:,} characters, {big:.3f} s at {BIG:,}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_each_cleaning_rule_is_linear(rule):
    _assert_linear(rule, rule.__name__)


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_the_cleaner_and_the_rule_based_annotators_are_linear(name):
    _assert_linear(WHOLE[name], name)
