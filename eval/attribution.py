"""Evaluate attribution on gold we did not write: the Gender Gap Tracker's development half.

``../shared/data/quotes/ggt-dev/ggt_quotes_dev.jsonl`` (49 Canadian news articles, 815 quotes,
speakers resolved to full names), scored exactly as its README says:

- a predicted quote (any kind: direct, partial, indirect, document) matches a gold quote when
  their character spans overlap with Jaccard >= 0.3 (and, stricter, >= 0.8), one to one (greedy,
  best overlap first); quote P/R/F1 over all quotes (the 2 gold quotes without offsets count as
  gold that nothing can match);
- speaker accuracy over matched quotes whose gold ``reference`` is non-empty: right when every
  token of the reference (lower case, without "the"/"a"/"an" and possessive 's) is among the
  tokens of the predicted speaker name (a quote with no predicted speaker is wrong).

On top of the README, the reliability of ``Quote.speaker_confidence`` over matched quotes that
have a predicted speaker (a quote with no speaker has no speaker confidence): the accuracy of
speakers with confidence >= 0.8 and the expected calibration error over 10 equal-width bins.
The shipped calibrator (``presslens/data/speaker_confidence.json``) is fitted on this very set,
so its in-sample figures are not quality: the figures reported as quality are **cross-fitted by
article** (``FOLDS`` folds, articles shuffled with ``SEED``): every article's confidences come
from a calibrator fitted on the other folds' articles only (out-of-fold predictions).

    python eval/attribution.py                  # scores + cross-fitted calibration
    python eval/attribution.py --errors         # also list every wrong speaker and missed quote
    python eval/attribution.py --fit            # refit the shipped calibrator on all of ggt-dev
    python eval/attribution.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
GGT = SHARED / "data" / "quotes" / "ggt-dev" / "ggt_quotes_dev.jsonl"
MODEL = REPO / "src" / "presslens" / "data" / "speaker_confidence.json"
FOLDS = 5
SEED = 15
HIGH = 0.8
BINS = 10

_DROP = frozenset({"the", "a", "an"})


def load_ggt(path: Path = GGT) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def to_article(row: dict):
    """The article as presslens builds it from plain text: paragraphs are the blank-line blocks."""
    from presslens.records import Article, Paragraph

    text = row["text"]
    paras, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        if m.start() > pos:
            paras.append(Paragraph(pos, m.start()))
        pos = m.end()
    if pos < len(text):
        paras.append(Paragraph(pos, len(text)))
    return Article(id=row["article_id"], text=text, paragraphs=tuple(paras), source=f"ggt:{row['article_id']}")


def speaker_tokens(name: str | None) -> set[str]:
    """Lower-case word tokens without articles and possessive 's (the README's rule)."""
    if not name:
        return set()
    s = re.sub(r"[’']s\b", "", name.casefold())
    return {t for t in re.findall(r"\w+", s) if t not in _DROP}


def speaker_right(reference: str, predicted: str | None) -> bool:
    ref = speaker_tokens(reference)
    return bool(ref) and ref <= speaker_tokens(predicted)


def match(gold: list[tuple[int, int] | None], pred: list[tuple[int, int]], threshold: float) -> dict[int, int]:
    """Greedy one-to-one matching by character-span Jaccard: {gold index: predicted index}."""
    pairs = []
    for j, g in enumerate(gold):
        if g is None:
            continue
        for i, p in enumerate(pred):
            inter = min(g[1], p[1]) - max(g[0], p[0])
            if inter <= 0:
                continue
            union = max(g[1], p[1]) - min(g[0], p[0])
            pairs.append((inter / union, j, i))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    out: dict[int, int] = {}
    used: set[int] = set()
    for jac, j, i in pairs:
        if jac < threshold or j in out or i in used:
            continue
        out[j] = i
        used.add(i)
    return out


def _prf(tp: int, np_: int, ng: int) -> dict:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "predicted": np_, "gold": ng}


def annotate(rows: list[dict]) -> list[tuple]:
    """(article, quotes, features) per row: the ``quotes`` pipeline (nlp, entities, quotes) as shipped;
    ``features`` are the calibrator's inputs per quote (empty where the code has none)."""
    import presslens
    from presslens.components import Context

    pipeline = presslens.Pipeline(["quotes"])
    out = []
    for row in rows:
        ctx = Context()
        art = pipeline.annotate(to_article(row), ctx)
        feats = ctx.data.get("quotes", {}).get("features", {}) if isinstance(ctx.data.get("quotes"), dict) else {}
        out.append((art, tuple(art.annotations["quotes"]), feats))
    return out


def speaker_conf(q) -> float | None:
    """The quote's speaker confidence (older code has none: its quote ``confidence`` stands in)."""
    if not q.speaker:
        return None
    c = getattr(q, "speaker_confidence", None)
    return q.confidence if c is None else c


def reliability(items: list[tuple[float, bool]]) -> dict:
    """Accuracy of confident speakers and the expected calibration error (10 equal-width bins)."""
    n = len(items)
    if not n:
        return {"n": 0}
    high = [ok for c, ok in items if c >= HIGH]
    ece = 0.0
    bins = []
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        inside = [(c, ok) for c, ok in items if lo <= c < hi or (b == BINS - 1 and c == 1.0)]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        ece += abs(acc - conf) * len(inside) / n
        bins.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside), "confidence": round(conf, 3), "accuracy": round(acc, 3)})
    return {
        "n": n,
        "accuracy": round(sum(ok for _, ok in items) / n, 4),
        "high_conf_n": len(high),
        "high_conf_accuracy": round(sum(high) / len(high), 4) if high else None,
        "high_conf_share": round(len(high) / n, 4),
        "ece": round(ece, 4),
        "bins": bins,
    }


def score(rows: list[dict], results: list[tuple], confidences: list[list[float | None]] | None = None,
          errors: bool = False) -> dict:
    """The README's scores; ``confidences`` (per article, per predicted quote) replace the quotes'
    own speaker confidences when given (the cross-fitted ones)."""
    counts = {0.3: [0, 0, 0], 0.8: [0, 0, 0]}
    right = matched = 0
    rel: list[tuple[float, bool]] = []
    wrong, missed = [], []
    for k, (row, (_art, quotes, _feats)) in enumerate(zip(rows, results, strict=True)):
        gold = [(q["quote_start"], q["quote_end"]) if "quote_start" in q else None for q in row["quotes"]]
        pred = [(q.start, q.end) for q in quotes]
        for th in (0.3, 0.8):
            m = match(gold, pred, th)
            c = counts[th]
            c[0] += len(m)
            c[1] += len(pred)
            c[2] += len(gold)
        m = match(gold, pred, 0.3)
        for j, g in enumerate(row["quotes"]):
            if j not in m:
                if errors and gold[j] is not None:
                    missed.append({"article": row["article_id"], "start": gold[j][0], "gold": g["quote"][:90], "speaker": g["reference"]})
                continue
            if not g["reference"].strip():
                continue
            q = quotes[m[j]]
            ok = speaker_right(g["reference"], q.speaker)
            matched += 1
            right += ok
            c = confidences[k][m[j]] if confidences is not None else speaker_conf(q)
            if q.speaker and c is not None:
                rel.append((c, ok))
            if errors and not ok:
                wrong.append({"article": row["article_id"], "start": q.start, "gold": g["reference"], "pred": q.speaker,
                              "mention": q.speaker_mention.text if q.speaker_mention else None, "conf": c, "rule": q.rule,
                              "quote": q.text[:80]})
    out = {
        "articles": len(rows),
        "quotes@0.3": _prf(*counts[0.3]),
        "quotes@0.8": _prf(*counts[0.8]),
        "speaker_accuracy": round(right / matched, 4) if matched else 0.0,
        "speaker_matched": matched,
        "speaker_confidence": reliability(rel),
    }
    if errors:
        out["wrong_speakers"] = wrong
        out["missed_quotes"] = missed
    return out


def samples(rows: list[dict], results: list[tuple]) -> list[tuple[int, dict, bool]]:
    """(article index, calibrator features, speaker right) for every matched quote with a speaker."""
    out = []
    for k, (row, (_art, quotes, feats)) in enumerate(zip(rows, results, strict=True)):
        gold = [(q["quote_start"], q["quote_end"]) if "quote_start" in q else None for q in row["quotes"]]
        m = match(gold, [(q.start, q.end) for q in quotes], 0.3)
        for j, i in m.items():
            q = quotes[i]
            f = feats.get((q.start, q.end))
            if q.speaker and f is not None and row["quotes"][j]["reference"].strip():
                out.append((k, f, speaker_right(row["quotes"][j]["reference"], q.speaker)))
    return out


def fit(items: list[tuple[int, dict, bool]], c: float = 1.0) -> dict:
    """A logistic model over the features (scikit-learn), as the JSON the package reads."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from presslens.annotate.sourcing.calibration import FEATURES

    index = {n: i for i, n in enumerate(FEATURES)}
    x = np.zeros((len(items), len(FEATURES)))
    for r, (_k, f, _ok) in enumerate(items):
        for name, v in f.items():
            x[r, index[name]] = v
    y = np.array([ok for _k, _f, ok in items], dtype=int)
    model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    coef = {n: round(float(w), 6) for n, w in zip(FEATURES, model.coef_[0], strict=True) if abs(w) > 1e-9}
    return {"intercept": round(float(model.intercept_[0]), 6), "coef": coef}


def crossfit(rows: list[dict], results: list[tuple], folds: int = FOLDS, seed: int = SEED) -> list[list[float | None]]:
    """Out-of-fold speaker confidences: articles shuffled with ``seed`` into ``folds`` folds; each
    fold's quotes scored by a calibrator fitted on the other folds' matched quotes only."""
    from presslens.annotate.sourcing.calibration import predict

    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    fold_of = {k: n % folds for n, k in enumerate(order)}
    items = samples(rows, results)
    models = [fit([it for it in items if fold_of[it[0]] != f]) for f in range(folds)]
    out = []
    for k, (_art, quotes, feats) in enumerate(results):
        model = models[fold_of[k]]
        out.append([predict(feats[(q.start, q.end)], model) if q.speaker and (q.start, q.end) in feats else None for q in quotes])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--errors", action="store_true", help="list wrong speakers and missed gold quotes")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--fit", action="store_true", help="refit the shipped calibrator on all of ggt-dev")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    rows = load_ggt()
    t0 = time.perf_counter()
    results = annotate(rows)
    seconds = round(time.perf_counter() - t0, 1)
    if args.fit:
        model = fit(samples(rows, results))
        model["about"] = (f"speaker confidence: logistic over presslens.annotate.sourcing.calibration.FEATURES, fitted by "
                          f"eval/attribution.py --fit on {len(samples(rows, results))} matched quotes of ggt-dev")
        MODEL.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}", file=sys.stderr)
    out = {
        "ggt_dev": score(rows, results, confidences=crossfit(rows, results), errors=args.errors),
        "ggt_dev_in_sample_confidence": score(rows, results)["speaker_confidence"],
        "calibration": f"speaker_confidence cross-fitted by article: {FOLDS} folds, seed {SEED} (out-of-fold predictions)",
        "seconds": seconds,
    }
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
