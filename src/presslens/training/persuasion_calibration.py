"""Fit the persuasion calibrators (``calibration.json``): confidence as an estimated precision.

    python -m presslens.training.persuasion_calibration                 # every mode
    python -m presslens.training.persuasion_calibration --modes tagger fast

Data the models were never fitted on (docs/persuasion.md, "Calibration"):

- the **calibration half** of our PTC validation part (``eval/splits/ptc-calibration.json``):
  each span the mode finds, with its observed precision: the share of its characters inside a
  gold span of its technique (``confidence``) or of any technique (``span_confidence``);
- **straight news** (:func:`straight_news`): wire copies and agency reports rated centre, from
  ``../shared/data/corpus`` (allsides shards 00-05 and the helsinki event of
  same_event_syndication; never the hand-labelled evaluation set of shard 07, census and
  spotify): each span the mode finds in the outlet's own voice counts as wrong (precision 0);
  spans inside quotations are left out (a quoted speaker's rhetoric is the speaker's).

A logistic regression per target (the observed precision as a soft label) over the span's
evidence (``annotate.persuasion.calibration.FEATURES``); its C is chosen by 4-fold
cross-validation by article on the same data (log loss). The **report half** is scored with
the fitted calibrator: expected calibration error, the reliability table, SI and FLC at the
display threshold; ``eval/persuasion.py --calibrated`` recomputes them from the committed file.
Needs scikit-learn (the ``train`` extra).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from presslens.annotate.persuasion import MODES, load_model
from presslens.annotate.persuasion.calibration import CALIBRATION_FILE, FEATURES, Calibrator, reliability
from presslens.metrics.propaganda import si_scores
from presslens.training.ptc import REPO, load_articles, shared_dir

CALIBRATION_SPLIT = REPO / "eval" / "splits" / "ptc-calibration.json"
STRAIGHT_EVAL = REPO / "eval" / "gold" / "persuasion-straight-news.json"
CS = (0.03, 0.1, 0.3, 1.0)
NEGATIVE_WEIGHTS = (0.25, 0.5, 1.0)  # weight of a straight-news span beside a PTC span
DEV_SHARD = 6  # allsides shard of the unlabelled straight news that bound the false alarms while choosing
DEV_SHOWN_MAX = 0.25  # shown spans per dev straight-news article a setting may give (half the acceptance bound)
NEWS_SOURCES = ("Reuters", "Associated Press")
NOT_NEWS = ("Breakingviews", "Analysis", "Commentary", "Opinion", "Factbox", "Column")
ALLSIDES_SHARDS = range(0, 6)  # shard 07 holds the hand-labelled evaluation set; 06 is left for later checks
N_ALLSIDES = 40
N_WIRE = 12
DISPLAY_THRESHOLD = 0.5  # = settings.PersuasionSettings.display_threshold (a test checks)


def load_calibration_split(path: Path = CALIBRATION_SPLIT) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _corpus() -> Path:
    return shared_dir() / "data" / "corpus"


def _agency_reports(shards: range | tuple[int, ...], n: int) -> dict[str, str]:
    """The ``n`` Reuters / AP reports rated centre (200-1,200 words, no analysis in the title) of
    allsides ``shards`` with the smallest sha1 of their id (id -> text)."""
    picked: list[tuple[str, str, str]] = []
    for shard in shards:
        path = _corpus() / "allsides_bias" / f"articles-{shard:02d}-of-08.jsonl.gz"
        for rec in _jsonl(path):
            words = len(rec["text"].split())
            if rec["source"] in NEWS_SOURCES and rec["bias_text"] == "center" and 200 <= words <= 1200 and not any(x in rec["title"] for x in NOT_NEWS):
                picked.append((hashlib.sha1(rec["id"].encode()).hexdigest(), rec["id"], rec["text"]))
    return {f"allsides:{i}": t for _, i, t in sorted(picked)[:n]}


def dev_straight_news(n: int = 40) -> dict[str, str]:
    """Unlabelled agency reports of allsides shard 06: while choosing the negatives' weight and C,
    a setting may show at most ``DEV_SHOWN_MAX`` spans per article on them (every voice)."""
    return _agency_reports((DEV_SHARD,), n)


def straight_news(n_allsides: int = N_ALLSIDES, n_wire: int = N_WIRE) -> dict[str, str]:
    """Straight news texts for fitting (id -> text): the calibration negatives.

    Reuters and Associated Press reports rated centre in allsides shards 00-05 (200-1,200 words,
    no analysis or commentary in the title), the ``n_allsides`` with the smallest sha1 of their
    id; and ``n_wire`` distinct AP / Reuters wire copies of the helsinki event (credited in their
    first 400 characters; one copy per story, by its first 300 characters). None of them is
    in the hand-labelled evaluation set (asserted).
    """
    held = {a["id"] for a in json.loads(STRAIGHT_EVAL.read_text(encoding="utf-8"))["articles"]}
    out = _agency_reports(ALLSIDES_SHARDS, n_allsides)
    seen: set[str] = set()
    wire = []
    for rec in _jsonl(_corpus() / "same_event_syndication" / "articles.jsonl.gz"):
        head = rec["text"][:400]
        if rec["event"] != "helsinki" or not any(c in head for c in ("(Reuters)", "(AP)", "Associated Press")):
            continue
        text = rec["text"].replace(" ### ", "\n\n")
        key = " ".join(text.split())[:300]
        if key not in seen:
            seen.add(key)
            wire.append((rec["id"], text))
    out.update({f"syndication:{i}": t for i, t in sorted(wire)[:n_wire]})
    assert not held & {k.split(":", 1)[1] for k in out}, "a calibration negative is in the labelled evaluation set"
    return out


def _jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def observed(start: int, end: int, technique: str, gold: list[tuple[str, int, int]]) -> tuple[float, float]:
    """(share of [start, end) inside gold spans of ``technique``, share inside gold spans of any technique)."""
    same = np.zeros(end - start, dtype=bool)
    anyg = np.zeros(end - start, dtype=bool)
    for t, s, e in gold:
        a, b = max(start, s), min(end, e)
        if b > a:
            anyg[a - start : b - start] = True
            if t == technique:
                same[a - start : b - start] = True
    return float(same.mean()), float(anyg.mean())


def examples(mode: str, texts: dict[str, str], gold: dict[str, list] | None, every_voice: bool = False) -> list[dict]:
    """Every model span of ``texts`` in ``mode`` with its evidence and targets (gold None: straight
    news, own voice only unless ``every_voice``)."""
    model = load_model()
    rows = []
    for aid, text in texts.items():
        for f in model.detect(text, mode, cues=False, calibrate=False, evidence=True):
            if gold is None and f.quoted >= 0.5 and not every_voice:
                continue  # a quoted speaker's rhetoric is not the outlet's: not a negative
            y, y_any = observed(f.start, f.end, f.technique, gold[aid]) if gold is not None else (0.0, 0.0)
            rows.append({"aid": aid, "x": f.evidence, "y": y, "y_any": y_any, "start": f.start, "end": f.end, "technique": f.technique, "level": f.level, "score": f.score})
    return rows


def _fit_lr(Z: Any, y: Any, w: Any, C: float) -> tuple[Any, float]:
    """Logistic regression on soft labels: each row twice, label 1 with weight w*y and label 0 with weight w*(1 - y)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    ZZ = np.vstack([Z, Z])
    yy = np.r_[np.ones(len(Z)), np.zeros(len(Z))]
    ww = np.r_[w * y, w * (1 - y)]
    keep = ww > 0
    with threadpool_limits(limits=1):
        clf = LogisticRegression(C=C, max_iter=5000).fit(ZZ[keep], yy[keep], sample_weight=ww[keep])
    return clf.coef_[0], float(clf.intercept_[0])


def _logloss(p: Any, y: Any) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _sigmoid(z: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-z))


def fit(ptc: list[dict], neg: list[dict], dev: list[dict], dev_articles: int, log=print) -> tuple[Calibrator, dict]:
    """Both calibrators: PTC spans (soft labels) + straight-news spans (label 0, weight ``wneg``).

    For ``confidence`` the negatives' weight and C are chosen together: the lowest log loss on
    the PTC spans in 4-fold cross-validation by article (the negatives stay in every training
    fold) among the settings that show at most ``DEV_SHOWN_MAX`` spans per dev straight-news
    article (:func:`dev_straight_news`) when fitted on everything. ``span_confidence`` uses the
    same weight and its own C (cross-validated the same way).
    """
    rows = ptc + neg
    X = np.asarray([r["x"] for r in rows], dtype=np.float64)
    mean = X.mean(axis=0)
    scale = np.maximum(X.std(axis=0), 1e-6)
    Z = (X - mean) / scale
    Zd = (np.asarray([r["x"] for r in dev], dtype=np.float64).reshape(-1, len(mean)) - mean) / scale
    arts = sorted({r["aid"] for r in ptc})
    fold = np.asarray([arts.index(r["aid"]) % 4 if i < len(ptc) else -1 for i, r in enumerate(rows)])
    is_ptc = fold >= 0
    chosen: dict[str, Any] = {}
    weights, bias = [], []
    wneg = None
    for col in ("y", "y_any"):
        y = np.asarray([r[col] for r in rows], dtype=np.float64)
        grid = {}
        for wn in NEGATIVE_WEIGHTS if wneg is None else (wneg,):
            w = np.where(is_ptc, 1.0, wn)
            for C in CS:
                pred = np.zeros(len(y))
                for k in range(4):
                    coef, b = _fit_lr(Z[fold != k], y[fold != k], w[fold != k], C)
                    pred[fold == k] = _sigmoid(Z[fold == k] @ coef + b)
                coef, b = _fit_lr(Z, y, w, C)
                shown = float((_sigmoid(Zd @ coef + b) >= DISPLAY_THRESHOLD).sum()) / max(dev_articles, 1) if col == "y" else 0.0
                grid[(wn, C)] = (_logloss(pred[is_ptc], y[is_ptc]), shown, coef, b)
        ok = {k: v for k, v in grid.items() if v[1] <= DEV_SHOWN_MAX} or grid
        best = min(ok, key=lambda k: ok[k][0])
        wneg = best[0]
        log(f"  {col}: negatives' weight {best[0]}, C {best[1]}; " + ", ".join(f"({k[0]}, {k[1]}): loss {v[0]:.4f} dev shown {v[1]:.2f}" for k, v in grid.items()))
        weights.append(grid[best][2])
        bias.append(grid[best][3])
        chosen[col] = {"negative_weight": best[0], "C": best[1], "grid": {f"{k[0]},{k[1]}": {"ptc_cv_logloss": round(v[0], 5), "dev_shown_per_article": round(v[1], 3)} for k, v in grid.items()}}
    cal = Calibrator(mean, scale, np.stack(weights, axis=1), np.asarray(bias), {})
    return cal, chosen


def report(mode: str, cal: Calibrator | None, articles: dict, threshold: float = DISPLAY_THRESHOLD) -> dict:
    """Scores on ``articles`` (the report half): every span (SI, FLC), spans at >= threshold, ECE and reliability.

    With ``cal`` None the committed calibrator of the mode is used (``model.detect``).
    """
    model = load_model()
    gold_si = [(a, s, e) for a, art in articles.items() for _, s, e in art.spans]
    gold_flc = [(f"{a}\t{t}", s, e) for a, art in articles.items() for t, s, e in art.spans]
    spans = []
    for aid, art in articles.items():
        found = model.detect(art.text, mode, cues=True, calibrate=cal is None, evidence=cal is not None)
        conf = cal.predict(np.asarray([f.evidence for f in found if f.evidence is not None])) if cal is not None and any(f.evidence for f in found) else None
        k = 0
        for f in found:
            c, sc = f.confidence, f.span_confidence
            if conf is not None and f.evidence is not None:
                c, sc = float(conf[k, 0]), float(conf[k, 1])
                k += 1
            y, y_any = observed(f.start, f.end, f.technique, art.spans)
            spans.append((aid, f.start, f.end, f.technique, c, sc, y, y_any, f.level))
    out: dict[str, Any] = {"mode": mode, "articles": len(articles), "gold_spans": len(gold_si), "spans": len(spans)}
    for name, sel in (("all", lambda s: True), ("shown", lambda s: s[4] >= threshold)):
        chosen = [s for s in spans if sel(s)]
        si = si_scores([(s[0], s[1], s[2]) for s in chosen], gold_si)
        flc = si_scores([(f"{s[0]}\t{s[3]}", s[1], s[2]) for s in chosen], gold_flc)
        out[name] = {"spans": len(chosen), "si_precision": si.precision, "si_recall": si.recall, "si_f1": si.f1, "flc_precision": flc.precision, "flc_recall": flc.recall, "flc_f1": flc.f1}
    models = [s for s in spans if s[8] != "cue"]
    ece, table = reliability([s[4] for s in models], [s[6] for s in models])
    ece_any, table_any = reliability([s[5] for s in models], [s[7] for s in models])
    out.update({"ece": ece, "reliability": table, "ece_span": ece_any, "reliability_span": table_any})
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    ap.add_argument("--out", type=Path, default=CALIBRATION_FILE)
    ap.add_argument("--no-negatives", action="store_true", help="fit on PTC only (to measure what the straight news add)")
    a = ap.parse_args(argv)
    t0 = time.time()
    split = load_calibration_split()
    cal_arts = load_articles(ids=set(split["calibration"]))
    rep_arts = load_articles(ids=set(split["report"]))
    news = {} if a.no_negatives else straight_news()
    dev = dev_straight_news()
    print(f"calibration: {len(cal_arts)} PTC articles + {len(news)} straight news (+ {len(dev)} unlabelled dev reports bounding false alarms); report: {len(rep_arts)} PTC articles", flush=True)
    data = json.loads(a.out.read_text(encoding="utf-8")) if a.out.is_file() else {}
    modes = data.get("modes", {})
    for mode in a.modes:
        rows = examples(mode, {k: v.text for k, v in cal_arts.items()}, {k: v.spans for k, v in cal_arts.items()})
        neg = examples(mode, news, None)
        dev_rows = examples(mode, dev, None, every_voice=True)
        print(f"[{mode}] {len(rows)} PTC spans (mean precision {np.mean([r['y'] for r in rows]):.3f}), {len(neg)} straight-news spans in the outlet's voice ({time.time() - t0:.0f}s)", flush=True)
        cal, chosen = fit(rows, neg, dev_rows, len(dev))
        rep = report(mode, cal, rep_arts)
        cal.meta = {
            "fitted_on": "calibration half of our PTC validation part (eval/splits/ptc-calibration.json) + straight news in the outlet's voice as negatives",
            "ptc_articles": len(cal_arts),
            "ptc_spans": len(rows),
            "straight_news_articles": len(news),
            "straight_news_spans": len(neg),
            "dev_straight_news_articles": len(dev),
            "chosen": chosen,
            "report_half": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in rep.items() if k not in ("all", "shown")}
            | {k: {kk: round(vv, 4) if isinstance(vv, float) else vv for kk, vv in rep[k].items()} for k in ("all", "shown")},
        }
        modes[mode] = cal.to_json()
        print(f"[{mode}] report half: ECE {rep['ece']:.4f} (span {rep['ece_span']:.4f}); all spans SI F1 {rep['all']['si_f1']:.4f}; "
              f"shown (>= {DISPLAY_THRESHOLD}): {rep['shown']['spans']} spans, SI P {rep['shown']['si_precision']:.4f} R {rep['shown']['si_recall']:.4f}, "
              f"FLC P {rep['shown']['flc_precision']:.4f} ({time.time() - t0:.0f}s)", flush=True)
    out = {"about": "persuasion calibrators by mode (presslens.training.persuasion_calibration; docs/persuasion.md)", "features": list(FEATURES), "modes": modes}
    a.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.out} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
