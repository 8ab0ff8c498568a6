"""Fit the check-worthiness pick head: the order of an article's sentences (``make train-checkworthy``).

    python -m presslens.training.checkworthy_pick          # writes src/presslens/models/checkworthy/pick.json

The debate model (:mod:`presslens.training.checkworthy`) gives each sentence its calibrated probability;
this head only orders an article's sentences (``rank``, the top-5 list, which sentences the top-share cap
lets be labelled). It is a logistic regression over :func:`presslens.annotate.claims.pick.pick_features`
(the debate logit, direct and reported quotation shares from the attribution layer, a quoted person, a named
source, verbs of fact, dates, position, length, the cues, reported opinion, modals, intentions), fitted on the
hand-labelled news sentences of
``eval/gold/checkworthy_news_train.jsonl`` and ``eval/gold/checkworthy_news_dev.jsonl`` (552 sentences,
labelled by docs/checkworthy-guideline.md before any score was seen). Each sentence's article runs through
the pipeline up to ``claims`` (quotes, sources, numeric claims), as at run time.

- ``C`` from :data:`C_GRID` by average precision of 5-fold cross-validated predictions on those sentences.
- The news *test* gold (``checkworthy_news.jsonl``, 330) is scored once, after the fit, as a check
  (average precision and the precision of the top-scored quarter, against the debate score's own order);
  the 30 narrowing articles and their top-5 judgements choose nothing here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from presslens.annotate.claims.checkworthy import features, load_model
from presslens.annotate.claims.pick import PICK_FEATURES, PICK_FILE, PickModel, pick_features, quote_overlap, quote_spans

REPO = Path(__file__).resolve().parents[3]
SEED = 20240101
C_GRID = (0.1, 0.3, 1.0)


def _eval_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("presslens_eval_checkworthy_pick", REPO / "eval" / "checkworthy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def rows_of(gold_path: Path, log: Any = print) -> tuple[list[list[float]], list[int], list[float]]:
    """(pick features, label, debate score) of each gold sentence found in its analysed article (the
    pipeline's text is not always the raw corpus text: the sentence is looked up, spaces normalised)."""
    import presslens

    ev = _eval_module()
    gold = ev.load_gold(gold_path)
    texts = ev.load_texts(gold)
    pipe = presslens.Pipeline(["claims"])
    model = load_model()
    done: dict[tuple[str, str], Any] = {}
    X: list[list[float]] = []
    y: list[int] = []
    scores: list[float] = []
    missing = 0
    for g in gold:
        key = (g["corpus"], g["id"])
        if key not in done:
            done[key] = pipe(texts[key], format="text")
        article = done[key]
        sentence = texts[key][g["start"] : g["end"]]
        m = re.search(r"\s+".join(map(re.escape, sentence.split())), article.text)
        if m is None:
            missing += 1
            continue
        s0, s1 = m.span()
        claims = [c for c in article.annotations.get("numeric_claims", ()) if s0 <= c.start < s1]
        feats = features(article.text[s0:s1], any(c.confidence >= 0.5 for c in claims))
        p = model.score_features([feats], [article.text[s0:s1]])[0]
        named = any(s0 <= x.start < s1 and x.kind != "vague" for x in article.annotations.get("sources", ()))
        X.append(pick_features(article.text, s0, s1, p, set(feats), quote_overlap(s0, s1, quote_spans(list(article.annotations.get("quotes", ())))), named))
        y.append(int(g["label"]))
        scores.append(p)
    log(f"{gold_path.name}: {len(y)} sentences ({sum(y)} check-worthy), {missing} not found in the analysed text")
    return X, y, scores


def _precision_top_quarter(y: Any, s: Any) -> float:
    import numpy as np

    order = np.argsort(-np.asarray(s))[: len(y) // 4]
    return float(np.asarray(y)[order].mean())


def train(out: Path = PICK_FILE, log: Any = print) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    ev = _eval_module()
    parts = [rows_of(ev.NEWS_TRAIN, log), rows_of(ev.NEWS_DEV, log)]
    X = np.asarray([r for p in parts for r in p[0]], dtype=float)
    y = np.asarray([v for p in parts for v in p[1]])
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    best: tuple[float, float] | None = None
    base_ap = average_precision_score(y, X[:, 0])
    log(f"  the debate score's own order: AP {base_ap:.3f}, precision of the top quarter {_precision_top_quarter(y, X[:, 0]):.3f}")
    for C in C_GRID:
        s = cross_val_predict(LogisticRegression(C=C, max_iter=5000), X, y, cv=cv, method="decision_function")
        ap = average_precision_score(y, s)
        log(f"  C={C}: cross-validated AP {ap:.3f}, precision of the top quarter {_precision_top_quarter(y, s):.3f}")
        if best is None or ap > best[1]:
            best = (C, ap)
    assert best is not None
    C, cv_ap = best
    clf = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    head = PickModel([float(w) for w in clf.coef_[0]], float(clf.intercept_[0]))
    Xt, yt, _ = rows_of(ev.GOLD, log)  # the news test gold: a check after the fit, chooses nothing
    st = head.score(Xt)
    meta = {
        "fitted_on": "eval/gold/checkworthy_news_train.jsonl + checkworthy_news_dev.jsonl (sentences found in the analysed text)",
        "n": len(y), "positives": int(y.sum()), "C": C, "C_grid": list(C_GRID), "cv_folds": 5, "seed": SEED,
        "cv_ap": round(cv_ap, 4), "score_order_ap": round(float(base_ap), 4),
        "news_test": {"n": len(yt), "ap": round(float(average_precision_score(yt, st)), 4),
                      "precision_top_quarter": round(_precision_top_quarter(yt, st), 4),
                      "score_order_ap": round(float(average_precision_score(yt, [r[0] for r in Xt])), 4),
                      "score_order_precision_top_quarter": round(_precision_top_quarter(yt, [r[0] for r in Xt]), 4)},
    }
    head.meta = meta
    head.save(out)
    log(f"chosen C={C}; news test check: {json.dumps(meta['news_test'])}")
    log("weights: " + ", ".join(f"{n} {w:+.2f}" for n, w in sorted(zip(PICK_FEATURES, head.coef, strict=True), key=lambda t: t[1])))
    log(f"wrote {out}")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=PICK_FILE)
    args = ap.parse_args(argv)
    train(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
