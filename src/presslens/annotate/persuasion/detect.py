"""From an article's text to its technique spans: decode, whole phrases, technique, repetition, calibration.

:func:`detect` is what :meth:`PersuasionModel.annotate` and the ``techniques`` component run:

1. the mode's spans as token ranges (linear models, or the MiniLM tagger on the sentences it
   encodes, :mod:`.tagger`);
2. each reshaped into a whole phrase (:mod:`.phrases`: whole words, no function word at an edge,
   no quotation-mark pair split); spans that become the same phrase are kept once;
3. the technique of each phrase (the mode's classifier), with ``Repetition`` kept only where the
   guideline's repetition is there (:func:`guideline_repetition`);
4. ``confidence`` and ``span_confidence`` from the mode's calibrator (:mod:`.calibration`): the
   estimated precision of the span with its technique, and of the span alone;
5. the guideline cues (:mod:`.cues`), reshaped the same way, where no model span of the same
   technique overlaps them; their confidence is their audited precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from presslens.annotate.persuasion.base import TAGGER_MODES, TECHNIQUES, Doc, char_to_tokens, tokenize, trim
from presslens.annotate.persuasion.calibration import ArticleEvidence, Calibrator, load_calibrators, span_evidence
from presslens.annotate.persuasion.cues import find_cues
from presslens.annotate.persuasion.features import span_counts
from presslens.annotate.persuasion.phrases import SCARE_WORDS, Pair, is_content, quote_pairs, whole_phrase, word_bounds

PersuasionModel = Any  # linear.PersuasionModel (not imported: linear imports this module)

REPETITION = "Repetition"


@dataclass(frozen=True, slots=True)
class Found:
    """One technique span of a text (character offsets), before it becomes a ``Technique`` record."""

    start: int
    end: int
    technique: str
    confidence: float  # estimated P(an annotator marks the span with this technique)
    level: str  # token / sentence / cue
    span_confidence: float  # estimated P(an annotator marks the span with some technique)
    score: float  # the models' own score, P(span) x P(technique) (or the cue's audited precision)
    quoted: float  # share of the span's words inside a quotation of more than SCARE_WORDS words
    evidence: tuple[float, ...] | None = None  # the calibrator's inputs (calibration.FEATURES); None for cues


@lru_cache(maxsize=1)
def calibrators() -> dict[str, Calibrator]:
    """The committed calibrators by mode, read once per process."""
    return load_calibrators()


def speech_mask(doc: Doc, pairs: list[Pair]) -> Any:
    """Tokens inside a quotation of more than ``SCARE_WORDS`` content words (speech, not a scare-quoted term)."""
    mask = np.zeros(len(doc.words), dtype=bool)
    for a, _, c in pairs:
        if sum(1 for w in doc.words[a + 1 : c] if is_content(w)) > SCARE_WORDS:
            mask[a + 1 : c] = True
    return mask


def guideline_repetition(doc: Doc, i: int, j: int, counts: dict[str, int]) -> bool:
    """Whether the token span [i, j) is the guideline's repetition: the same message "over and over again".

    Plain recurrence is not enough: an article repeats its topic by necessity ("floods" in a
    story about a flood defence, "machines" in one about voting machines). A span qualifies when

    - its words occur at least twice in the article (``counts``, from
      :func:`~.features.span_counts`) when it is a phrase of two or more content words, at least
      three times when it is a single word;
    - at least one of its content words is not a name (a word capitalised at every occurrence:
      "Trump", "the United States");
    - a single word is not the article's topic: it does not occur in the article's first
      sentence (its headline or lede).
    """
    content = [k for k in range(i, j) if is_content(doc.words[k])]
    if not content:
        return False
    need = 3 if len(content) == 1 else 2
    if counts.get(" ".join(doc.words[i:j]), 1) < need:
        return False
    if len(content) == 1 and doc.sents:
        a, b = doc.sents[0]
        if doc.words[content[0]] in doc.words[a:b]:
            return False
    return any(not all(doc.raw[t][:1].isupper() for t, x in enumerate(doc.words) if x == doc.words[k]) for k in content)


def _mode_probabilities(model: PersuasionModel, doc: Doc, mode: str) -> tuple[list[tuple[int, int, float, str]], Any, Any, Any]:
    """(spans as token ranges, the mode's token probabilities, sentence probabilities, tagger output or None)."""
    p_tok, p_sent = model.probabilities(doc)
    if mode not in TAGGER_MODES:
        return model.decode(doc, p_tok, p_sent), p_tok, p_sent, None
    from presslens.annotate.persuasion.tagger import combined_spans, pick_sentences, sentence_mask

    t = model.onnx_tagger()
    cfg = t.config["modes"][mode]
    enc = t.encode(doc, pick_sentences(doc, p_tok, p_sent, cfg["share"]))
    found = combined_spans(doc, model, p_tok, p_sent, enc, cfg)
    w = float(cfg.get("blend", 1.0))
    encoded = sentence_mask(doc, enc.sentences)
    p_mode = np.where(encoded, w * np.nan_to_num(enc.p_si, nan=0.0) + (1 - w) * np.asarray(p_tok, dtype=np.float32), p_tok)
    return found, p_mode, p_sent, enc


def detect(model: PersuasionModel, text: str, mode: str = "fast", cues: bool = True, calibrate: bool = True, evidence: bool = False,
           keep: dict[str, Any] | None = None) -> list[Found]:
    """The technique spans of ``text`` in ``mode`` (module docstring), sorted by offset.

    ``calibrate=False`` keeps the models' scores as confidences; ``evidence`` keeps each model
    span's calibrator inputs on it (fitting the calibrator). ``keep``: a dict that receives the
    tagger's wordpiece states under ``"states"`` (tagger modes; the check-worthiness model reads them).
    """
    doc = tokenize(text)
    out: list[Found] = []
    pairs = quote_pairs(doc)
    if doc.words:
        out = _model_spans(model, doc, mode, calibrate, evidence, pairs, keep)
    if cues:
        out += _cue_spans(doc, out, pairs)
    out.sort(key=lambda f: (f.start, f.end, f.technique))
    return out


def _model_spans(model: PersuasionModel, doc: Doc, mode: str, calibrate: bool, evidence: bool, pairs: list[Pair],
                 keep: dict[str, Any] | None = None) -> list[Found]:
    found, p_mode, p_sent, enc = _mode_probabilities(model, doc, mode)
    if keep is not None and enc is not None and enc.states is not None:
        keep["states"] = enc.states
    phrases: dict[tuple[int, int], tuple[float, str]] = {}
    for i, j, p, level in found:
        r = whole_phrase(doc, i, j, pairs)
        if r is not None and (r not in phrases or p > phrases[r][0]):
            phrases[r] = (float(p), level)
    if not phrases:
        return []
    # imported here, not at import time: the package exports a function named ``tagger``
    from presslens.annotate.persuasion.tagger import technique_dist

    ranges = sorted(phrases)
    linear: list = []
    if mode in TAGGER_MODES:
        probs = np.asarray(model.classify_tagger(doc, ranges, mode, enc, linear), dtype=np.float64)
    else:
        probs = np.asarray(model.classify(doc, ranges, mode), dtype=np.float64)
    classes = model.technique.classes
    lin = probs if mode == "fast" else np.asarray(linear[0] if linear else model.classify(doc, ranges, "fast"), dtype=np.float64)
    rep = classes.index(REPETITION) if REPETITION in classes else -1
    counts = span_counts(doc, ranges)
    speech = speech_mask(doc, pairs)
    article = ArticleEvidence.of(doc, p_mode, p_sent)
    cal = calibrators().get(mode) if calibrate else None
    rows, feats = [], []
    for (i, j), row, lin_row in zip(ranges, probs, lin, strict=True):
        p, level = phrases[(i, j)]
        if rep >= 0 and int(row.argmax()) == rep and not guideline_repetition(doc, i, j, counts):
            row = row.copy()
            row[rep] = 0.0
            row /= max(float(row.sum()), 1e-9)
        k = int(row.argmax())
        quoted = float(speech[i:j].mean())
        rows.append((i, j, p, level, row, k, quoted))
        if cal is not None or evidence:
            t = TECHNIQUES.index(classes[k])
            dist = technique_dist(enc, i, j) if enc is not None else None
            tagger_p = float(dist[t]) if dist is not None else 1.0 / len(TECHNIQUES)
            feats.append(span_evidence(doc, i, j, p, level, row, t, float(lin_row[k]), tagger_p, p_mode, quoted, counts.get(" ".join(doc.words[i:j]), 1), article))
    conf = cal.predict(np.asarray(feats)) if cal is not None else None
    out = []
    for n, (i, j, p, level, row, k, quoted) in enumerate(rows):
        start, end = trim(doc.text, *word_bounds(doc.text, doc.starts[i], doc.ends[j - 1]))
        if end <= start:
            continue
        score = float(p * row[k])
        c, sc = (float(conf[n, 0]), float(conf[n, 1])) if conf is not None else (score, float(p))
        ev = tuple(feats[n]) if evidence else None
        out.append(Found(start, end, classes[k], round(c, 4), level, round(sc, 4), round(score, 4), round(quoted, 3), ev))
    return out


def _cue_spans(doc: Doc, found: list[Found], pairs: list[Pair]) -> list[Found]:
    """The guideline cues, as whole phrases, where no model span of the same technique overlaps them."""
    if not doc.words:
        return []
    speech = speech_mask(doc, pairs)
    sentences = [(doc.starts[i], doc.ends[j - 1]) for i, j in doc.sents]
    out: list[Found] = []
    for s, e, tech, conf, _ in find_cues(doc.text, sentences):
        r = char_to_tokens(doc, s, e)
        r = whole_phrase(doc, *r, pairs) if r else None
        if r is None:
            continue
        start, end = trim(doc.text, *word_bounds(doc.text, doc.starts[r[0]], doc.ends[r[1] - 1]))
        if end <= start or any(f.technique == tech and f.start < end and start < f.end for f in (*found, *out)):
            continue
        out.append(Found(start, end, tech, conf, "cue", conf, conf, round(float(speech[r[0] : r[1]].mean()), 3)))
    return out


__all__ = ["Found", "calibrators", "detect", "guideline_repetition", "speech_mask"]
