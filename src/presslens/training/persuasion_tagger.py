"""Fine-tune MiniLM as the persuasion token tagger on our PTC train part; tune on validation; export int8 ONNX.

    python -m presslens.training.persuasion_tagger              # part of make train-persuasion
    python -m presslens.training.persuasion_tagger --limit 12 --out-dir tagger-run   # a quick run

Consecutive sentences of a training article are packed into windows ([CLS] sentences [SEP], at
most ``--window`` = 126 wordpieces, cut at a random size between half the window and the window
each epoch; ``--window 0``: one sentence per example, as before) so that a sentence is read with
its neighbours; each wordpiece gets 15 targets: inside any gold span (SI) and, for wordpieces
inside spans only, one per technique (multi-label; PTC spans overlap). Loss: binary cross-entropy
of the SI output on all wordpieces plus that of the technique outputs on the wordpieces inside
spans (optionally weighted per technique, ``--tc-weight``; off). Each epoch sees every window
with a span and a fresh random half of the others.

Then the model is exported to ONNX, its MatMuls quantized to int8, and with the *int8* model on
the validation articles (each share's sentences encoded as the annotator would: with windows a
sentence's output depends on its encoded neighbours) we choose, for SI F1: the share of the article encoded (how many
sentences the default mode encodes), the blend of the tagger's and the linear tagger's token
probabilities, the threshold, whether the linear sentence spans are kept in encoded sentences,
whether runs are cut where the technique changes; and, for TC micro-F1, the weight of the
tagger's technique distribution against the linear (or accurate) classifier's. Last, the
technique head (``persuasion_tagger.TechniqueHead``: logistic regression over the int8 model's
last-layer states of a span and its sentence, the linear classifier's probabilities and the
tagger's technique distribution) is fitted on the train part's gold spans, its C chosen on
validation TC; a mode uses it when it beats that mode's mix on validation. Needs torch
(CPU wheel) and the linear artifact (``persuasion.npz``, trained first by the same make target).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from presslens.annotate.persuasion import (
    MODEL_DIR,
    TECHNIQUES,
    PersuasionModel,
    char_to_tokens,
    sentence_of,
    span_counts,
    span_features,
    tokenize,
    trim,
)
from presslens.annotate.persuasion.tagger import (
    HEAD_FILE,
    Encoded,
    SentenceEncoder,
    TechniqueHead,
    combined_spans,
    head_features,
    pick_sentences,
    technique_dist,
    to_tokens,
)
from presslens.metrics.propaganda import si_scores, tc_scores
from presslens.training.ptc import PTCArticle, load_articles, load_split

TECH_INDEX = {t: k for k, t in enumerate(TECHNIQUES)}
SHARES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)  # share of an article's wordpieces the tagger may encode
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55)
SPLITS = (0, 2, 3)  # cut tagger runs where the technique changes (pieces of at least N tokens); 0 = no
MIXES = (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0)
BLENDS = (0.75, 0.6, 0.5, 0.4)
WINDOW = 126  # wordpieces per packed chunk of consecutive sentences (0: one sentence per chunk; chosen on validation)
TC_WEIGHT = 0.0  # technique loss weights (share)^-TC_WEIGHT
SI_KEYS = ("share", "blend", "sentence_spans", "split", "threshold")  # the SI settings of a mode tuned by the grid
EXTENDS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45)  # grow long-technique runs to their sentence at this technique P (0 = never)
LONG_CHARS = 60  # a technique is "long" when its median gold span on our train part has at least this many characters
HEAD_CS = (0.003, 0.01, 0.03, 0.1)  # regularisation of the technique head (chosen on validation TC)


from presslens.training.tagger_train import article_chunks, epoch_examples, torch_logits_fn, train_tagger  # noqa: E402,F401  (re-exported)


def subset(enc: Encoded, doc, picked: list[int]) -> Encoded:
    keep = np.zeros(len(doc.words), dtype=bool)
    for k in picked:
        i, j = doc.sents[k]
        keep[i:j] = True
    return Encoded(np.where(keep, enc.p_si, np.nan), np.where(keep[:, None], enc.p_tech, np.nan), picked)


def prepare_validation(val_arts: dict, linear: PersuasionModel, logits_fn, window: int = 0) -> list[dict]:
    """Per validation article: doc, the tagger on every sentence, the linear model's outputs.

    With packed windows (``window``) a sentence's output depends on the sentences encoded with
    it, so the picked sentences of each share are encoded as the annotator would (``by_share``).
    """
    enc = SentenceEncoder()
    out = []
    for aid, art in val_arts.items():
        doc, full, gold, lin_tc = encode_gold(art, linear, logits_fn, window, enc)
        every = list(range(len(doc.sents)))
        p_tok, p_sent = linear.probabilities(doc)
        by_share = {}
        if window:
            for share in SHARES:
                picked = pick_sentences(doc, p_tok, p_sent, share)
                ch = enc.chunks(doc, picked, window)
                # logits only: SI tuning reads no states, and keeping them for every share costs ~0.5 GB
                by_share[share] = to_tokens(doc, ch, _run(logits_fn, ch)[0], picked) if len(picked) < len(every) else full
        out.append({"aid": aid, "art": art, "doc": doc, "full": full, "by_share": by_share, "p_tok": p_tok, "p_sent": p_sent, "gold": gold, "lin_tc": lin_tc})
    return out


def _run(logits_fn, chunks: list) -> tuple[list, list | None]:
    """(logits, last-layer states or None) from a function returning either logits or both (``OnnxTagger.run``)."""
    out = logits_fn(chunks)
    return out if isinstance(out, tuple) else (out, None)


def encode_gold(art: PTCArticle, linear: PersuasionModel, logits_fn, window: int, enc: SentenceEncoder) -> tuple:
    """(doc, every sentence encoded, gold spans as ((i, j), (technique, start, end)), the linear
    classifier's probabilities of those spans in ``TECHNIQUES`` order or None)."""
    doc = tokenize(art.text)
    every = list(range(len(doc.sents)))
    chunks = enc.chunks(doc, every, window)
    logits, hidden = _run(logits_fn, chunks)
    full = to_tokens(doc, chunks, logits, every, hidden)
    found = [(char_to_tokens(doc, s, e), (t, s, e)) for t, s, e in art.spans]
    gold = [(r, g) for r, g in found if r is not None]
    counts = span_counts(doc, [r for r, _ in gold])
    order = [linear.technique.classes.index(t) for t in TECHNIQUES]
    lin_tc = linear.technique.proba([span_features(doc, i, j, counts, sentence_of(doc, i)) for (i, j), _ in gold])[:, order] if gold else None
    return doc, full, gold, lin_tc


def head_examples(arts: dict[str, PTCArticle], linear: PersuasionModel, run_fn, window: int) -> tuple[Any, list[int]]:
    """Technique-head features and labels of the gold spans of ``arts`` (every sentence encoded)."""
    enc = SentenceEncoder()
    X, y = [], []
    for art in arts.values():
        doc, full, gold, lin = encode_gold(art, linear, run_fn, window, enc)
        if not gold or full.hidden is None:
            continue
        feats, ok = head_features(doc, full, [r for r, _ in gold], lin)
        X.append(feats[ok])
        y += [TECH_INDEX[t] for (_, (t, _, _)), good in zip(gold, ok, strict=True) if good]
    return (np.concatenate(X) if X else np.zeros((0, 0), dtype=np.float32)), y


def fit_head(train_arts: dict, val: list[dict], linear: PersuasionModel, run_fn, window: int, log=print) -> tuple[TechniqueHead | None, dict]:
    """The technique head fitted on the train part's gold spans, C chosen on validation TC.

    The linear probabilities of the train spans are in-sample (the linear classifier was fitted
    on the same articles), as are the tagger's states; out-of-fold linear probabilities (2 folds)
    were measured and gave a worse head on validation (docs/persuasion.md).
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    X, y = head_examples(train_arts, linear, run_fn, window)
    if not len(y) or len(set(y)) < 2:
        return None, {}
    mean = X.mean(axis=0)
    scale = np.maximum(X.std(axis=0), 1e-6)
    by_c, best = {}, None
    for C in HEAD_CS:
        with threadpool_limits(limits=1):  # the fit's sums then do not depend on the machine's core count
            clf = LogisticRegression(C=C, max_iter=3000).fit((X - mean) / scale, y)
        W = np.zeros((X.shape[1], len(TECHNIQUES)), dtype=np.float32)
        b = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)  # techniques absent from a small train part never win
        W[:, clf.classes_] = clf.coef_.T
        b[clf.classes_] = clf.intercept_
        head = TechniqueHead(mean.astype(np.float32), scale.astype(np.float32), W, b)
        by_c[C] = tc_for_head(val, head)
        log(f"  technique head C {C}: validation TC {by_c[C]:.4f}")
        if best is None or by_c[C] > by_c[best[0]]:
            best = (C, head)
    assert best is not None, "HEAD_CS is empty"
    return best[1], {"C": best[0], "tc_by_C": {str(k): round(v, 4) for k, v in by_c.items()}, "train_spans": len(y)}


def tc_for_head(val: list[dict], head: TechniqueHead, accurate: float | None = None) -> float:
    """TC micro-F1 of the head on the validation gold spans (spans without encoded tokens: the linear
    classifier); with ``accurate``, the head's probabilities weighted by it plus the accurate
    classifier's by 1 - it (spans without encoded tokens: the accurate classifier)."""
    pred, gold = [], []
    for v in val:
        if not v["gold"]:
            continue
        spans = [r for r, _ in v["gold"]]
        X, ok = head_features(v["doc"], v["full"], spans, v["lin_tc"])
        P = np.array(v["lin_tc"] if accurate is None else v["acc_tc"], dtype=np.float32)
        if ok.any():
            hp = head.proba(X[ok])
            P[ok] = hp if accurate is None else accurate * hp + (1 - accurate) * P[ok]
        for k, (_, (tech, s, e)) in enumerate(v["gold"]):
            pred.append((v["aid"], TECHNIQUES[int(np.argmax(P[k]))], s, e))
            gold.append((v["aid"], tech, s, e))
    return tc_scores(pred, gold).f1


def si_for(val: list[dict], linear: PersuasionModel, cfg: dict) -> dict:
    pred, gold = [], []
    for v in val:
        doc, art = v["doc"], v["art"]
        enc = v["by_share"].get(cfg["share"])
        if enc is None:
            enc = subset(v["full"], doc, pick_sentences(doc, v["p_tok"], v["p_sent"], cfg["share"]))
        for i, j, _, _ in combined_spans(doc, linear, v["p_tok"], v["p_sent"], enc, cfg):
            pred.append((v["aid"], *trim(art.text, doc.starts[i], doc.ends[j - 1])))
        gold += [(v["aid"], s, e) for _, s, e in art.spans]
    sc = si_scores(pred, gold)
    return {"si_precision": sc.precision, "si_recall": sc.recall, "si_f1": sc.f1, "predicted_spans": len(pred)}


def tc_for(val: list[dict], mix: float, base: str = "lin_tc") -> float:
    pred, gold = [], []
    for v in val:
        for k, ((i, j), (tech, s, e)) in enumerate(v["gold"]):
            p = v[base][k]
            d = technique_dist(v["full"], i, j)
            if d is not None:
                p = (1 - mix) * p + mix * d
            pred.append((v["aid"], TECHNIQUES[int(np.argmax(p))], s, e))
            gold.append((v["aid"], tech, s, e))
    return tc_scores(pred, gold).f1


def add_accurate_tc(val: list[dict], linear: PersuasionModel) -> None:
    """The accurate-mode (MiniLM span embedding) technique probabilities of the gold spans, TECHNIQUES order."""
    if linear.technique_emb is None:
        return
    order = [linear.technique_emb.classes.index(t) for t in TECHNIQUES]
    for v in val:
        v["acc_tc"] = linear.classify(v["doc"], [r for r, _ in v["gold"]], "accurate")[:, order] if v["gold"] else None


def long_techniques(arts: dict[str, PTCArticle]) -> list[str]:
    """Techniques whose median gold span has at least LONG_CHARS characters (whole clauses and sentences)."""
    lengths: dict[str, list[int]] = {t: [] for t in TECHNIQUES}
    for art in arts.values():
        for t, s, e in art.spans:
            lengths[t].append(e - s)
    return [t for t in TECHNIQUES if lengths[t] and float(np.median(lengths[t])) >= LONG_CHARS]


def tune(val: list[dict], linear: PersuasionModel, log=print, long: list[str] | None = None) -> dict:
    """SI settings per share (threshold, blend with the linear tagger, linear sentence spans, growing
    long-technique runs to their sentence) and the technique mixes."""
    results = []
    for share in SHARES:
        best: dict[str, Any] | None = None
        for blend in BLENDS:
            for sentence_spans in (False, True):
                for split in SPLITS:
                    for th in THRESHOLDS:
                        cfg = {"share": share, "blend": blend, "sentence_spans": sentence_spans, "split": split, "threshold": th}
                        sc = si_for(val, linear, cfg)
                        if best is None or sc["si_f1"] > best["si_f1"]:
                            best = {**sc, **cfg}
        assert best is not None, "the SI grid is empty"
        best = {**best, "extend": 0.0, "long_techniques": list(long or [])}
        for ext in EXTENDS if long else ():
            cfg = {k: best[k] for k in SI_KEYS} | {"extend": ext, "long_techniques": list(long or [])}
            sc = si_for(val, linear, cfg)
            if sc["si_f1"] > best["si_f1"]:
                best = {**sc, **cfg}
        log(f"  share {share}: blend {best['blend']} sentence_spans {best['sentence_spans']} split {best['split']} threshold {best['threshold']} "
            f"extend {best['extend']} SI P {best['si_precision']:.4f} R {best['si_recall']:.4f} F1 {best['si_f1']:.4f}")
        results.append(best)
    tc = {"linear": {mix: tc_for(val, mix) for mix in MIXES}}
    if val and "acc_tc" in val[0]:
        tc["accurate"] = {mix: tc_for(val, mix, "acc_tc") for mix in MIXES}
    for base, row in tc.items():
        log(f"  TC ({base} + tagger) by mix: " + ", ".join(f"{m}: {f:.4f}" for m, f in row.items()))
    return {"si": results, "tc": tc}


# ---------------------------------------------------------------------------
SHARE_SLACK = 0.003  # SI F1 the default mode may give up for encoding a smaller share of the article


def tune_and_write(
    out_dir: Path,
    linear: PersuasionModel,
    val_arts: dict,
    threads: int,
    extra: dict,
    t0: float,
    window: int = 0,
    long: list[str] | None = None,
    train_arts: dict | None = None,
) -> dict:
    """Tune the modes on validation with the int8 model in ``out_dir`` and write ``tagger.json``."""
    from presslens.annotate.persuasion.tagger import OnnxTagger

    onnx_path = out_dir / "tagger.onnx"
    tagger = OnnxTagger(onnx_path, out_dir / "no-config.json", threads=threads)
    val = prepare_validation(val_arts, linear, tagger.run, window)
    add_accurate_tc(val, linear)
    print(f"validation encoded with the int8 model ({time.time() - t0:.0f}s)", flush=True)
    tuned = tune(val, linear, long=long)
    # every sentence (share 1) for tagger-accurate; for the default mode the smallest share within
    # SHARE_SLACK of the best SI F1 (cheaper, and steadier under load)
    pick = tuned["si"][0]
    top = max(r["si_f1"] for r in tuned["si"])
    budgeted = min((r for r in tuned["si"] if r["si_f1"] >= top - SHARE_SLACK), key=lambda r: r["share"])
    mix_lin = max(tuned["tc"]["linear"], key=tuned["tc"]["linear"].get)
    acc = tuned["tc"].get("accurate")
    mix_acc = max(acc, key=acc.get) if acc else None

    head, head_info = fit_head(train_arts, val, linear, tagger.run, window) if train_arts else (None, {})
    head_path = out_dir / HEAD_FILE
    if head is not None:
        head.save(head_path)
        print(f"technique head: C {head_info['C']}, validation TC {head_info['tc_by_C'][str(head_info['C'])]} ({time.time() - t0:.0f}s)", flush=True)
    elif head_path.exists():
        head_path.unlink()  # a head of an earlier tagger reads other states
    head_tc = max(head_info["tc_by_C"].values()) if head_info else -1.0
    # the head mixed with the accurate classifier (tagger-accurate): weight of the head on validation TC
    head_acc = {m: tc_for_head(val, head, m) for m in MIXES if 0 < m < 1} if head is not None and acc else {}
    if head_acc:
        print("  TC (head + accurate) by head weight: " + ", ".join(f"{m}: {f:.4f}" for m, f in head_acc.items()), flush=True)

    def technique(base: str, mix: float, tc: float | None, with_accurate: bool = False) -> tuple[dict, float]:
        """The mode's technique settings and their validation TC: the best of the base classifier
        mixed with the tagger's distribution, the head, and (``with_accurate``) the head mixed with
        the accurate classifier."""
        options: list[tuple[float, dict[str, Any]]] = [(tc or 0.0, {"technique_base": base, "technique_mix": mix}), (head_tc, {"technique_base": "head", "technique_mix": mix})]
        if with_accurate and head_acc:
            m = max(head_acc, key=head_acc.__getitem__)
            options.append((head_acc[m], {"technique_base": "head+accurate", "technique_mix": mix, "head_mix": m}))
        best = max(options, key=lambda o: o[0])  # ties keep the earlier (simpler) option
        return best[1], best[0]

    tech_tagger, tc_tagger = technique("linear", mix_lin, tuned["tc"]["linear"][mix_lin])
    if acc and mix_acc is not None:
        tech_acc, tc_acc = technique("accurate", mix_acc, acc[mix_acc], with_accurate=True)
    else:
        tech_acc, tc_acc = tech_tagger, tc_tagger

    def rnd(d: dict) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items() if k != "long_techniques"}

    keys = (*SI_KEYS, "extend", "long_techniques")
    config = {
        "about": "presslens persuasion token tagger: all-MiniLM-L6-v2 truncated and fine-tuned on our PTC train part (docs/persuasion.md)",
        **extra,
        "window": window,
        "outputs": ["SI", *TECHNIQUES],
        "modes": {
            "tagger": {**{k: budgeted[k] for k in keys}, **tech_tagger},
            "tagger-accurate": {**{k: pick[k] for k in keys}, **tech_acc},
        },
        "technique_head": {"file": HEAD_FILE, "features": "mean and max of the span's last-layer states, mean over its sentence, log linear probabilities, tagger technique distribution, log words, sentence cover", **head_info} if head is not None else None,
        "trained_on": "PTC (SemEval-2020 Task 11) train split, our train part (eval/splits/ptc-split.json)",
        "validation_articles": len(val_arts),
        "validation": {
            "tagger": {**rnd(budgeted), "tc_micro_f1": round(tc_tagger, 4)},
            "tagger-accurate": {**rnd(pick), "tc_micro_f1": round(tc_acc, 4)},
            "tc_by_mix": {base: {str(k): round(v, 4) for k, v in row.items()} for base, row in tuned["tc"].items()},
            "tc_head_accurate_by_head_weight": {str(k): round(v, 4) for k, v in head_acc.items()},
            "si_by_share": [rnd(r) for r in tuned["si"]],
        },
        "total_seconds": round(time.time() - t0, 1),
    }
    (out_dir / "tagger.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    print("tagger mode", json.dumps(config["validation"]["tagger"]), flush=True)
    print("tagger-accurate mode", json.dumps(config["validation"]["tagger-accurate"]), flush=True)
    return config


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="train on the first N train articles only (smoke runs)")
    ap.add_argument("--out-dir", type=Path, default=MODEL_DIR)
    ap.add_argument("--linear", type=Path, default=MODEL_DIR / "persuasion.npz", help="the linear artifact (candidate sentences, TC mix)")
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--neg-keep", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--val-limit", type=int, default=None)
    ap.add_argument("--window", type=int, default=WINDOW, help="pack consecutive sentences into chunks of at most this many wordpieces (0: one sentence per chunk)")
    ap.add_argument("--tc-weight", type=float, default=TC_WEIGHT, help="technique loss weights (share of span wordpieces)^-x; 0 = equal")
    ap.add_argument("--tune-only", action="store_true", help="re-tune the modes of the tagger.onnx already in --out-dir")
    a = ap.parse_args(argv)

    t0 = time.time()
    split = load_split()
    train_ids = split["train"][: a.limit] if a.limit else split["train"]
    val_ids = split["validation"][: a.val_limit or (max(4, a.limit // 4) if a.limit else None)]
    val_arts = load_articles(ids=set(val_ids))
    linear = PersuasionModel.load(a.linear)
    a.out_dir.mkdir(parents=True, exist_ok=True)
    cfg_path = a.out_dir / "tagger.json"
    if a.tune_only:
        old = json.loads(cfg_path.read_text(encoding="utf-8"))
        extra = {k: old[k] for k in ("layers", "train_articles", "hyperparameters", "train_seconds") if k in old}
        a.window = int(old.get("window", 0))
    else:
        import torch

        from presslens.training.encoder import export_onnx

        torch.set_num_threads(a.threads)
        train_arts = load_articles(ids=set(train_ids))
        model = train_tagger(train_arts, a.layers, a.epochs, a.lr, a.batch_size, a.neg_keep, a.seed, a.device, window=a.window, tc_weight=a.tc_weight)
        train_s = time.time() - t0
        print(f"trained in {train_s:.0f}s", flush=True)
        export_onnx(model.to("cpu"), a.out_dir / "tagger.onnx")
        extra = {
            "layers": a.layers,
            "train_articles": len(train_arts),
            "hyperparameters": {"epochs": a.epochs, "lr": a.lr, "batch_size": a.batch_size, "neg_keep": a.neg_keep, "seed": a.seed, "window": a.window, "tc_weight": a.tc_weight},
            "train_seconds": round(train_s, 1),
        }
    train_for_head = load_articles(ids=set(train_ids))
    long = long_techniques(train_for_head)
    tune_and_write(a.out_dir, linear, val_arts, a.threads, extra, t0, a.window, long, train_for_head)
    size = (a.out_dir / "tagger.onnx").stat().st_size / 1e6
    print(f"wrote {a.out_dir / 'tagger.onnx'} ({size:.1f} MB) and {cfg_path} in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
