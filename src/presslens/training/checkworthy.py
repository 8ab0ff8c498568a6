"""Train the check-worthiness model on CheckThat! 2024 English train (``make train-checkworthy``).

    python -m presslens.training.checkworthy                 # full train, writes the artifact
    python -m presslens.training.checkworthy --limit 2000 --out cw.npz   # quick run

Features: :func:`presslens.annotate.claims.checkworthy.features`, hashed into ``2**dim_bits`` buckets
(binary). Model: L2 logistic regression (scikit-learn, liblinear). ``C`` and the decision threshold
are chosen by 5-fold cross-validation on train only (positive-class F1 of out-of-fold
predictions); the dev file is scored once, for the report, and never used to choose anything.
Needs scikit-learn and numpy (dev extras); inference needs numpy only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from presslens.annotate.claims.checkworthy import MODEL_FILE, CheckworthyModel, features, hash_features

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
CT24 = SHARED / "data" / "checkworthy"
TRAIN = CT24 / "CT24_checkworthy_english_train.tsv"
DEV = CT24 / "CT24_checkworthy_english_dev.tsv"
SEED = 20240101
C_GRID = (0.1, 0.2, 0.4, 0.8)


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


def matrix(texts: list[str], dim: int) -> object:
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for t in texts:
        idx = hash_features(features(t), dim)
        indices.extend(idx)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(texts), dim))


def prf(y: list[int], pred: list[int]) -> dict[str, float]:
    tp = sum(1 for a, b in zip(y, pred, strict=True) if a and b)
    fp = sum(1 for a, b in zip(y, pred, strict=True) if b and not a)
    fn = sum(1 for a, b in zip(y, pred, strict=True) if a and not b)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "tp": tp, "fp": fp, "fn": fn}


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
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    rows = read_tsv(TRAIN)
    if limit:
        rng = np.random.default_rng(SEED)
        rows = [rows[i] for i in sorted(rng.choice(len(rows), size=min(limit, len(rows)), replace=False))]
    texts, y = [t for t, _ in rows], [lab for _, lab in rows]
    dim = 2**dim_bits
    X = matrix(texts, dim)
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
    assert best is not None
    C, cv_f1, threshold = best
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=2000).fit(X, y)
    model = CheckworthyModel(clf.coef_[0].astype(np.float16).astype(np.float32), float(clf.intercept_[0]), threshold)
    dev = read_tsv(DEV)
    dev_p = model.score([t for t, _ in dev])
    dev_m = prf([lab for _, lab in dev], [int(p >= threshold) for p in dev_p])
    meta = {
        "trained_on": "CT24_checkworthy_english_train.tsv" + (f" (random {len(texts)}, seed {SEED})" if limit else ""),
        "n_train": len(texts), "n_yes": sum(y), "dim": dim, "C": C, "threshold": threshold,
        "cv_folds": folds, "cv_f1": round(cv_f1, 4), "dev_positive": dev_m,
    }
    model.meta = json.dumps(meta)
    model.save(out)
    log(f"chosen C={C}, threshold {threshold:.2f} (CV F1 {cv_f1:.4f}); CT24 dev positive-class {dev_m}")
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
