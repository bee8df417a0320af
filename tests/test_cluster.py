"""Story clustering's scoring on hand-made features: what keeps a thread together and two happenings apart.

Each article here is its clustering features only: a unit vector standing for its headline and lead, its names, the
years it is set in and the amounts it states. The vectors are built at a chosen cosine, so each case reads as the
situation it stands for (the same words, the same people, another year).
"""
from __future__ import annotations

import math

import numpy as np

from storydesk.cluster import ClusterOptions, Features, cluster
from storydesk.cluster.features import _minhash, shingles

DIM = 8


def _vector(cosine: float, axis: int = 1) -> list[float]:
    """A unit vector at `cosine` from the first axis, leaning towards `axis` (two leanings are apart too)."""
    v = np.zeros(DIM)
    v[0], v[axis] = cosine, math.sqrt(1 - cosine ** 2)
    return [float(x) for x in v]


def _article(doc: str, names: list[str], vector: list[float], years: list[int] | None = None,
             day: str | None = None, amounts: list[str] | None = None) -> Features:
    own_words = " ".join(f"{doc}word{n}" for n in range(12))  # no two articles share a shingle: no copies
    return Features(doc=doc, shingles=_minhash(shingles(own_words)), names=sorted(names), vector=vector, day=day,
                    language="en", years=years or [], amounts=amounts or [])


def _stories(feats: list[Features], options: ClusterOptions | None = None) -> list[list[str]]:
    return sorted(sorted(s) for s in cluster(feats, options))


QUAKE = ["bam", "kerman province", "iran"]


def test_the_same_words_in_another_year_and_place_are_another_story():
    feats = [
        _article("a1", [*QUAKE, "isna"], _vector(0.95, 1), [2003]),
        _article("a2", [*QUAKE, "red crescent"], _vector(0.95, 2), [2003]),
        # another earthquake in Iran, told in the same words: shares the country, not the town, the province or the year
        _article("b1", ["iran", "qeshm", "bandar abbas"], _vector(0.95, 3), [2005]),
        _article("b2", ["iran", "qeshm", "hormozgan"], _vector(0.95, 4), [2005]),
    ]
    assert _stories(feats) == [["a1", "a2"], ["b1", "b2"]]


def test_a_story_told_over_years_stays_one_thread():
    gang = ["tren de aragua", "tocoron", "hector guerrero"]
    feats = [
        _article("escape", [*gang, "aragua"], _vector(0.9, 1), [2020, 2023], day="2023-09-20"),
        _article("raid", [*gang, "caracas"], _vector(0.9, 2), [2023], day="2023-09-25"),
        # three years on, the same gang and leader: published long after, and about the same years too
        _article("indictment", [*gang, "southern district"], _vector(0.9, 3), [2023, 2026], day="2026-06-02"),
    ]
    assert _stories(feats) == [["escape", "indictment", "raid"]]


def test_the_years_of_a_group_tell_the_time_of_its_undated_articles():
    # b2 names no year; b1, whose story it is, names 2005, and the 2003 story is another time. Pair by pair, b2 is
    # close enough to the 2003 articles; as a group with b1, it is not.
    feats = [
        _article("a1", [*QUAKE, "isna"], _vector(0.8, 1), [2003]),
        _article("a2", [*QUAKE, "isna"], _vector(0.8, 2), [2003]),
        _article("b1", ["iran", "kerman province", "zarand"], _vector(0.8, 3), [2005]),
        _article("b2", ["iran", "kerman province", "zarand"], _vector(0.8, 4)),
    ]
    assert _stories(feats) == [["a1", "a2"], ["b1", "b2"]]


def test_a_lone_article_joins_a_story_of_three_but_two_lone_articles_stay_apart():
    story = [_article(f"s{n}", ["tocoron", "aragua", "hector guerrero", f"witness {n}"], _vector(0.92, n + 1))
             for n in range(3)]
    # names one of the story's places only and reads about the same: too little to link, enough to join a story
    lone = _article("lone", ["tocoron", "aragua", "maracay"], _vector(0.45, 5))
    assert _stories([*story, lone]) == [["lone", "s0", "s1", "s2"]]
    assert _stories([*story, lone], ClusterOptions(attach=9.0)) == [["lone"], ["s0", "s1", "s2"]]  # no link of its own
    # evidence as weak between two lone articles is not enough
    pair = [_article("x", ["tocoron", "aragua", "maracay"], _vector(0.45, 5)),
            _article("y", ["tocoron", "aragua", "valencia"], _vector(0.45, 6))]
    assert _stories(pair) == [["x"], ["y"]]


def test_the_same_amounts_are_evidence_of_the_same_happening():
    p_names, q_names = ["gulf of aden", "india", "indian navy", "nambiar"], ["gulf of aden", "india", "sinha", "mumbai"]
    opts = ClusterOptions(attach=9.0)  # scores compared at the line between a link and none
    plain = [_article("p", p_names, _vector(0.6, 1)), _article("q", q_names, _vector(0.6, 2))]
    counted = [_article("p", p_names, _vector(0.6, 1), amounts=["26", "4.5"]),
               _article("q", q_names, _vector(0.6, 2), amounts=["26", "4.5"])]
    assert _stories(plain, opts) == [["p"], ["q"]]
    assert _stories(counted, opts) == [["p", "q"]]
