"""Confidence as an estimated precision: calibration of the persuasion spans on data the models never saw.

The models' own scores (P(span) x P(technique)) rank spans but are not probabilities a reader can
read: on our PTC validation articles the spans scored 0.5 or more were right about four times in
ten, and on wire copy they fire on plain words. A :class:`Calibrator` maps a span's evidence to

- ``confidence``: the estimated probability that an annotator following the PTC guidelines would
  mark the span **with that technique** (its expected share of characters inside a gold span of
  that technique), and
- ``span_confidence``: the same without the technique (inside a gold span of any technique),

by logistic regression over :func:`span_evidence` (the span's own scores, its length and level,
its technique, whether it sits in a quotation, and how persuasive the whole article looks to the
models). It is fitted by ``presslens.training.persuasion_calibration`` on the calibration half of
our PTC validation split (which neither the linear models nor the tagger were fitted on) and on
the spans the models find in straight news (wire copies and centre-rated agency reports, in the
outlet's own voice, counted as wrong), and it is reported on the other half
(``eval/splits/ptc-calibration.json``, docs/persuasion.md). One calibrator per mode
(``calibration.json`` beside the models); a mode without one keeps the models' scores.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from presslens.annotate.persuasion.base import MODEL_DIR, TECHNIQUES, Doc, sentence_of

CALIBRATION_FILE = MODEL_DIR / "calibration.json"
SPAN_THRESHOLD = 0.35  # a token counts toward the article's share of persuasive tokens at this probability

FEATURES: tuple[str, ...] = (
    "logit_p",  # the span's probability (mean over its run, or its sentence's)
    "p_max",  # highest token probability inside the span
    "p_min",  # lowest token probability inside the span
    "logit_tech",  # probability of its technique
    "tech_second",  # probability of the runner-up technique
    "tech_linear",  # the fast (linear) classifier's probability of that technique
    "tech_tagger",  # the tagger's technique distribution over the span, at that technique (1/14 when not encoded)
    "log_words",
    "sentence_cover",  # share of its sentence the span covers
    "level_sentence",
    "quoted",  # share of its words inside a quotation
    "capitalised",  # share of its words that start with a capital (names, titles)
    "repeats",  # occurrences of its words in the article (capped at 4)
    "article_p_mean",  # mean token probability over the article
    "article_p_share",  # share of the article's tokens at >= SPAN_THRESHOLD
    "article_sentence_mean",  # mean sentence-model probability over the article
    "log_article_words",
    *(f"tech={t}" for t in TECHNIQUES),
)


def _logit(p: float) -> float:
    p = min(max(float(p), 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class ArticleEvidence:
    """What the models think of the whole article (the same for all its spans)."""

    p_mean: float
    p_share: float
    sentence_mean: float
    log_words: float

    @classmethod
    def of(cls, doc: Doc, p_tok: Any, p_sent: Any) -> ArticleEvidence:
        p = np.asarray(p_tok, dtype=np.float32)
        s = np.asarray(p_sent, dtype=np.float32)
        return cls(
            float(p.mean()) if len(p) else 0.0,
            float((p >= SPAN_THRESHOLD).mean()) if len(p) else 0.0,
            float(s.mean()) if len(s) else 0.0,
            math.log1p(sum(1 for w in doc.words if w[:1].isalnum())),
        )


def span_evidence(
    doc: Doc,
    i: int,
    j: int,
    p_span: float,
    level: str,
    probs: Any,
    technique: int,
    tech_linear: float,
    tech_tagger: float,
    p_tok: Any,
    quoted: float,
    repeats: int,
    article: ArticleEvidence,
) -> list[float]:
    """The feature vector (:data:`FEATURES` order) of the token span [i, j) with technique column ``technique`` of ``probs``."""
    row = np.asarray(probs, dtype=np.float64)
    order = np.sort(row)
    p = np.asarray(p_tok[i:j], dtype=np.float64)
    si, sj = sentence_of(doc, i)
    words = [k for k in range(i, j) if doc.words[k][:1].isalnum()] or [i]
    tech = [0.0] * len(TECHNIQUES)
    tech[technique] = 1.0
    return [
        _logit(p_span),
        float(p.max()) if len(p) else float(p_span),
        float(p.min()) if len(p) else float(p_span),
        _logit(float(row[technique])),
        float(order[-2]) if len(order) > 1 else 0.0,
        float(tech_linear),
        float(tech_tagger),
        math.log(j - i),
        (j - i) / max(1, sj - si),
        1.0 if level == "sentence" else 0.0,
        float(quoted),
        sum(1 for k in words if doc.raw[k][:1].isupper()) / len(words),
        float(min(repeats, 4)),
        article.p_mean,
        article.p_share,
        article.sentence_mean,
        article.log_words,
        *tech,
    ]


@dataclass
class Calibrator:
    """Two logistic regressions over standardised :data:`FEATURES`: technique-aware and span-only."""

    mean: Any
    scale: Any
    weights: Any  # (n_features, 2): column 0 confidence (with the technique), 1 span_confidence
    bias: Any  # (2,)
    meta: dict

    def predict(self, X: Any) -> Any:
        """(n, 2) probabilities: confidence, span_confidence (the second never below the first)."""
        X = np.asarray(X, dtype=np.float64).reshape(-1, len(self.mean))
        z = ((X - self.mean) / self.scale) @ self.weights + self.bias
        out = 1.0 / (1.0 + np.exp(-z))
        out[:, 1] = np.maximum(out[:, 1], out[:, 0])
        return out

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "weights": [[round(float(x), 6) for x in row] for row in self.weights],
            "bias": [round(float(x), 6) for x in self.bias],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, d: dict) -> Calibrator:
        if list(d["features"]) != list(FEATURES):
            raise ValueError("calibration.json was fitted on other features; refit it (python -m presslens.training.persuasion_calibration)")
        return cls(np.asarray(d["mean"]), np.asarray(d["scale"]), np.asarray(d["weights"]), np.asarray(d["bias"]), d.get("meta", {}))


def load_calibrators(path: Path = CALIBRATION_FILE) -> dict[str, Calibrator]:
    """The committed calibrators by mode (empty when the file is missing: the models' scores stay)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {mode: Calibrator.from_json(d) for mode, d in data.get("modes", {}).items()}


def reliability(confidence: Any, target: Any, bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error and the reliability table (equal-width bins of confidence).

    ``target`` is each span's observed precision (share of its characters inside a matching gold
    span, 0 for straight news). ECE = sum over bins of (spans in bin / spans) x |mean confidence -
    mean target|.
    """
    c = np.asarray(confidence, dtype=np.float64)
    y = np.asarray(target, dtype=np.float64)
    k = np.clip((c * bins).astype(int), 0, bins - 1)
    rows, ece = [], 0.0
    for b in range(bins):
        m = k == b
        if not m.any():
            continue
        gap = abs(float(c[m].mean()) - float(y[m].mean()))
        ece += m.sum() / max(len(c), 1) * gap
        rows.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "spans": int(m.sum()), "mean_confidence": round(float(c[m].mean()), 3), "observed": round(float(y[m].mean()), 3)})
    return ece, rows


__all__ = ["CALIBRATION_FILE", "FEATURES", "ArticleEvidence", "Calibrator", "load_calibrators", "reliability", "span_evidence"]
