"""Whole phrases: technique spans that start and end on whole words, never on a function word, and
never split a quotation-mark pair.

The models decide word by word, so their runs often start or stop in the wrong place: "in the",
"a “deal", "the cowardly souls who", half of a hyphenated word. A reader trusts a span only
when it reads as a phrase. :func:`whole_phrase` reshapes a token range before its technique is
decided:

1. **Quotation marks.** The pairs of quotation marks of every paragraph are found (``“ ”``,
   ``‘ ’`` and straight ``"`` toggling; an opening mark without its closing mark runs to the end
   of its paragraph). A span may lie outside a pair, inside its content, or hold the whole pair
   with both marks; one that crosses a mark is reshaped: a short quotation (at most
   ``SCARE_WORDS`` words: a scare-quoted term such as “deal”) is taken whole with its marks,
   otherwise the span is cut at the mark, keeping the side with more content words.
2. **Edges.** Punctuation (other than the marks of a pair inside the span) and
   :data:`FUNCTION_WORDS` are trimmed from both ends; a span left without a content word is
   dropped.
3. **Words.** The character offsets are widened to whole words (a hyphenated compound, a number
   with its separators, "$775", "U.S"): :func:`word_bounds`.

The function words are the closed classes that cannot carry a phrase at its edge: articles and
demonstrative determiners, prepositions, coordinating conjunctions, relative pronouns,
auxiliaries, copulas and modals, and infinitival "to". Pronouns, possessives ("our country"),
negations and the subordinating conjunctions that open a clause ("If ...", "Because ...") are
not on the list: they begin or end phrases in PTC's gold spans and in ordinary reading.
"""

from __future__ import annotations

import bisect
import re

from presslens.annotate.persuasion.base import Doc

SCARE_WORDS = 4  # a quotation of at most this many words is taken whole (with its marks) when a span crosses it

FUNCTION_WORDS = frozenset(
    """
    a an the this that these those
    of in on at to for with by from about as into onto over under after before between through during
    without against among amongst upon within than via per around across along behind beyond toward towards
    despite until unto
    and or but nor yet plus
    which who whom whose
    is are was were be been being am 's 're 'm
    has have had having do does did done
    will would shall should can could may might must 'll 'd
    """.split()
)
"""Words a technique span never starts or ends on (see the module docstring for what is not here)."""

OPENING = {"“": "”", "‘": "’", "«": "»"}
CLOSING = {v: k for k, v in OPENING.items()}
STRAIGHT = {'"'}
_NEWLINE = re.compile(r"\n")
JOINERS = "-'’.,/&_"  # characters that join two alphanumeric characters into one word ("jihad-treason", "1,000", "U.S")


Pair = tuple[int, int, int]
"""A quotation: (opening mark token, closing mark token or the paragraph's last token when the
quotation is left open, first token after its content)."""


def quote_pairs(doc: Doc) -> list[Pair]:
    """The quotations of the document, in order (:data:`Pair`).

    Curly marks nest; a straight ``"`` opens when none is open and closes otherwise; a closing
    ``’`` with no ``‘`` open is an apostrophe ("voters’"). Marks do not pair across paragraphs
    (a newline): an opening mark left open runs to the end of its paragraph.
    """
    pairs: list[Pair] = []
    stack: list[tuple[int, str]] = []
    # tokens that open a paragraph: the first token after each newline
    breaks = {bisect.bisect_left(doc.starts, m.start()) for m in _NEWLINE.finditer(doc.text)}
    for t, tok in enumerate(doc.raw):
        if t in breaks and t:
            _close_all(stack, pairs, t - 1)
        if tok in OPENING:
            stack.append((t, OPENING[tok]))
        elif tok in CLOSING:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][1] == tok:
                    pairs.append((stack[k][0], t, t))
                    del stack[k:]
                    break
        elif tok in STRAIGHT:
            top = next((x for x in range(len(stack) - 1, -1, -1) if stack[x][1] == tok), None)
            if top is None:
                stack.append((t, tok))
            else:
                pairs.append((stack[top][0], t, t))
                del stack[top:]
    _close_all(stack, pairs, len(doc.raw) - 1)
    return sorted(pairs)


def _close_all(stack: list[tuple[int, str]], pairs: list[Pair], last: int) -> None:
    for t, _ in stack:
        if last > t:
            pairs.append((t, last, last + 1))
    stack.clear()


def is_content(word: str) -> bool:
    """A word that can carry a phrase: alphanumeric and not a function word."""
    return word[:1].isalnum() and word not in FUNCTION_WORDS


def _content_words(doc: Doc, i: int, j: int) -> int:
    return sum(1 for w in doc.words[i:j] if is_content(w))


def crossing(i: int, j: int, pairs: list[Pair]) -> Pair | None:
    """The first quotation whose marks the token range [i, j) splits, if any.

    A range may be disjoint from a quotation, inside its content (without the marks) or hold it
    whole (from its opening mark past its closing mark); anything else splits it.
    """
    for a, b, c in pairs:
        if b < i or a >= j:
            continue
        if (a < i and j <= c) or (i <= a and b < j):
            continue
        return a, b, c
    return None


def whole_phrase(doc: Doc, i: int, j: int, pairs: list[Pair] | None = None) -> tuple[int, int] | None:
    """The token range [i, j) reshaped into a whole phrase (module docstring), or None when no phrase is left.

    ``pairs`` are :func:`quote_pairs` of ``doc`` (computed when not given).
    """
    if pairs is None:
        pairs = quote_pairs(doc)
    for _ in range(12):  # each step removes a crossing or trims the edges; a few are enough
        if j <= i:
            return None
        cross = crossing(i, j, pairs)
        if cross is not None:
            a, b, c = cross
            if _content_words(doc, a + 1, c) <= SCARE_WORDS:
                i, j = min(i, a), max(j, b + 1)  # a short quotation: take it whole, with its marks
            else:
                parts = [(max(i, a + 1), min(j, c)), (i, a) if i < a else (b + 1, j)]
                i, j = max(parts, key=lambda r: (_content_words(doc, *r), r[1] - r[0]))
            continue
        held = {m for a, b, c in pairs if i <= a and b < j for m in ((a, b) if b == c else (a,))}
        i0, j0 = i, j
        while i < j and i not in held and not is_content(doc.words[i]):
            i += 1
        while j > i and (j - 1) not in held and not is_content(doc.words[j - 1]):
            j -= 1
        if (i, j) == (i0, j0) and crossing(i, j, pairs) is None:
            return (i, j) if _content_words(doc, i, j) else None
    return None


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words: never starting or ending between two characters of one word.

    Two alphanumeric characters joined by one of :data:`JOINERS` belong to the same word, as do a
    currency sign before a number and a percent sign after it.
    """
    n = len(text)
    while start > 0 and start < n:
        before, at = text[start - 1], text[start]
        if before.isalnum() and at.isalnum():
            start -= 1
        elif before in JOINERS and start >= 2 and text[start - 2].isalnum() and at.isalnum():
            start -= 2
        elif before in "$£€" and at.isdigit():
            start -= 1
        else:
            break
    while 0 < end < n:
        before, at = text[end - 1], text[end]
        if before.isalnum() and at.isalnum():
            end += 1
        elif at in JOINERS and end + 1 < n and text[end + 1].isalnum() and before.isalnum():
            end += 2
        elif at == "%" and before.isdigit():
            end += 1
        else:
            break
    return start, end


def inside_word(text: str, pos: int) -> bool:
    """Whether a span edge at ``pos`` would fall between two characters of one word (the test's check)."""
    if pos <= 0 or pos >= len(text):
        return False
    a, b = text[pos - 1], text[pos]
    if a.isalnum() and b.isalnum():
        return True
    if a in JOINERS and pos >= 2 and text[pos - 2].isalnum() and b.isalnum():
        return True
    return b in JOINERS and pos + 1 < len(text) and text[pos + 1].isalnum() and a.isalnum()


__all__ = ["FUNCTION_WORDS", "SCARE_WORDS", "Pair", "crossing", "inside_word", "is_content", "quote_pairs", "whole_phrase", "word_bounds"]
