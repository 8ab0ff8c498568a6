"""Speaker confidence: the estimated probability that a quotation's speaker is right.

A logistic model over a few features of how the speaker was found (:func:`features`): the path
that linked the mention (full name, surname, pronoun, role, continuation of an earlier quote ...),
whether other candidates competed (a surname two people share, a pronoun with two plausible
antecedents), how far the antecedent was, whether another person was made the subject between the
antecedent and the pronoun (a rival passed over), whether the speaker is an indefinite
description ("a spokeswoman for X", "some critics": often someone the article names elsewhere), the cue (a core verb such as "said" or a weak one such
as "suggests"), where it stood (before, after, inside the content) and the kind of quotation.

The weights live in ``presslens/data/speaker_confidence.json``; ``python eval/attribution.py
--fit`` fits them on the Gender Gap Tracker development half (``../shared/data/quotes/ggt-dev``)
with scikit-learn and writes that file. The figures reported for them are cross-fitted by article
(each article scored by a model fitted without it; docs/sourcing.md). At run time only the dot
product below runs: no scikit-learn.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

PATHS = ("name", "surname", "salient", "pronoun", "role", "role-salient", "group", "vague", "document", "document-previous", "phrase",
         "coordinated", "first-person")
KINDS = ("person", "organization", "group", "vague", "document", "unknown")
WHERE = ("before", "after", "ccomp", "content-before", "content-after", "according", "continuation")
QUOTE_KINDS = ("direct", "indirect", "partial", "document")
_CORE = frozenset("said says say told tells added adds".split())
_WEAK = frozenset(
    "believe believes believed think thinks thought suggest suggests suggested hint hints hinted wonder wonders wondered "
    "feel feels felt find finds found hope hopes hoped".split()
)

FEATURES: tuple[str, ...] = (
    *(f"path={p}" for p in PATHS),
    *(f"kind={k}" for k in KINDS),
    *(f"where={w}" for w in WHERE),
    *(f"quote={k}" for k in QUOTE_KINDS),
    "ambiguous",
    "log_candidates",
    "distance",
    "gender_known",
    "cue_core",
    "cue_weak",
    "continued",
    "gap_paragraphs",
    "gap_sentences",
    "one_word_name",
    "entity",
    "margin",
    "low_margin",
    "antecedent_spoke",
    "nearer_rival",
    "indefinite",
)


def features(path: str, kind: str, *, where: str, quote_kind: str, cue: str | None, candidates: int = 1, distance: int = 0,
             gender_known: bool = False, continued: bool = False, gap_paragraphs: int = 0, gap_sentences: int = 0,
             name: str | None = None, entity: bool = False, margin: float = 4.0, antecedent_spoke: bool = False,
             nearer: int = 0, indefinite: bool = False) -> dict[str, float]:
    """The calibrator's inputs for one quotation's speaker (names as in :data:`FEATURES`)."""
    low = (cue or "").casefold().split()[0] if cue else ""
    f = {
        f"path={path}": 1.0,
        f"kind={kind}": 1.0,
        f"where={where}": 1.0,
        f"quote={quote_kind}": 1.0,
        "ambiguous": float(candidates > 1),
        "log_candidates": math.log(max(1, candidates)),
        "distance": float(min(max(distance, 0), 6)),
        "gender_known": float(gender_known),
        "cue_core": float(low in _CORE),
        "cue_weak": float(low in _WEAK),
        "continued": float(continued),
        "gap_paragraphs": float(min(gap_paragraphs, 3)),
        "gap_sentences": float(min(gap_sentences, 6)),
        "one_word_name": float(bool(name) and len((name or "").split()) == 1),
        "entity": float(entity),
        "margin": float(min(max(margin, 0.0), 4.0)) / 4.0,
        "low_margin": float(margin < 1.0),
        "antecedent_spoke": float(antecedent_spoke),
        "nearer_rival": float(nearer > 0),
        "indefinite": float(indefinite),
    }
    return {k: v for k, v in f.items() if k in _INDEX}


_INDEX = {name: i for i, name in enumerate(FEATURES)}


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    """The fitted weights (``None`` when the file is missing: a fixed prior then stands in)."""
    try:
        raw = resources.files("presslens").joinpath("data/speaker_confidence.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    return json.loads(raw)


def predict(f: dict[str, float], model: dict[str, Any] | None = None) -> float:
    """P(speaker right | features), rounded to 3 places."""
    model = model if model is not None else load_model()
    if model is None:  # no fitted weights: a plain prior by path (never used once the file ships)
        base = {"name": 0.85, "surname": 0.8, "pronoun": 0.7, "role": 0.7}.get(next((k[5:] for k in f if k.startswith("path=")), ""), 0.5)
        return round(base, 3)
    coef = model["coef"]
    z = model["intercept"] + sum(coef.get(k, 0.0) * v for k, v in f.items())
    p = 1.0 / (1.0 + math.exp(-z))
    iso = model.get("isotonic")
    if iso:
        p = _interp(p, iso["x"], iso["y"])
    return round(min(max(p, 0.001), 0.999), 3)


def _interp(x: float, xs: list[float], ys: list[float]) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    import bisect

    k = bisect.bisect_right(xs, x)
    x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


__all__ = ["FEATURES", "features", "load_model", "predict"]
