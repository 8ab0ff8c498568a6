"""Compare check-worthiness training settings by cross-validation *by era* (issue 18, third round).

The CT24 data README warns that the held-out test differs in speakers and years. ClaimBuster sentence ids
run in time order (debates 1960-2016), so folds of contiguous ids put whole eras of debates out of the
training data, the kind of shift the test brings. For each setting: 5 folds by id quantiles of train;
each dev sentence goes to the fold of its id (weight ``dev_w``); every fold's model is fitted on the other
folds' train and dev sentences; one Platt scaling and one threshold (best F1) for the pooled out-of-fold
predictions (train + dev repeated ``dev_w`` times). Dev-test is not read.

    python eval/checkworthy_era_cv.py '{"name": "base", "C": 0.2}' '{"name": "s4", "C": 0.2, "scale": 4.0}'
    python eval/checkworthy_era_cv.py '{"name": "no-states", "C": 0.2, "states": 0}' '{"name": "states", "C": 0.2, "states": 2.0}'

``states`` (issue 18, fourth round): the scale of the persuasion tagger's pooled states (0: without them;
default ``T.STATE_SCALE`` when the trainer uses them), read in windows of adjacent ids as the trainer reads them.

Each setting takes ~5-7 minutes on one loaded core (liblinear on 23.5k sentences x 262k buckets, 5 fits).
Results of 2026-12-03: docs/claims.md, "Third round on dev-test".
"""

from __future__ import annotations

import json
import sys
import time

from presslens.training import checkworthy as T

K = 5


sentence_ids = T.sentence_ids


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack, vstack
    from sklearn.linear_model import LogisticRegression

    specs = [json.loads(a) for a in (argv if argv is not None else sys.argv[1:])] or [{"name": "base", "C": 0.2}]
    t0 = time.time()
    tr, dv = T.read_tsv(T.TRAIN), T.read_tsv(T.DEV)
    itr, idv = np.asarray(sentence_ids(T.TRAIN)), np.asarray(sentence_ids(T.DEV))
    assert len(itr) == len(tr) and len(idv) == len(dv)
    ytr, ydv = np.asarray([y for _, y in tr]), np.asarray([y for _, y in dv])
    vectors = T.static_vectors()
    s_tr, s_dv = T.mean_vectors([t for t, _ in tr], vectors), T.mean_vectors([t for t, _ in dv], vectors)
    h_tr, h_dv = T.matrix([t for t, _ in tr], 2**18), T.matrix([t for t, _ in dv], 2**18)
    S = T.window_states([t for t, _ in tr] + [t for t, _ in dv], list(itr) + list(idv)) if any(sp.get("states", 0) for sp in specs) or T.STATES else None
    norm = float(np.linalg.norm(s_tr, axis=1).mean())
    edges = np.quantile(itr, np.linspace(0, 1, K + 1))
    edges[-1] += 1
    b_tr = np.searchsorted(edges, itr, side="right") - 1
    b_dv = np.clip(np.searchsorted(edges, idv, side="right") - 1, 0, K - 1)
    print(f"features in {time.time() - t0:.0f} s; folds from id {[int(e) for e in edges]}", flush=True)
    for spec in specs:
        C, scale, dev_w = spec["C"], spec.get("scale", T.STATIC_SCALE), spec.get("dev_w", T.DEV_WEIGHT)
        X, Xd = h_tr.tocsr(), h_dv.tocsr()
        if scale:
            X = hstack([h_tr, csr_matrix(s_tr * scale / norm)]).tocsr()
            Xd = hstack([h_dv, csr_matrix(s_dv * scale / norm)]).tocsr()
        st_scale = spec.get("states", T.STATE_SCALE if T.STATES else 0)
        if st_scale and S is not None:  # standardised on train, scaled to a mean norm of st_scale (as the trainer does)
            S_tr, S_dv = S[: len(ytr)], S[len(ytr) :]
            mu, sd = S_tr.mean(axis=0), S_tr.std(axis=0) + 1e-6
            f = st_scale / float(np.linalg.norm((S_tr - mu) / sd, axis=1).mean())
            X = hstack([X, csr_matrix((S_tr - mu) / sd * f)]).tocsr()
            Xd = hstack([Xd, csr_matrix((S_dv - mu) / sd * f)]).tocsr()
        z_tr, z_dv = np.zeros(len(ytr)), np.zeros(len(ydv))
        for k in range(K):
            a, da = b_tr != k, b_dv != k
            m = LogisticRegression(C=C, solver="liblinear", max_iter=2000, class_weight=spec.get("class_weight")).fit(
                vstack([X[a], Xd[da]]), np.concatenate([ytr[a], ydv[da]]), sample_weight=np.concatenate([np.ones(a.sum()), np.full(da.sum(), dev_w)]))
            z_tr[b_tr == k] = m.decision_function(X[b_tr == k])
            z_dv[b_dv == k] = m.decision_function(Xd[b_dv == k])
        z, y = np.concatenate([z_tr, z_dv]), np.concatenate([ytr, ydv])
        platt = LogisticRegression(C=1e6).fit(z.reshape(-1, 1), y, sample_weight=np.concatenate([np.ones(len(ytr)), np.full(len(ydv), dev_w)]))
        p = platt.predict_proba(z.reshape(-1, 1))[:, 1]
        p_tr, p_dv = p[: len(ytr)], p[len(ytr) :]
        t, pooled = T.best_threshold(list(ytr) + list(ydv) * int(dev_w), list(p_tr) + list(p_dv) * int(dev_w))
        print(json.dumps({**spec, "threshold": t, "pooled_f1": round(pooled, 4),
                          "train_f1": T.prf(list(ytr), [int(x >= t) for x in p_tr])["f1"],
                          "dev_f1": T.prf(list(ydv), [int(x >= t) for x in p_dv])["f1"], "seconds": round(time.time() - t0)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
