"""Who said what: direct quotes with their speakers, and indirect attribution.

Direct quotes are found in the characters (curly, straight and angle quote
marks; a quote that runs over several paragraphs, each opening with a mark and
only the last closing, is one quote). The speaker comes from the parse: the
subject of the nearest speech verb in the quote's sentence, or the object of
"according to" / "según". "He said" points at the pronoun, and `ref_start`/
`ref_end` at the last named speaker before it. A quote split around "X said"
gives two quotes with the same speaker; a quote in the sentence after an
attributed one, with no verb of its own, continues that speaker.

The speech verb is never looked for across a paragraph break (a line ending in ":"
excepted), so a quote never takes the next paragraph's speaker. Names given in the
characters come first: "“…” ― Carla Sanchez", "Said Ellis: “…”", "… - Carl Bialik: “…”".
When the parse gives the verb no subject, the words between the quote and the verb,
a name set off by commas before it, or the noun after it ("added another Democrat")
are the speaker; with no speech verb, the subject of the verb the quote hangs on.
"he"/"she" never points at an organisation, a place or a building.

Indirect attribution ("X said that ...", "X told Y ...", "according to X, ...")
needs the dependency parse: the clause a speech verb governs is the content, or,
with no clause, its object ("called for X to ..."), or the sentence around a
parenthetical "he said" or "as the Times reported". A public stance is an
attribution too, its object the content: "Carson endorsed Mr. Trump", "Clinton
accused him of sexism", "referring to the polls", "declined to comment". A quoted
title in title case ("Fox & Friends") is a name, not a quote.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..spans import Spans
from ..words import DECLINE_EN, DECLINE_ES, MEDIA, SPEECH_EN, SPEECH_ES, SPOKE_OF_EN, SPOKE_OF_ES, STANCE_EN, STANCE_ES
from .nlp import parse, pipeline, text_of

# verbs whose clause we take as indirect content only with a speech sense (not "think" about the weather)
_ACCORDING = {"en": ("according", "to"), "es": ("según", None)}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "él", "ella", "ellos", "ellas"}
_OPEN = "“«„\""
_CLOSE = "”»“\""
_PAIRS = {"“": "”", "«": "»", "„": "“", "\"": "\""}
_TYPO_CLOSE = re.compile(r"[,.!?]“(?=\s)")  # a “ typed as the closing mark, after a comma or a stop


@dataclass
class Quote:
    start: int
    end: int
    text: str
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    kind: str = "direct"  # "direct", "indirect" (reported speech) or "mixed" (reported speech holding a partial quote)
    ref_start: int | None = None  # for a pronoun speaker: the named speaker it refers to
    ref_end: int | None = None
    ref_text: str | None = None
    speaker_entity: str | None = None  # filled by resolve: the entity of the speaker (or of the name a pronoun points at)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# ---------------------------------------------------------------------------- direct quotes in the characters

def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _first(text: str, marks: str, start: int, end: int) -> int:
    """Position of the first of `marks` in text[start:end], or -1."""
    found = [k for k in (text.find(mark, start, end) for mark in marks) if k != -1]
    return min(found) if found else -1


def find_quoted(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted stretch, marks included; multi-paragraph quotes joined. Two apostrophes ('')
    are read as one double quote mark, as some wire copy writes it."""
    if "''" not in text:
        return _find_quoted(text)
    masked = text.replace("''", '"\x01')  # same length: the mark's second character is kept out of the way
    return [(s, e + 1 if e < len(text) and masked[e - 1:e + 1] == '"\x01' else e) for s, e in _find_quoted(masked)]


def _find_quoted(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None  # a quote left open at the end of a paragraph
    for p_start, p_end in _paragraphs(text):
        i = p_start
        if open_at is not None and (p_start >= p_end or text[p_start] not in _OPEN):
            open_at = None  # the open quote was not continued: drop it
        while i < p_end:
            ch = text[i]
            if ch in _PAIRS and (open_at is None or i != p_start):
                # a straight or curly quote can also be closed by the other style, and a “ typed as the close after
                # a comma or a stop ("“It's unusual,“ said Noble")
                j = _first(text, "”\"" if ch in "\"“" else _PAIRS[ch], i + 1, p_end)
                if ch == "“":
                    typo = _TYPO_CLOSE.search(text, i + 1, p_end)
                    if typo and (j == -1 or typo.end() - 1 < j):
                        j = typo.end() - 1
                if j == -1:
                    open_at = open_at if open_at is not None else i
                    break
                spans.append((open_at if open_at is not None else i, j + 1))
                open_at = None
                i = j + 1
                continue
            if ch in _PAIRS and open_at is not None and i == p_start:
                # continuation paragraph of a multi-paragraph quote
                j = _first(text, "”\"»", i + 1, p_end)
                if j != -1:
                    spans.append((open_at, j + 1))
                    open_at = None
                    i = j + 1
                    continue
                break
            i += 1
    return spans


def _looks_like_quote(text: str, start: int, end: int) -> bool:
    """A quotation rather than a nickname, a title or a scare-quoted word."""
    inner = text[start + 1:end - 1].strip()
    words = inner.split()
    if _TITLE.fullmatch(inner.rstrip(".,;:")) and len(words) <= 8:
        return False  # the name of a show, a book, a song or a committee: “Fox & Friends,”, “Gang of Eight”
    return len(words) >= 4 or (len(words) >= 2 and bool(re.search(r"[.,!?;:…]$", inner)))


# every word capitalised but the small ones, and no exclamation or question ("USA! USA!" is chanted)
_SMALL = r"(?:a|an|the|of|and|or|for|to|in|on|at|with|by|from|is|as|&|y|de|del|la|el|los|las)"
_TITLE = re.compile(r"[A-Z0-9][\w’'.-]*(?:[^\S\n]+(?:[A-Z0-9(][\w’'.()-]*|" + _SMALL + r"))*")


# "“...” ― Carla Sanchez." (a dash and a name closing the quote's line) and "Said Ellis: “...”"
_SP = r"[^\S\n]"  # a space on the line (a no-break space too), never a line break
_NAME = r"(?P<name>[A-Z][\w.'’-]*(?:" + _SP + r"+(?:[A-Z][\w.'’-]*|de|del|la|van|von|da|y)){0,5})"
_DASHED = re.compile(_SP + r"*(?P<cue>[―—–]|--?)" + _SP + "*" + _NAME + _SP + r"*(?:[.,]" + _SP + r"*)?(?=\n|$)")
# "… - Carl Bialik: “…”", "Pew Research: “…”" (a digest's source, a transcript's speaker) at the paragraph's start or
# after a dash
_NAME_COLON = re.compile(r"(?:^|(?<=\n)|(?<=[-–—]" + r"[^\S\n])|(?<=\bFrom" + r"[^\S\n]))"
                         # a transcript's "Former secretary of state Hillary Rodham Clinton:" / "Rep. Trey Gowdy (R-S.C.):"
                         + r"(?:[A-Z][a-z]+(?:[^\S\n]+[a-z]+){1,4}[^\S\n]+)?" + r"(?P<cue>)" + r"(?P<name>[A-Z][\w.'’-]*(?:"
                         + r"[^\S\n]+(?:[A-Z][\w.'’-]*|and|de|del|van|von)){0,5})"
                         + r"(?:[^\S\n]*\([A-Z][\w.]*(?:-[A-Z][\w.]*)?\))?" + _SP + r"*:" + _SP + "*$")
# "“…”" alone in its paragraph, and on the next line "- Bernie Sanders." (a fact-check's layout)
_SIGNED_BELOW = re.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)?" + _SP + r"*(?P<cue>[―—–-]|--)" + _SP + "*" + _NAME
                           + _SP + r"*(?:[.,]|(?=\n|$))")
# a transcript's speaker in capitals at the start of a quoted turn: "“WALLACE: Let’s start …"
_TRANSCRIPT = re.compile(r"[“\"«]" + _SP + r"*(?P<name>[A-Z][A-Z'’.-]+(?:" + _SP + r"[A-Z][A-Z'’.-]+){0,3}):" + _SP)
_SAID_BEFORE = re.compile(r"(?P<cue>\b(?:[Ss]aid|[Ww]rote|[Aa]dded|[Ss]tated|[Ss]ays|[Aa]sked|[Ee]xplained|[Nn]oted|"
                          r"[Cc]ontinued|[Dd]eclared|[Tt]weeted))" + _SP + "+" + _NAME + _SP + r"*[:,]" + _SP + "*$")


# ---------------------------------------------------------------------------- parse helpers

class Quoted:
    """The quoted stretches of one text, in order, indexed: a parse asks whether each of its tokens is inside one."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.index = Spans(spans)
        self.ends = {e for s, e in spans if s < e}

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.spans)


def _inside(pos: int, quoted: Quoted) -> bool:
    return quoted.index.overlaps(pos, pos + 1)


def _governing(doc: Any, start: int, end: int) -> set[int]:
    """Token indices of the words the quote's own tokens hang on: a speech verb among them is the one the quote is
    said with."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return set()
    # the marks themselves are left out: the parser may hang an opening mark on the sentence before
    return {tok.head.i for tok in span if not start <= tok.head.idx < end and not (tok.is_punct and tok.text in _MARKS)}


_MARKS = set(_OPEN + _CLOSE) | {"''", "``"}


def _between(doc: Any, end: int, verb: Any) -> tuple[int, int] | None:
    """When the parse gives the verb no subject: the words between the quote's close and the verb right after it
    ("“...,” Tulsa police Chief Chuck Jordan said"), if they are a noun phrase."""
    if verb.idx < end or not _short_tail(text_of(doc), end, verb.idx, words=12):
        return None
    words = [t for t in doc[:verb.i] if t.idx >= end and not t.is_space]
    while words and words[0].is_punct:
        words = words[1:]
    run = []
    for t in words:  # "Ramos, 58, told AFP": the name, not the age after it
        if t.is_punct:
            break
        run.append(t)
    if run and all(t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON") or t.text[:1].isupper() for t in run) \
            and any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in run):
        return run[0].idx, run[-1].idx + len(run[-1])
    return None


def _verb_before_colon(doc: Any, colon: int, quoted: Quoted) -> Any | None:
    """The verb of the clause that a colon closes, nearest the colon."""
    tok = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if tok is None or not len(tok):
        return None
    i = tok[0].i - 1
    sent_start = tok[0].sent.start
    while i >= sent_start:
        t = doc[i]
        # "released the following statement:": "following" qualifies the noun, "released" is the clause's verb
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "amod") and not _inside(t.idx, quoted):
            return t
        i -= 1
    return None


def _after_verb(doc: Any, end: int, verb: Any, quoted: Quoted) -> tuple[int, int] | None:
    """"“…,” added another New Hampshire Democrat": the verb right after the close, the speaker after the verb (the
    parse may take it for an object)."""
    if verb.idx < end or re.search(r"\w", text_of(doc)[end:verb.idx]):
        return None
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("dobj", "obj", "attr", "npadvmod", "nsubj") \
                and child.pos_ in ("PROPN", "NOUN") and not _inside(child.idx, quoted):
            return _span_of(child, quoted)
    return None


def _left_name(verb: Any, quoted: Quoted) -> tuple[int, int] | None:
    """The parse gave the verb no subject: a name just before it, set off by commas ("her senior policy adviser,
    Jake Sullivan, said:")."""
    doc = verb.doc
    i = verb.i - 1
    while i >= verb.sent.start and (doc[i].is_punct or doc[i].is_space) and doc[i].text in (",", " "):
        i -= 1
    run = []
    while i >= verb.sent.start and doc[i].pos_ == "PROPN" and not _inside(doc[i].idx, quoted):
        run.append(doc[i])
        i -= 1
    if not run:
        return None
    return run[-1].idx, run[0].idx + len(run[0])


def _short_tail(text: str, end: int, verb_at: int, words: int = 5) -> bool:
    """Only a comma and at most `words` words, on one line and with no stop, lie between a quote's close and the
    verb: "“...,” the union wrote"."""
    between = text[end:verb_at]
    return "\n" not in between and len(between.split()) <= words and not re.search(r"[.;:!?]", between)


def _speaker_of(verb: Any, quoted: Quoted) -> tuple[int, int] | None:
    # a verb the parse gave two subjects ("LONDON (Reuters) - Donald Trump said"): the one next to it is the speaker
    for child in sorted(verb.children, key=lambda c: (c.dep_ in _SUBJECTS and c.i < verb.i, c.i), reverse=True):
        if child.dep_ in _SUBJECTS and child.lower_ in ("who", "which", "that", "quien", "que") \
                and verb.dep_ in ("relcl", "acl") and verb.head is not verb:
            return _span_of(verb.head, quoted)  # "Marc Morial, who said ...": the person the clause hangs on
        if child.dep_ in _SUBJECTS and not _inside(child.idx, quoted):
            names = [a for a in child.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
            if child.pos_ != "PROPN" and names:  # "la ministra del Interior, Rosa Villalobos": the name
                return _span_of(names[0], quoted)
            return _span_of(child, quoted)
    for child in verb.children:  # "was quoted by X", "dijo X" parsed as object
        if child.dep_ == "agent":
            for g in child.children:
                return _span_of(g, quoted)
    if verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBD") and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if noun.lemma_.lower() in MEDIA:  # "Trump issued a statement saying …": the one who issued it, or no one
            owner = noun.head.head if noun.dep_ == "pobj" else noun.head
            return _speaker_of(owner, quoted) if owner is not noun and owner.pos_ in ("VERB", "AUX") else None
        # "a group backing Bush"; "Mitt Romney, the nominee, tweeted" (misparsed): the noun, not its clause
        start, end = _span_of(noun, quoted)
        before = verb.doc[min(t.i for t in verb.subtree) - 1]
        return start, (min(end, before.idx + len(before)) if before.idx >= start else end)
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acl") and verb.head is not verb:
        # "..., adding" / "and added" / "punctuated his list by saying": the subject of the verb above
        head = verb.head
        while head.dep_ == "prep" and head.head is not head:
            head = head.head
        return _speaker_of(head, quoted) if head.pos_ in ("VERB", "AUX") else None
    return None


def _clause_subject(doc: Any, q_start: int, q_end: int, quoted: Quoted, lo: int, hi: int, lang: str) -> Any | None:
    """No speech verb: the verb the quote hangs on, when it has a subject outside quotes ("Moore thanked him for
    “stepping up”", "the Christie supporter retorted: “...”"). The quote is then that subject's words."""
    span = doc.char_span(q_start, q_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span.root.head
    steps = 0
    while steps < 4 and head.pos_ not in ("VERB", "AUX") and head.head is not head:
        head, steps = head.head, steps + 1
    # "Paul Ryan worried that the safety net was becoming “a hammock”": the words are those of the one whose thought
    # or speech the clause reports, not of the clause's own subject
    while head.dep_ == "ccomp" and lo <= head.head.i < hi and not _inside(head.head.idx, quoted) \
            and (_is_speech(head.head, lang) or head.head.lemma_.lower() in _THOUGHT):
        head = head.head
    if head.pos_ not in ("VERB", "AUX") or not (lo <= head.i < hi) or _inside(head.idx, quoted):
        return None
    subjects = [c for c in head.children if c.dep_ in _SUBJECTS and not _inside(c.idx, quoted)]
    return head if subjects and subjects[0].pos_ in ("PROPN", "NOUN", "PRON") else None


def _span_of(token: Any, quoted: Quoted) -> tuple[int, int]:
    """The contiguous run of `token`'s subtree around it, outside quotes, cut at commas, dashes and brackets
    (so "Trump, the nominee, who ..." gives "Trump")."""
    keep = {t.i for t in token.subtree if not _inside(t.idx, quoted)} | {token.i}
    doc = token.doc
    stop = (",", "—", "―", "(", ")", "–", ";")
    left = right = token.i
    def joins(a: Any, b: Any) -> bool:  # two neighbours, neither a stop nor a space, no line break between them
        return not (a.is_space or b.is_space or a.text in stop or b.text in stop or _spaced_hyphen(a)
                    or _spaced_hyphen(b)) and "\n" not in a.whitespace_
    while left - 1 in keep and joins(doc[left - 1], doc[left]):
        left -= 1
    while right + 1 in keep and joins(doc[right], doc[right + 1]):
        right += 1
    return doc[left].idx, doc[right].idx + len(doc[right])


def _spaced_hyphen(t: Any) -> bool:
    """A hyphen set apart by spaces is a dash ("LIMA (Wire) - Rosa Villalobos said"), not "Clinton-era"."""
    return t.text in ("-", "--") and bool(t.whitespace_) and t.i > 0 and bool(t.doc[t.i - 1].whitespace_)


def _speech_verbs(doc: Any, lang: str) -> set[str]:
    return SPEECH_ES if lang == "es" else SPEECH_EN


def _is_speech(tok: Any, lang: str) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    if lang != "es" and lemma in ("shoot", "fire", "hit") \
            and any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in tok.children):
        return True  # "Trump shot back, “...”"
    return lemma in _speech_verbs(tok.doc, lang)


def _according(doc: Any, lang: str, quoted: Quoted) -> list[tuple[Any, tuple[int, int]]]:
    """(cue token, speaker span) for each 'according to X' / 'según X' outside quotes."""
    first, second = _ACCORDING["es" if lang == "es" else "en"]
    found = []
    for tok in doc:
        if tok.lower_ != first or _inside(tok.idx, quoted):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if second is not None and (nxt is None or nxt.lower_ != second):
            continue
        head = nxt if second is not None and nxt is not None else tok
        objs = [c for c in head.children if c.dep_ in ("pobj", "obj", "nmod")]
        if not objs and tok.i + 1 + (second is not None) < len(doc):  # parser missed it: take the noun phrase after
            start_i = tok.i + 1 + (second is not None)
            end_i = start_i
            while end_i < len(doc) and (doc[end_i].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "NUM", "ADP", "CCONJ")
                                        and doc[end_i].text not in (",", ".")):
                end_i += 1
            if end_i > start_i:
                found.append((tok, (doc[start_i].idx, doc[end_i - 1].idx + len(doc[end_i - 1]))))
            continue
        for obj in objs[:1]:
            after = head.i + 1
            dashes = [t for t in doc[after:obj.i] if t.text in ("–", "—", "--") or _spaced_hyphen(t)]
            if dashes and dashes[0].i > after:  # "according to the Budget Office - half of what …" (misparsed)
                last = doc[dashes[0].i - 1]
                found.append((tok, (doc[after].idx, last.idx + len(last))))
                continue
            found.append((tok, _span_of(obj, quoted)))
    return found


# ---------------------------------------------------------------------------- the whole job

def _quotes_in_doc(doc: Any, lang: str, full_parse: bool) -> list[Quote]:
    text = text_of(doc)
    quoted = Quoted([s for s in find_quoted(text) if _looks_like_quote(text, *s)])
    out: list[Quote] = []
    sents = list(doc.sents)
    sent_of = {}
    for si, sent in enumerate(sents):
        for tok in sent:
            sent_of[tok.i] = si

    def sentence_span(pos: int) -> int:
        tok = doc.char_span(pos, pos + 1, alignment_mode="expand")
        return sent_of.get(tok.start, 0) if tok is not None and len(tok) else 0

    accordings = _according(doc, lang, quoted) if full_parse else []
    previous: Quote | None = None
    for q_start, q_end in quoted:
        quote = Quote(q_start, q_end, text[q_start:q_end])
        if full_parse:
            first_s, last_s = sentence_span(q_start), sentence_span(q_end - 1)
            if last_s + 1 < len(sents) and _short_tail(text, q_end, sents[last_s + 1].start_char) \
                    and sents[last_s + 1].start_char - q_end < 3:
                last_s += 1  # "… A pathetic figure!” he wrote.": the parser ended the sentence at the mark
            _find_speaker(quote, doc, sents, first_s, last_s, quoted, accordings, lang)
        if quote.speaker_start is None and (m := _TRANSCRIPT.match(text, q_start)):
            # a transcript quoted whole: "“PENCE: Well, the question really should be …”"
            quote.speaker_start, quote.speaker_end = m.start("name"), m.end("name")
        if quote.speaker_start is None and previous is not None and previous.speaker_start is not None \
                and _continues(text, previous, q_start):
            quote.speaker_start, quote.speaker_end = previous.speaker_start, previous.speaker_end
            quote.cue, quote.cue_start, quote.cue_end = previous.cue, previous.cue_start, previous.cue_end
        if quote.speaker_start is not None:
            quote.speaker_text = text[quote.speaker_start:quote.speaker_end]
        out.append(quote)
        previous = quote
    if full_parse:
        out.extend(_indirect(doc, lang, quoted, out))
        out = [q for q in out if q.kind != "absorbed"]
    out.sort(key=lambda q: (q.start, q.end))
    _resolve_pronouns(doc, out)
    return out


def _find_speaker(quote: Quote, doc: Any, sents: list[Any], first_s: int, last_s: int, quoted: Quoted,
                  accordings: list[tuple[Any, tuple[int, int]]], lang: str) -> None:
    """The cue and speaker of one direct quote, in this order: a name given in the characters, the speech verb the
    quote hangs on or the nearest one in its sentences (never across a paragraph break), the verb before a colon
    or in the sentence just before, "according to X", the subject of the verb the quote hangs on."""
    text = text_of(doc)
    q_start, q_end = quote.start, quote.end
    lo, hi = sents[max(0, first_s)].start, sents[min(len(sents) - 1, last_s)].end
    para_lo, para_hi = _paragraph(text, q_start, q_end)
    candidates = _speech_candidates(doc, quoted, lang, q_start, q_end, lo, hi, para_lo, para_hi)
    best = candidates[0] if candidates else None
    m = _name_given(text, q_start, q_end, para_lo, para_hi)
    if m:  # "“...” ― Carla Sanchez" / "Said Ellis: “...”": the name is given in the characters
        quote.cue, quote.cue_start, quote.cue_end = m.group("cue"), m.start("cue"), m.end("cue")
        end = m.end("name")
        if text[end - 1] == "." and not re.search(r"(?:^|\s)\w\.$", text[m.start("name"):end]):
            end -= 1  # "― Luis Ortega." : the stop closes the line, an initial keeps its dot
        quote.speaker_start, quote.speaker_end = m.start("name"), end
        return
    # (para_lo already reaches back over a line above that ends in ":")
    if best is None and text[para_lo:q_start].rstrip().endswith(":"):
        verb = _verb_before_colon(doc, text.rfind(":", 0, q_start), quoted)  # "Trump went even further: “…”"
        if verb is not None and _speaker_of(verb, quoted):
            best = verb
    if best is None and first_s > 0:
        # "Mora told reporters: / “...”": a speech verb in the sentence just before the quote
        prev_sent = sents[first_s - 1]
        if q_start - prev_sent.end_char < 4:
            verbs = [t for t in prev_sent if _is_speech(t, lang) and not _inside(t.idx, quoted)]
            if verbs and _speaker_of(verbs[-1], quoted):
                best = verbs[-1]
    if best is not None:
        # the nearest verb first; one with no one to speak it ("“…” Asked if …") gives way to the next
        for verb in [best] + [c for c in candidates if c is not best]:
            speaker = _speaker_of(verb, quoted) or _between(doc, q_end, verb) or _left_name(verb, quoted) \
                or _after_verb(doc, q_end, verb, quoted)
            if speaker or verb is best and len(candidates) < 2:
                break
        else:
            verb, speaker = best, None
        quote.cue, quote.cue_start, quote.cue_end = verb.text, verb.idx, verb.idx + len(verb)
        if speaker:
            quote.speaker_start, quote.speaker_end = speaker
        return
    for cue_tok, speaker in accordings:
        if lo <= cue_tok.i < hi:
            quote.cue, quote.cue_start, quote.cue_end = cue_tok.text, cue_tok.idx, cue_tok.idx + len(cue_tok)
            quote.speaker_start, quote.speaker_end = speaker
            return
    verb = _clause_subject(doc, q_start, q_end, quoted, lo, hi, lang)
    speaker = _speaker_of(verb, quoted) if verb is not None else None
    if verb is not None and speaker:
        quote.cue, quote.cue_start, quote.cue_end = verb.text, verb.idx, verb.idx + len(verb)
        quote.speaker_start, quote.speaker_end = speaker


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph a quote is in. The speech verb is never looked for across a paragraph break: a sentence the
    parser ran over a line end must not hand the quote to the next paragraph's speaker. A line above that ends in
    ":" ("Caddell continued:") belongs to the quote's paragraph."""
    lo, hi = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    hi = len(text) if hi == -1 else hi
    if text[:lo].rstrip().endswith(":"):
        lo = text.rfind("\n", 0, len(text[:lo].rstrip())) + 1
    return lo, hi


def _speech_candidates(doc: Any, quoted: Quoted, lang: str, q_start: int, q_end: int, lo: int, hi: int,
                       para_lo: int, para_hi: int) -> list[Any]:
    """Speech verbs of the quote's sentences and paragraph, nearest first; the verb the quote hangs on, or one
    right after it ("“...,” the union wrote"), before a nearer one."""
    text = text_of(doc)
    governing = _governing(doc, q_start, q_end)
    found = []
    for tok in doc[lo:hi]:
        if _inside(tok.idx, quoted) or not _is_speech(tok, lang) or not para_lo <= tok.idx < para_hi:
            continue
        distance = q_start - tok.idx if tok.idx < q_start else tok.idx - q_end
        if tok.i in governing or (tok.idx >= q_end and _short_tail(text, q_end, tok.idx)):
            distance = -1
        found.append((distance, tok.i, tok))
    return [tok for _, _, tok in sorted(found, key=lambda c: (c[0], c[1]))]


def _name_given(text: str, q_start: int, q_end: int, para_lo: int, para_hi: int) -> re.Match[str] | None:
    """A speaker's name in the characters around the quote: "― Carla Sanchez" after it, "- Esteban Mora." on the
    line below a quote standing alone, "Said Ellis:" or "Pew Research:" before it."""
    alone = not text[para_lo:q_start].strip() and not text[q_end:para_hi].strip()
    return _DASHED.match(text, q_end) or (_SIGNED_BELOW.match(text, q_end) if alone else None) \
        or _SAID_BEFORE.search(text, para_lo, q_start) or _NAME_COLON.search(text, para_lo, q_start)


def _continues(text: str, previous: Quote, start: int) -> bool:
    """Nothing but the previous quote's own attribution lies between it and `start`:
    "“A,” she said. “B.”", or a quote carried on in the next paragraph."""
    between = text[previous.end:start]
    if len(between) > 200 or between.count("\n") > 2:
        return False
    rest = between
    for a, b in ((previous.speaker_start, previous.speaker_end), (previous.cue_start, previous.cue_end)):
        if a is not None and b is not None and previous.end <= a and b <= start:
            rest = rest.replace(text[a:b], " ")
    # what is left may be a time or a channel ("Monday", "in a statement"), not a sentence of its own
    # (or the speaker's description and where it was said: "Gene Sperling, a top adviser, said at an event in Iowa.")
    return len(re.findall(r"\w{3,}", rest)) <= 12 and not re.search(r"[.!?]\s+\w+.*[.!?]", rest)


def _resolve_pronouns(doc: Any, quotes_: list[Quote]) -> None:
    """'he said': the nearest person named before the pronoun (a speaker or a PERSON mention)."""
    text = text_of(doc)
    named = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("PERSON", "PER")]
    # a place, a building, a country or a group is never "he" or "she" ("He also said" after a sentence about the
    # president and the palace is the president)
    things = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NOT_PEOPLE]
    for q in quotes_:
        if q.speaker_start is None or q.speaker_text is None or q.speaker_text.lower() not in _PRONOUNS:
            continue
        people = q.speaker_text.lower() in ("he", "she", "him", "her", "él", "ella")
        candidates = [(a, b) for a, b in named if b <= q.speaker_start] if people else []
        candidates += [(o.speaker_start, o.speaker_end) for o in quotes_
                       if o.speaker_start is not None and o.speaker_end is not None
                       and o.speaker_end <= q.speaker_start and o.speaker_text
                       and o.speaker_text.lower() not in _PRONOUNS
                       and not (people and _is_thing(o.speaker_start, o.speaker_end, named, things))]
        if candidates:
            a, b = max(candidates, key=lambda c: c[1])
            q.ref_start, q.ref_end, q.ref_text = a, b, text[a:b]


_NOT_PEOPLE = ("ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "MISC")


def _is_thing(start: int, end: int, people: list[tuple[int, int]], things: list[tuple[int, int]]) -> bool:
    """The speaker span names an organisation, a place or a building and no person."""
    def hits(spans: list[tuple[int, int]]) -> bool:
        return any(a < end and start < b for a, b in spans)
    return hits(things) and not hits(people)


def _indirect(doc: Any, lang: str, quoted: Quoted, direct: list[Quote]) -> list[Quote]:
    """Clauses governed by a speech verb. A clause that holds a partial quote ("said fraud is “a big problem”")
    becomes one "mixed" attribution, and the partial quotes inside it are marked `absorbed`."""
    text = text_of(doc)
    found: list[Quote] = []
    taken: list[tuple[int, int]] = []
    cues_used = {q.cue_start for q in direct if q.cue_start is not None}
    for tok in doc:
        if _inside(tok.idx, quoted):
            continue
        if not _is_speech(tok, lang):
            stance = _stance(tok, lang, quoted, cues_used, direct)
            if stance is not None and not any(s < stance[1] and stance[0] < e for s, e in taken):
                found.append(_attributed(doc, tok, quoted, *stance))
                taken.append((stance[0], stance[1]))
            continue
        # a clause whose verb sits inside a partial quote ("told the hearing that the agency had “not been able to
        # uncover any link” between …") is still the content: the quote is absorbed below
        clauses = sorted((c for c in tok.children if c.sent.start == tok.sent.start
                          and (c.dep_ == "ccomp" or c.dep_ == "parataxis" and not _inside(c.idx, quoted))),
                         key=lambda c: c.dep_ != "ccomp")
        if not clauses and tok.idx not in cues_used and (tok.dep_ == "parataxis" or _as_reported(tok)):
            # "But to prevent problems, he said, local officials should be vigilant", "As The Hill reported, Trump
            # was also accused …": the sentence around the aside
            around = _around(tok, quoted)
            if around is not None and not any(s < around[1] and around[0] < e for s, e in taken) \
                    and not any(q.start < around[1] and around[0] < q.end for q in direct):
                found.append(_attributed(doc, tok, quoted, around[0], around[1], []))
                taken.append(around)
            continue
        chosen = _clause_content(tok, clauses, quoted, direct, taken, tok.idx in cues_used, lang)
        if chosen is None and not clauses and tok.idx not in cues_used and tok.lemma_.lower() not in _NOT_SAID_OBJECT:
            chosen = _object_content(tok, quoted, direct)  # "called for X to ...", "told his advisers to ..."
            if chosen is not None and any(s < chosen[1] and chosen[0] < e for s, e in taken):
                chosen = None
        if chosen is None:
            continue
        start, end, inner = chosen
        found.append(_attributed(doc, tok, quoted, start, end, inner))
        taken.append((start, end))
    taken.extend((q.start, q.end) for q in direct)
    for cue_tok, speaker in _according(doc, lang, quoted):
        toks = _according_content(cue_tok, speaker, quoted)
        if len(toks) < 3:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        if any(s < end and start < e for s, e in taken):
            continue
        found.append(Quote(start, end, text[start:end], speaker[0], speaker[1], text[speaker[0]:speaker[1]],
                           cue_tok.text if lang == "es" else text[cue_tok.idx:cue_tok.idx + len("according to")],
                           cue_tok.idx, cue_tok.idx + (len(cue_tok) if lang == "es" else len("according to")), "indirect"))
        taken.append((start, end))
    return found


def _clause_content(tok: Any, clauses: list[Any], quoted: Quoted, direct: list[Quote], taken: list[tuple[int, int]],
                    speaks_a_quote: bool, lang: str) -> tuple[int, int, list[Quote]] | None:
    """The first clause of a speech verb that makes a content: its words on its own side of the verb, cut before a
    second report, with the partial quotes it holds; never one that cuts through a quote or one already taken."""
    text = text_of(tok.doc)
    for clause in clauses:
        # the clause's own side of the verb: a parse that hangs "…, adding that …" on the quote's verb must not
        # make one content of the quote, the speaker and what was added
        toks = _cut_at_next_report([t for t in clause.subtree if (t.i < tok.i) == (clause.i < tok.i)], lang)
        while toks and (toks[0].dep_ == "mark" or (toks[0].is_punct and toks[0].text not in _OPEN)):
            toks = toks[1:]
        while toks and toks[-1].is_punct and toks[-1].idx + 1 not in quoted.ends:
            toks = toks[:-1]
        if not toks:
            continue
        toks = toks + _rest_after_aside(tok, toks, quoted)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        for q in direct:  # take in a closing mark the parse hung elsewhere
            if start <= q.start < end < q.end and not re.search(r"\w", text[end:q.end]):
                end = q.end
        inner = [q for q in direct if start <= q.start and q.end <= end]
        if any(q.start < end and start < q.end and q not in inner for q in direct):
            continue  # the clause cuts through a quote: the quote itself is the content
        outside = sum(1 for t in toks if not t.is_punct and not _inside(t.idx, quoted))
        if (inner and outside < 2) or (not inner and outside < 3):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        if speaks_a_quote and not inner:
            continue  # the verb already speaks a direct quote; only a clause holding that quote replaces it
        return start, end, inner
    return None


def _according_content(cue_tok: Any, speaker: tuple[int, int], quoted: Quoted) -> list[Any]:
    """What "according to X" attributes: the sentence without the aside. The aside ends where X's phrase ends;
    words after it that only comment ("…, according to the Tax Policy Center - half a point of GDP", "…, according
    to the poll, so late movement could …") are left out."""
    sent = cue_tok.sent
    phrase = {cue_tok.i, cue_tok.i + 1}
    for t in sent:
        if speaker[0] <= t.idx < speaker[1]:
            phrase.add(t.i)
    for child in (cue_tok.doc[cue_tok.i + 1].children if cue_tok.i + 1 < len(cue_tok.doc) else []):
        phrase.update(x.i for x in child.subtree)  # "according to an analysis by Lee Epstein, a law professor"
    first, last = min(phrase), max(phrase)

    def trim(part: list[Any]) -> list[Any]:
        while part and (part[0].is_punct or part[0].is_space or part[0].dep_ == "cc"):
            part = part[1:]
        while part and (part[-1].is_punct or part[-1].is_space):
            part = part[:-1]
        return part
    left = trim([t for t in sent if t.i < first and not _inside(t.idx, quoted)])
    right_all = [t for t in sent if t.i > last]
    right = trim([t for t in right_all if not _inside(t.idx, quoted)])
    if sum(1 for t in left if not t.is_punct) >= 3 and right_all and (right_all[0].text in ("-", "—", "–", "(", "--")
                                           or len(right_all) > 1 and right_all[0].text == ","
                                           and right_all[1].lower_ in ("so", "but", "and", "which", "while", "though")):
        return left
    return trim(left + [t for t in sent if first < t.i <= last and t.i not in phrase
                        and not _inside(t.idx, quoted)] + right)


def _rest_after_aside(verb: Any, toks: list[Any], quoted: Quoted) -> list[Any]:
    """A report that opens the sentence, with "X said" set off by commas after it ("It is no surprise, Mr. Garin
    said, that Mrs. Clinton did better"; "The emails were on work topics, the Times said, including speeches"): the
    words after the aside belong to the content too, up to the sentence's end."""
    after = verb.i + 1
    doc = verb.doc
    if toks[-1].i >= verb.i or after >= len(doc) or doc[after].text != ",":
        return []
    own = {t.i for t in verb.subtree if t.i > after}  # what hangs on the verb after its comma
    rest = [t for t in doc[after + 1:verb.sent.end] if not t.is_space]
    while rest and rest[-1].is_punct and rest[-1].idx + 1 not in quoted.ends:
        rest = rest[:-1]
    if sum(1 for t in rest if not t.is_punct) < 2 or any(t.i not in own for t in rest):
        return []
    return rest


def _cut_at_next_report(toks: list[Any], lang: str) -> list[Any]:
    """A clause the parse ran on into the speaker's next report ("said his attacks have given his campaign momentum
    and said that Trump ...", "... and predicted that ..."): the content stops before the joining word. The next
    verb of saying has no subject of its own; it shares the speaker's."""
    for k, t in enumerate(toks):
        if k < 3 or t.dep_ != "conj" or not (_is_speech(t, lang) or t.lemma_.lower() in _stances(lang)) \
                or any(c.dep_ in _SUBJECTS for c in t.children):
            continue
        cut = min(x.i for x in t.subtree)
        keep = [x for x in toks if x.i < cut]
        while keep and (keep[-1].dep_ == "cc" or keep[-1].is_punct or keep[-1].dep_ == "advmod" and keep[-1].i == cut - 1):
            keep = keep[:-1]
        return keep
    return toks


def _stances(lang: str) -> set[str]:
    return STANCE_ES if lang == "es" else STANCE_EN


def _attributed(doc: Any, verb: Any, quoted: Quoted, start: int, end: int, inner: list[Quote]) -> Quote:
    """Reported speech from `start` to `end`, said with `verb`; the partial quotes it holds are absorbed."""
    text = text_of(doc)
    quote = Quote(start, end, text[start:end], kind="mixed" if inner else "indirect", cue=verb.text,
                  cue_start=verb.idx, cue_end=verb.idx + len(verb))
    for q in inner:
        q.kind = "absorbed"
    # a verb the parse left without a subject ("former president Bill Clinton said his wife ..."): the name before it
    speaker = _speaker_of(verb, quoted) or (_left_name(verb, quoted) if verb.idx < start else None)
    if speaker:
        quote.speaker_start, quote.speaker_end = speaker
        quote.speaker_text = text[speaker[0]:speaker[1]]
    return quote


_OBJECT_DEPS = ("dobj", "obj", "xcomp", "oprd")
# speech verbs whose object is seldom what is said ("continued the campaign", "put her on a path", "found a way",
# "wrote a book", "added jobs", "read the rest", "reported earnings", "maintained a lead", "posted a loss")
_NOT_SAID_OBJECT = {"continue", "put", "find", "write", "add", "read", "report", "maintain", "post", "charge",
                    "declare"}
# verbs whose direct object is the one spoken to ("told reporters", "contó a los periodistas")
_TOLD = {"tell", "contar"}
_SUBJECTS = ("nsubj", "nsubjpass", "nsubj:pass")
_THOUGHT = {"worry", "feel", "doubt", "wonder", "know", "preocupar", "temer", "dudar"}
_OBJECT_PREPS = {"for", "on", "about", "as", "to"}


def _object_content(verb: Any, quoted: Quoted, direct: list[Quote], preps: set[str] = _OBJECT_PREPS,
                    name: bool = False) -> tuple[int, int, list[Quote]] | None:
    """What a speech verb with no clause says, given as its object: "cited derogatory comments Trump had made",
    "called for female contestants to wear shorter dresses"."""
    parts = [c for c in verb.children if c.dep_ in _OBJECT_DEPS and c.i > verb.i
             or (c.dep_ in ("prep", "dative") and c.lower_ in preps and c.i > verb.i)]
    if verb.lemma_.lower() in _TOLD:
        parts = [c for c in parts if c.dep_ not in ("dobj", "obj", "dative")]
    return _content_of(parts, verb, quoted, direct, name)


def _content_of(parts: list[Any], anchor: Any, quoted: Quoted, direct: list[Quote],
                name: bool = False) -> tuple[int, int, list[Quote]] | None:
    """The words of `parts`' subtrees in `anchor`'s sentence as a content: at least two words, not a lone pronoun
    (with `name`, a lone name will do: "endorsed Clinton"), and never one that cuts through a direct quote."""
    if not parts:
        return None
    toks = sorted({t for c in parts for t in c.subtree}, key=lambda t: t.i)
    toks = [t for t in toks if t.sent.start == anchor.sent.start]
    while toks and toks[-1].is_punct and toks[-1].idx + 1 not in quoted.ends:
        toks = toks[:-1]
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if (len(words) < 2 and not (name and words and words[0].pos_ == "PROPN")) \
            or all(t.pos_ == "PRON" for t in words[:1]) and len(words) < 3:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    inner = [q for q in direct if start <= q.start and q.end <= end]
    if any(q.start < end and start < q.end and q not in inner for q in direct):
        return None
    return start, end, inner


def _stance(verb: Any, lang: str, quoted: Quoted, cues_used: set[int],
            direct: list[Quote]) -> tuple[int, int, list[Quote]] | None:
    """A public stance taken by a named speaker: "Carson endorsed Mr. Trump", "Clinton accused him of sexism". The
    object (with a "for"/"of" phrase) is the content; a verb with no person, organisation or pronoun as its
    subject ("the data support", "which backed") is no one's stance."""
    lemma = verb.lemma_.lower()
    spoke_of = (SPOKE_OF_ES if lang == "es" else SPOKE_OF_EN).get(lemma)
    declined = lemma in (DECLINE_ES if lang == "es" else DECLINE_EN)
    if verb.pos_ != "VERB" or (lemma not in _stances(lang) and spoke_of is None and not declined) \
            or verb.idx in cues_used:
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and not _inside(c.idx, quoted)]
    if not subjects and verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and verb.head is not verb:
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]  # "..., referring to", "and praised"
    if verb.dep_ in ("relcl", "acl") and verb.head is not verb \
            and (not subjects or subjects[0].lower_ in ("who", "which", "that", "quien", "que", "cual")):
        subjects = [verb.head]  # "the union, which endorsed Mr. Sanders"; "a group backing Bush"
    if not subjects or not _takes_a_stance(subjects[0]):
        return None
    if lemma in _NAMED_ONLY and subjects[0].pos_ == "NOUN" and not subjects[0].ent_type_:
        return None
    if declined:  # "declined to comment", "declined comment", "se negó a comentar"
        said = [c for c in verb.children if c.i > verb.i and (
            c.dep_ in ("xcomp", "dobj", "obj") and c.lemma_.lower() in _UNSAID
            or c.dep_ == "prep" and any(g.lemma_.lower() in _UNSAID for g in c.children))]
        return _content_of(said[:1], said[0], quoted, direct) if said else None
    if lemma in _HOLDS_UP and subjects[0].pos_ == "NOUN" and not subjects[0].ent_type_ \
            and not any(t.ent_type_ in _ACTORS for t in verb.subtree if t.i > verb.i):
        return None  # "the columns support the roof": a thing holding up a thing takes no stance
    if spoke_of is not None:
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in spoke_of and c.i > verb.i]
        objects = [o for p in preps[:1] for o in p.children if o.dep_ in ("pobj", "pcomp")]
        return _content_of(objects[:1], objects[0], quoted, direct, name=True) if objects else None
    return _object_content(verb, quoted, direct, preps=_STANCE_PREPS, name=True)


_STANCE_PREPS = {"for", "of", "as", "over"}
_HOLDS_UP = {"support", "back", "apoyar", "respaldar"}
_NAMED_ONLY = {"defend", "blast"}
_ACTORS = ("PERSON", "ORG", "NORP", "GPE", "PER")  # entity labels of those who can take a stance
# what one declines to do when one declines to speak
_UNSAID = {"comment", "say", "discuss", "elaborate", "answer", "respond", "speak", "confirm", "deny", "specify",
           "identify", "name", "rule", "disclose", "reveal", "talk", "endorse", "comentar", "decir", "hablar",
           "responder", "confirmar", "precisar", "identificar", "revelar", "declarar"}


def _takes_a_stance(subject: Any) -> bool:
    if subject.pos_ == "PRON":
        return subject.lower_ in _PRONOUNS - {"it", "him", "her", "them"} or subject.lower_ in ("you", "i")
    if subject.ent_type_ in _ACTORS:
        return True
    return subject.pos_ in ("PROPN", "NOUN")


def _as_reported(verb: Any) -> bool:
    """"As X reported," / "as reported by X," / "como informó X": a speech verb in an aside opened by "as"."""
    kids = list(verb.children)
    return verb.dep_ in ("advcl", "parataxis") \
        and any(c.dep_ in ("mark", "advmod", "prep") and c.lower_ in ("as", "como") and c.i < verb.i for c in kids) \
        and any(c.dep_ in ("nsubj", "agent") for c in kids) \
        and not any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp", "dative") for c in kids)  # not "as he described …"


def _around(verb: Any, quoted: Quoted) -> tuple[int, int] | None:
    """The sentence a parenthetical "he said" sits in, without the "he said" itself: the content's start and end
    when the clause on one side holds at least three words."""
    own = {t.i for t in verb.subtree}
    sent = verb.sent
    left = [t for t in sent if t.i < min(own) and not t.is_space]
    right = [t for t in sent if t.i > max(own) and not t.is_space]
    toks = left + right
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if sum(1 for t in toks if not t.is_punct) < 3 or any(_inside(t.idx, quoted) for t in toks):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def quotes_from_doc(doc: Any, lang: str = "en", full_parse: bool = True) -> list[Quote]:
    """Quotes of an already parsed spaCy Doc (offsets into doc.text)."""
    return _quotes_in_doc(doc, lang, full_parse)


def quotes(text: str, lang: str = "en") -> list[Quote]:
    """Direct quotes and indirect attribution in `text`, offsets into `text`."""
    pipe = pipeline(lang)
    return _quotes_in_doc(parse(text, lang), lang, pipe.full)
