"""Contextual sentence vectors for the check-worthiness model from the persuasion tagger's pass (issue 18).

The default persuasion mode runs a fine-tuned 3-layer MiniLM tagger over the article's sentences
(windows of adjacent sentences, ``annotate/persuasion/tagger.py``). Its last-layer wordpiece states,
mean-pooled over a sentence, are a contextual 384-d vector that the check-worthiness model reads
beside its hashed words (docs/claims.md, "Fourth round on dev-test"): the encoder pass is paid once.

The techniques annotator leaves the states on the context (``Context.data[STATES_KEY]``); its pass
reads the sentences the persuasion models find most promising, ~80% of the words. The sentences it did
not read are read here with the same tagger, packed into windows of adjacent sentences as the pass packs
them (:func:`~presslens.annotate.persuasion.tagger.complete_states`; the forked detection of ``presslens
analyze`` does this in the child, so the records are the same), and every sentence when the techniques
annotator is not in the pipeline or runs without the tagger. Each sentence's vector is then the mean
state of the wordpieces that start inside it, made the way the training vectors were made.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def pool(states: Any, spans: list[tuple[int, int]]) -> Any:
    """(n, 384) mean state of the wordpieces starting inside each character range (zeros where none)."""
    out = np.zeros((len(spans), states.hidden.shape[1] if len(states.hidden) else 384), dtype=np.float32)
    if not len(states.starts):
        return out
    lo = np.searchsorted(states.starts, [a for a, _ in spans], side="left")
    hi = np.searchsorted(states.starts, [b for _, b in spans], side="left")
    for r, (i, j) in enumerate(zip(lo, hi, strict=True)):
        if j > i:
            out[r] = states.hidden[i:j].mean(axis=0)
    return out


def sentence_states(text: str, spans: list[tuple[int, int]], shared: Any = None) -> Any:
    """(n, 384) pooled tagger states of the sentences ``spans`` of ``text``.

    ``shared``: the techniques annotator's ``TaggerStates`` for this text, or None; completed with
    the sentences it did not read (all of them without it), with the bundled tagger.
    """
    from presslens.annotate.persuasion.encoders import tagger
    from presslens.annotate.persuasion.tagger import complete_states

    if not spans:
        return np.zeros((0, 384), dtype=np.float32)
    whole = shared if shared is not None and shared.complete else complete_states(tagger(), text, shared)
    return pool(whole, [_strip(text, a, b) for a, b in spans])


def article_states(text: str, spans: list[tuple[int, int]], ctx: Any = None) -> Any:
    """:func:`sentence_states` with the techniques annotator's states from the article's context, when it ran."""
    from presslens.annotate.persuasion.tagger import STATES_KEY

    return sentence_states(text, spans, ctx.data.get(STATES_KEY) if ctx is not None else None)


def read_sentences(sentences: list[str], keys: list[int]) -> Any:
    """(n, 384) pooled tagger states of separate sentences read as one text in this order: two
    sentences share a window only when their ``keys`` differ by one (training reads the debates so,
    keys being their sentence ids)."""
    out = np.zeros((len(sentences), 384), dtype=np.float32)
    if not sentences:
        return out
    from presslens.annotate.persuasion.encoders import tagger

    spans, a = [], 0
    for s in sentences:
        spans.append(_strip(s, 0, len(s)))
        spans[-1] = (spans[-1][0] + a, spans[-1][1] + a)
        a += len(s) + 1
    text = "\n".join(sentences)
    ok = [k for k, (x, y) in enumerate(spans) if y > x]
    if ok:
        st = tagger().states(text, [spans[k] for k in ok], adjacent=[keys[k] for k in ok])
        out[ok] = pool(st, [spans[k] for k in ok])
    return out


def alone_states(sentences: list[str]) -> Any:
    """(n, 384) pooled tagger states of sentences read one by one (each its own one-sentence text:
    what the annotator computes for an input of one sentence; the CT24 evaluation scores so)."""
    return read_sentences(sentences, [2 * k for k in range(len(sentences))])


__all__ = ["alone_states", "article_states", "pool", "read_sentences", "sentence_states"]
