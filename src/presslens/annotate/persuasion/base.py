"""Shared ground of the persuasion models: technique names, model files, the tokenisation and span helpers.

The same tokenisation prepares training data and articles; every other module of the package
builds on this one and this one imports none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODES = ("fast", "tagger", "tagger-accurate", "balanced", "accurate")  # = settings.PERSUASION_MODES (a test checks)
TAGGER_MODES = ("tagger", "tagger-accurate")  # modes that run the fine-tuned MiniLM token tagger (tagger.py)
DEFAULT_MODE = "tagger"  # SI by the MiniLM tagger on most of the article, TC linear + tagger (docs/persuasion.md)
BALANCED_SHARE = 40  # percent of the spans that the balanced mode re-classifies with MiniLM
BALANCED_MAX_SPANS = 20
MIN_SINGLE_WORD = 4  # a one-word token span needs a word of at least this many characters
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "persuasion"
MODEL_FILE = MODEL_DIR / "persuasion.npz"

TECHNIQUES = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)




# ---------------------------------------------------------------------------
# Tokens and sentences (the same code prepares training data and articles).
# ---------------------------------------------------------------------------
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_TRIM = " \n\t.,:;"


@dataclass(frozen=True, slots=True)
class Doc:
    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]  # lower-cased
    raw: list[str]
    sents: list[tuple[int, int]]  # token index ranges [i, j)


def tokenize(text: str) -> Doc:
    starts, ends, raw = [], [], []
    for m in _TOKEN.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        raw.append(m.group())
    words = [w.lower().replace("’", "'") for w in raw]
    # sentence boundaries: character positions after which a new sentence begins
    cuts = [m.end() for m in _SENT_END.finditer(text)]
    sents: list[tuple[int, int]] = []
    i = 0
    n = len(starts)
    for cut in cuts + [len(text) + 1]:
        j = i
        while j < n and starts[j] < cut:
            j += 1
        if j > i:
            sents.append((i, j))
        i = j
    return Doc(text, starts, ends, words, raw, sents)


def char_to_tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range [i, j) of the tokens that overlap [start, end)."""
    import bisect

    i = bisect.bisect_right(doc.ends, start)
    j = bisect.bisect_left(doc.starts, end)
    return (i, j) if j > i else None


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    """The sentence (token range) that holds token ``i``."""
    import bisect

    k = bisect.bisect_right(doc.sents, (i, len(doc.words) + 1)) - 1
    if k >= 0 and doc.sents[k][0] <= i < doc.sents[k][1]:
        return doc.sents[k]
    return (0, len(doc.words))


def token_runs(doc: Doc, p: Any, threshold: float, min_single: int = MIN_SINGLE_WORD) -> list[tuple[int, int, float]]:
    """Runs of tokens [i, j) with P >= ``threshold`` and their mean P (shared by the linear and MiniLM taggers).

    A run starts at a word (not punctuation), bridges one-word gaps (a word under the threshold
    between two over it), stops at the end of its sentence and is trimmed of trailing
    punctuation; a lone word shorter than ``min_single`` characters ("not", "run") is rarely a
    span on its own and is dropped (chosen on validation).
    """
    out: list[tuple[int, int, float]] = []
    n = len(doc.words)
    t = 0
    while t < n:
        if p[t] >= threshold and doc.words[t][0].isalnum():
            u = t
            while u + 1 < n and (p[u + 1] >= threshold or (u + 2 < n and p[u + 2] >= threshold and doc.words[u + 1][0].isalnum())):
                u += 1
            if doc.sents:
                u = min(u, sentence_of(doc, t)[1] - 1)
            j = u + 1
            while j > t and not doc.words[j - 1][0].isalnum():
                j -= 1
            if j - t == 1 and len(doc.words[t]) < min_single:
                j = t
            if j > t:
                out.append((t, j, float(p[t:j].mean())))
            t = u + 1
        else:
            t += 1
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


