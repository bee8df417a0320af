"""A whole scraped page given as plain text: find the article among menus, teaser boxes and footers.

A copy-paste or a text dump of a portal page holds the article's paragraphs
(long lines of prose) among runs of short lines: navigation, share buttons,
"More stories" boxes, footer links. Each line is read as prose (at least 15
words, a share of common function words as running text has), a sentence
(ends with a stop), or short; a teaser's blurb cut with "…" or "[…]" is short.
Only when short lines are a large part of the text (a page, not an article
pasted on its own) is anything removed:
- before the article's first paragraph: everything but its headline (the last
  headline-like line of four or more words shortly above it) and the lines the
  header rules read (byline, date, caption);
- after its last paragraph: everything from the first short line on, except
  the sentences that still close the article;
- inside it: a run of three or more short lines (a related-stories box); a
  single short line between paragraphs is a subhead and stays, as a heading.
Lines the other rules recognise (captions, credits, prompts, copyright,
timestamps, bylines) are left to them, so they keep their own reasons.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from . import rules

PROSE, SENTENCE, SHORT = "prose", "sentence", "short"
PROSE_WORDS = 15  # fewer words than any lede in PolNeAR dev; more than a teaser headline or a menu row
LONG_WORDS = 30  # this long, a line is prose whatever its words
FUNCTION_SHARE = 0.25  # running English or Spanish text: a quarter or more of its words are function words
PAGE_SHORT_LINES = 8  # a page has at least this many short lines...
PAGE_SHORT_SHARE = 0.3  # ...and they are at least this share of its lines
HEAD_REACH = 10  # the headline sits at most this many lines above the first paragraph
BOX_LINES = 3  # short lines in a row inside the body that are a box, not a subhead
RUN_GAP = 8  # more short lines than this between two paragraphs: the second is not the article's
_CUT = re.compile(r"(?:…|\[…\]|\.\.\.|\[\.\.\.\])\s*$")
_STOP = ".!?\"”’»)"
_COMMENTS = re.compile(r"^\s*(?:\d[\d,.]*\s+comments?|comments?\s*\(\d[\d,.]*\)|comments?|join the (?:conversation|discussion)|"
                       r"(?:leave|add|post|show|view|read) (?:a |all |the )?comments?|reader comments|"
                       r"\d[\d,.]*\s+comentarios?|comentarios?|deja (?:tu|un) comentario)\s*:?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪●■◦*–-]|\d{1,2}[.)])\s+\S")


@functools.cache
def _function_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.es.stop_words import STOP_WORDS as ES

    return frozenset(EN) | frozenset(ES)


def kind(text: str) -> str:
    words = rules.words(text)
    if _CUT.search(text):
        return SHORT
    common = _function_words()
    share = sum(1 for w in words if w.lower() in common) / len(words) if words else 0.0
    tail = text.rstrip()
    ends = tail.endswith((*_STOP, "…", ":"))
    long_words = [w for w in words if len(w) > 3]
    titled = bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)
    if titled and len(words) < LONG_WORDS:  # "Democrat Voters Worried About Hillary Clinton's Health": a headline
        return SENTENCE if len(words) >= 3 else SHORT
    if len(words) >= LONG_WORDS or (len(words) >= PROSE_WORDS and share >= FUNCTION_SHARE and ends):
        return PROSE
    if len(words) >= 3 and tail.endswith((*_STOP, ":")) and share >= 0.15:
        return SENTENCE
    return SHORT


def _read(text: str) -> bool:
    """A header line whose content the header rules keep: the byline (the author), a timestamp (the date)."""
    return rules.byline_author(text) is not None or rules.is_timestamp(text) or rules.is_dated_timestamp(text)


def _ruled(text: str) -> bool:
    """A line another rule removes with its own reason (and reads: the author, the date, the outlet)."""
    return (_read(text) or rules.is_caption(text) or rules.is_reporting_credit(text)
            or rules.copyright_holder(text) is not None or rules.is_prompt(text))


def _teaserish(text: str) -> bool:
    return bool(_CUT.search(text)) or rules.is_time_ago(text) or rules.is_more_heading(text)


def furniture(units: list[Any], furniture_reason: str, teaser_reason: str) -> Any | None:
    """Mark the page's furniture and teaser lines in `units` (those without a reason yet); subheads get `heading`.
    Returns the headline's unit when the page shows one above the article (a headline-like line), else None."""
    open_ = [u for u in units if not u.reason]
    if not open_:
        return None
    kinds = [kind(u.text) for u in open_]
    ruled = [_ruled(u.text) for u in open_]
    teaserish = [_teaserish(u.text) for u in open_]
    short = sum(1 for k, r in zip(kinds, ruled) if k == SHORT and not r)
    if short < PAGE_SHORT_LINES or short < PAGE_SHORT_SHARE * len(open_):
        return None
    prose = [i for i, k in enumerate(kinds) if k == PROSE]
    if not prose:
        return None
    # readers' comments start at their heading: nothing after it is the article
    first, last = _main_run(prose, kinds)
    cut = next((i for i in range(first + 1, len(open_)) if _COMMENTS.match(open_[i].text)), len(open_))
    if cut <= last:
        first, last = _main_run([i for i in prose if first <= i < cut], kinds)

    def mark(i: int, teaser_ok: bool = True, force: bool = False) -> None:
        unit = open_[i]
        if unit.reason or (ruled[i] and not (force and not _read(unit.text))):
            return
        teaser = teaserish[i] or (i + 1 < len(open_) and teaserish[i + 1] and rules.is_headline_like(unit.text))
        unit.reason = teaser_reason if teaser_ok and teaser else furniture_reason

    # before the first paragraph: keep the headline (and the header lines the rules read)
    head = next((i for i in range(first - 1, max(-1, first - 1 - HEAD_REACH), -1)
                 if len(rules.words(open_[i].text)) >= 4 and (rules.is_headline_like(open_[i].text)
                                                             or kinds[i] == SENTENCE) and not ruled[i]),
                None)
    for i in range(first):
        if i != head and not (head is not None and i > head and kinds[i] == SENTENCE):
            # above the headline even a "Sign In" or "Subscribe" goes here, so that it is not read as the headline
            mark(i, teaser_ok=False, force=head is None or i < head)
    # after the last paragraph: the closing sentences stay, the rest is the page's tail
    i = last + 1
    listing = False
    while i < min(cut, len(open_)) and not teaserish[i]:
        text = open_[i].text
        if kinds[i] == SENTENCE:
            listing = text.rstrip().endswith(":")
        elif kinds[i] == SHORT and (listing or _BULLET.match(text)):
            pass  # the items of a list the article's sentence opened ("The plan would:")
        elif kinds[i] == SHORT and rules.is_headline_like(text) and i + 1 < len(open_) and kinds[i + 1] == SENTENCE \
                and not teaserish[i + 1]:
            open_[i].heading = True  # a subhead over the closing sentences
        else:
            break
        i += 1
    for j in range(i, len(open_)):
        mark(j)
    # inside: boxes go, single short lines are subheads
    i = first
    while i <= last:
        if kinds[i] != SHORT:
            i += 1
            continue
        j = i
        while j <= last and kinds[j] != PROSE:
            j += 1
        run = [k for k in range(i, j) if not ruled[k]]
        listed = i > 0 and open_[i - 1].text.rstrip().endswith(":") or all(_BULLET.match(open_[k].text) for k in run)
        boxed = any(teaserish[k] for k in run)
        if listed and not boxed:
            pass  # "The plan would:" and its items: a list in the article
        elif len(run) >= BOX_LINES or boxed:
            for k in run:
                mark(k)
        else:
            for k in run:
                if kinds[k] == SHORT and rules.is_headline_like(open_[k].text):
                    open_[k].heading = True
        i = j
    return open_[head] if head is not None and rules.is_headline_like(open_[head].text) else None


def _main_run(prose: list[int], kinds: list[str]) -> tuple[int, int]:
    """First and last line of the longest stretch of paragraphs: prose lines with at most a few other lines between
    them (a box, a subhead); a lone prose line far away (a cookie notice under the footer) is not the article."""
    runs: list[list[int]] = [[prose[0]]]
    for i in prose[1:]:
        gap = [k for k in range(runs[-1][-1] + 1, i) if kinds[k] == SHORT]
        if len(gap) > RUN_GAP:
            runs.append([i])
        else:
            runs[-1].append(i)
    best = max(runs, key=len)
    return best[0], best[-1]
