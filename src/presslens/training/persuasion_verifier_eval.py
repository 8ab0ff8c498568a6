"""The ranking curve of the persuasion span verifier on the calibration half (issue 21 experiment).

    python -m presslens.training.persuasion_verifier_eval curve        # after persuasion_verifier candidates / train
    python -m presslens.training.persuasion_verifier_eval bootstrap    # ~7 min

The experiment, its data and its figures are described in :mod:`.persuasion_verifier` and
docs/persuasion.md ("Why so few spans are shown").
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from presslens.annotate.persuasion import TECHNIQUES, tokenize
from presslens.training.persuasion_calibration import load_calibration_split
from presslens.training.persuasion_verifier import WORK, Inputs, build_model, score
from presslens.training.ptc import load_articles

RECALLS = (0.1, 0.2, 0.3)


def _curve(rows: list[dict], key: str, gold: list) -> dict:
    """SI precision at the first top-k (steps of 5 spans) reaching each recall of ``RECALLS``."""
    from presslens.metrics.propaganda import si_scores

    order = sorted(rows, key=lambda r: -r[key])
    out: dict[str, Any] = {}
    want = list(RECALLS)
    for k in range(5, len(order) + 5, 5):
        sc = si_scores([(r["aid"], r["start"], r["end"]) for r in order[:k]], gold)
        while want and sc.recall >= want[0]:
            out[f"P@R{want[0]}"] = round(sc.precision, 3)
            out[f"k@R{want[0]}"] = k
            want.pop(0)
        if not want:
            break
    for r in want:
        out[f"P@R{r}"] = None
    return out


def _oof(rows: list[dict], neg: list[dict], X: Any, Xn: Any, col: str, C: float, wneg: float) -> Any:
    """Out-of-fold calibrated probability of the PTC rows (4 folds by article, negatives in every fold)."""
    from presslens.training.persuasion_calibration import _fit_lr, _sigmoid

    arts = sorted({r["aid"] for r in rows})
    fold = np.asarray([arts.index(r["aid"]) % 4 for r in rows])
    XX = np.vstack([X, Xn]) if len(neg) else X
    mean, scale = XX.mean(axis=0), np.maximum(XX.std(axis=0), 1e-6)
    Z, Zn = (X - mean) / scale, (Xn - mean) / scale if len(neg) else np.zeros((0, X.shape[1]))
    y = np.asarray([r[col] for r in rows])
    pred = np.zeros(len(rows))
    for k in range(4):
        tr = fold != k
        coef, b = _fit_lr(np.vstack([Z[tr], Zn]), np.r_[y[tr], np.zeros(len(Zn))], np.r_[np.ones(tr.sum()), np.full(len(Zn), wneg)], C)
        pred[~tr] = _sigmoid(Z[~tr] @ coef + b)
    return pred


def curve(model_path: Path, layers: int, log=print) -> dict:
    """The figures of the module docstring's evaluation, on the calibration half."""
    import torch

    from presslens.annotate.persuasion.calibration import CALIBRATION_FILE
    from presslens.training.persuasion_calibration import examples, straight_news

    torch.set_num_threads(2)
    arts = load_articles(ids=set(load_calibration_split()["calibration"]))
    gold = [(a, s, e) for a, art in arts.items() for _, s, e in art.spans]
    t0 = time.time()
    cache = model_path.parent / "calibration-spans.json"  # the default mode's spans (and evidence) do not depend on the verifier
    if cache.is_file():
        rows, neg = json.loads(cache.read_text(encoding="utf-8"))
    else:
        rows = examples("tagger", {k: v.text for k, v in arts.items()}, {k: v.spans for k, v in arts.items()})
        neg = examples("tagger", straight_news(), None)
        cache.write_text(json.dumps([rows, neg]), encoding="utf-8")
    log(f"calibration half: {len(rows)} spans of {len(arts)} articles, {len(neg)} straight-news spans ({time.time() - t0:.0f}s)")
    model = build_model(layers)
    model.load_state_dict(torch.load(model_path))
    model.eval()
    inputs = Inputs()
    by_art: dict[str, list[int]] = {}
    for k, r in enumerate(rows):
        by_art.setdefault(r["aid"], []).append(k)
    t1 = time.time()
    for aid, ks in by_art.items():
        ps, pt = score(model, inputs, arts[aid].text, [(rows[k]["start"], rows[k]["end"]) for k in ks])
        for k, p, dist in zip(ks, ps, pt, strict=True):
            rows[k]["verifier"] = float(p)
            rows[k]["verifier_tech"] = float(p * dist[TECHNIQUES.index(rows[k]["technique"])])
    n_words = sum(len(tokenize(a.text).words) for a in arts.values())
    log(f"verifier scored {len(rows)} spans in {time.time() - t1:.1f}s ({1000 * (time.time() - t1) / max(n_words / 1000, 1):.0f} ms per 1,000 words, 2 threads)")
    neg_by: dict[str, list[int]] = {}
    for k, r in enumerate(neg):
        neg_by.setdefault(r["aid"], []).append(k)
    news = straight_news()
    for aid, ks in neg_by.items():
        ps, pt = score(model, inputs, news[aid], [(neg[k]["start"], neg[k]["end"]) for k in ks])
        for k, p, dist in zip(ks, ps, pt, strict=True):
            neg[k]["verifier"] = float(p)
            neg[k]["verifier_tech"] = float(p * dist[TECHNIQUES.index(neg[k]["technique"])])
    meta = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["modes"]["tagger"]["meta"]["chosen"]
    X = np.asarray([r["x"] for r in rows], dtype=np.float64)
    Xn = np.asarray([r["x"] for r in neg], dtype=np.float64)

    def logit(v: Any) -> Any:
        v = np.clip(np.asarray(v, dtype=np.float64), 1e-4, 1 - 1e-4)
        return np.log(v / (1 - v))[:, None]

    Xv = np.hstack([X, logit([r["verifier"] for r in rows]), logit([r["verifier_tech"] for r in rows])])
    Xnv = np.hstack([Xn, logit([r["verifier"] for r in neg]), logit([r["verifier_tech"] for r in neg])])
    for col, name in (("y", "confidence"), ("y_any", "span_confidence")):
        c = meta[col]
        for r, p in zip(rows, _oof(rows, neg, X, Xn, col, c["C"], c["negative_weight"]), strict=True):
            r[f"{name} (oof)"] = p
        for r, p in zip(rows, _oof(rows, neg, Xv, Xnv, col, c["C"], c["negative_weight"]), strict=True):
            r[f"{name} + verifier (oof)"] = p
    for r in rows:
        r["oracle"] = r["y_any"]
    keys = ("confidence (oof)", "span_confidence (oof)", "score", "verifier", "verifier_tech", "confidence + verifier (oof)", "span_confidence + verifier (oof)", "oracle")
    res = {"articles": len(arts), "spans": len(rows), "gold_spans": len(gold), "curves": {k: _curve(rows, k, gold) for k in keys}}
    (model_path.parent / "curve-rows.json").write_text(json.dumps([{k: r[k] for k in ("aid", "start", "end", *keys)} for r in rows]), encoding="utf-8")
    # calibration of the verifier's own probability (any technique) on these spans
    v = np.asarray([r["verifier"] for r in rows])
    ya = np.asarray([r["y_any"] for r in rows])
    res["verifier_mean_vs_observed"] = [round(float(v.mean()), 3), round(float(ya.mean()), 3)]
    res["straight_news_verifier_ge_0.5_per_article"] = round(sum(r["verifier"] >= 0.5 for r in neg) / max(len(news), 1), 2)
    return res


def bootstrap(rows_file: Path, resamples: int, base: str = "span_confidence (oof)", seed: int = 1) -> dict:
    """How sure the curve's differences are: SI precision at each recall of ``RECALLS`` of every
    ranking minus ``base``'s, over ``resamples`` resamples of the calibration half's articles
    (with replacement; ~2 s each). Reads the rows ``curve`` wrote."""
    from presslens.metrics.propaganda import si_scores

    rows = json.loads(rows_file.read_text(encoding="utf-8"))
    arts = load_articles(ids=set(load_calibration_split()["calibration"]))
    ids = sorted(arts)
    keys = [k for k in rows[0] if k not in ("aid", "start", "end", base, "oracle")]

    def p_at(rs: list[dict], key: str, gold: list) -> dict[float, float]:
        order = sorted(rs, key=lambda r: -r[key])
        out: dict[float, float] = {}
        want = list(RECALLS)
        for k in range(10, len(order) + 10, 10):
            sc = si_scores([(r["aid"], r["start"], r["end"]) for r in order[:k]], gold)
            while want and sc.recall >= want[0]:
                out[want.pop(0)] = sc.precision
            if not want:
                break
        return out

    rng = random.Random(seed)
    diffs: dict[str, dict[float, list[float]]] = {k: {t: [] for t in RECALLS} for k in keys}
    for _ in range(resamples):
        rs, gold = [], []
        for n, a in enumerate(rng.choice(ids) for _ in ids):
            rs += [dict(r, aid=f"{a}#{n}") for r in rows if r["aid"] == a]
            gold += [(f"{a}#{n}", s, e) for _, s, e in arts[a].spans]
        ref = p_at(rs, base, gold)
        for k in keys:
            got = p_at(rs, k, gold)
            for t in RECALLS:
                if t in got and t in ref:
                    diffs[k][t].append(got[t] - ref[t])
    return {
        f"{k} - {base}": {
            f"R{t}": {"mean": round(float(np.mean(d)), 3), "p5": round(float(np.percentile(d, 5)), 3), "p95": round(float(np.percentile(d, 95)), 3), "share_above_0": round(float(np.mean(np.asarray(d) > 0)), 2)}
            for t, d in by.items()
            if d
        }
        for k, by in diffs.items()
    }




def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=("curve", "bootstrap"))
    ap.add_argument("--work", type=Path, default=WORK, help="where persuasion_verifier wrote its files")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--resamples", type=int, default=200, help="bootstrap: resamples of the articles")
    a = ap.parse_args(argv)
    if a.step == "curve":
        print(json.dumps(curve(a.work / f"verifier-{a.layers}l.pt", a.layers, lambda *x: print(*x, flush=True)), indent=1))
    else:
        print(json.dumps(bootstrap(a.work / "curve-rows.json", a.resamples), indent=1))


if __name__ == "__main__":
    main()
