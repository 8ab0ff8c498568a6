"""Quote marks and speech cues: where quoted words are, and which tokens are cues.

Used by :mod:`.quotes` (and its reported-speech half, :mod:`.reported`): quoted spans per
paragraph (double quotes first, single quotes outside them, a quotation carried over a paragraph
break), the words of a span, and the speech cues of the lexicon as tokens of the spaCy Doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.annotate.lexicon import SPEECH_FORMS

_CORE_CUES = frozenset("said says say told tells added adds asked asks wrote writes explained continued noted stated replied insisted argued".split())
_WS_BEFORE = " \t\n([{—–-/…"
# words that open a subordinate clause or an adverbial, not reported content ("When told of ...,")
_SUBORDINATE = frozenset(
    "when while as if although though because since after before unless until unlike despite whereas once speaking "
    "combined given".split()
)
# speech verbs whose object is told to do something ("urged residents to conserve water")
_DIRECTIVE = frozenset(
    "urge urges urged urging advise advises advised advising remind reminds reminded reminding ask asks asked asking "
    "tell tells told telling warn warns warned warning encourage encourages encouraged encouraging".split()
)


@dataclass
class _Marked:
    open: int  # index of the opening mark
    close: int  # index of the closing mark (or paragraph end when unterminated)
    closed: bool
    cstart: int  # content span
    cend: int


def find_quote_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[_Marked]:
    """Quoted spans, double quotes first; single quotes only outside double ones."""
    out: list[_Marked] = []
    pending: int | None = None  # an open quote carried over a paragraph break
    n = len(text)
    paragraphs = [(min(ps, n), min(pe, n)) for ps, pe in paragraphs]
    for pi, (ps, pe) in enumerate(paragraphs):
        open_at: int | None = pending
        continuing = pending is not None
        pending = None
        for i in range(ps, pe):
            ch = text[i]
            if continuing and i == ps and ch in '“"':
                continue  # the opening mark that continues a quote from the paragraph before
            if ch in "“«„":
                open_at = i  # (a second opening mark: the first was never closed)
            elif ch in "”»":
                if open_at is not None:
                    out.append(_content(text, open_at, i, True))
                    open_at = None
            elif ch == '"':
                if open_at is not None:
                    out.append(_content(text, open_at, i, True))
                    open_at = None
                elif i == ps or text[i - 1] in _WS_BEFORE:
                    open_at = i
        if open_at is not None:
            nxt = paragraphs[pi + 1][0] if pi + 1 < len(paragraphs) else None
            if nxt is not None and text[nxt : nxt + 1] in ('"', "“"):
                pending = open_at
            else:
                out.append(_content(text, open_at, pe, False))
    # single quotes, outside double-quoted spans
    covered = [(m.open, m.close) for m in out]
    for ps, pe in paragraphs:
        para = text[ps:pe]
        for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[—–]))[‘'](?=\w)([^‘’'\n]{1,300}?[\w.,!?])[’'](?![\w’'])", para):
            a, b = ps + m.start(), ps + m.end() - 1
            if any(x <= a <= y for x, y in covered):
                continue
            out.append(_content(text, a, b, True))
    out.sort(key=lambda m: m.open)
    return out


def _content(text: str, open_at: int, close_at: int, closed: bool) -> _Marked:
    cs, ce = open_at + 1, close_at
    while cs < ce and text[cs].isspace():
        cs += 1
    while ce > cs and text[ce - 1].isspace():
        ce -= 1
    return _Marked(open_at, close_at, closed, cs, ce)


def _words(s: str) -> int:
    return len(re.findall(r"[\w’'-]+", s))


def _is_cue(tok) -> bool:
    low = tok.text.casefold()
    if low == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text.casefold() == "to":
        return True
    if low not in SPEECH_FORMS:
        return False
    if low.startswith("continu") and any(c.dep_ == "xcomp" for c in tok.children):
        return False  # "will continue to fight", "continued working": not speech
    if tok.tag_:
        return tok.tag_.startswith("VB")
    return True


def _cue_span(tok, text: str) -> tuple[int, int]:
    """Cue words: the verb, its particle/object before the quote ("told reporters"), the verb
    it completes ("went on to declare"), or "according to"."""
    doc = tok.doc
    if tok.text.casefold() == "according":
        return tok.idx, doc[tok.i + 1].idx + len(doc[tok.i + 1].text)
    start, end = tok.idx, tok.idx + len(tok.text)
    between = doc[tok.head.i + 1 : tok.i]
    if tok.dep_ in ("xcomp", "advcl") and tok.head.i < tok.i and tok.i - tok.head.i <= 4 and all(t.dep_ in ("prt", "aux") for t in between):
        start = tok.head.idx
    for c in tok.children:
        if c.i > tok.i and c.dep_ in ("dobj", "dative", "prt") and c.i - tok.i <= 4:
            right = max(c.subtree, key=lambda t: t.i)
            if right.i - tok.i <= 5 and not any(t.text in "“\"" for t in doc[tok.i : right.i + 1]):
                end = max(end, right.idx + len(right.text))
    return start, end
