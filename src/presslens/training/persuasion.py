"""Train the persuasion-technique models on our train part of PTC; tune on our validation part.

    python -m presslens.training.persuasion            # = make train-persuasion
    python -m presslens.training.persuasion --limit 20 --out p.npz   # a quick run on a subset

Needs scikit-learn (the ``train`` extra). Writes ``src/presslens/models/persuasion/persuasion.npz``
and prints the validation scores (SI F1, TC micro-F1) with the thresholds chosen on validation.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from presslens.annotate.persuasion import (
    MODEL_FILE,
    TECHNIQUES,
    Doc,
    LinearModel,
    PersuasionModel,
    char_to_tokens,
    sentence_features,
    sentence_of,
    span_counts,
    span_features,
    token_features,
    tokenize,
    trim,
)
from presslens.metrics.propaganda import merge_spans, si_scores, tc_scores
from presslens.training.ptc import PTCArticle, load_articles, load_split

SENTENCE_COVER = 0.5  # a sentence is a positive "sentence span" when gold spans cover this share of it


# ---------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------
def token_labels(doc: Doc, spans: list[tuple[str, int, int]]) -> list[int]:
    y = [0] * len(doc.words)
    for _, s, e in spans:
        r = char_to_tokens(doc, s, e)
        if r:
            for t in range(*r):
                y[t] = 1
    return y


def sentence_labels(doc: Doc, spans: list[tuple[str, int, int]]) -> list[int]:
    merged = merge_spans((s, e) for _, s, e in spans)
    y = []
    for i, j in doc.sents:
        a, b = trim(doc.text, doc.starts[i], doc.ends[j - 1])
        covered = sum(max(0, min(b, e) - max(a, s)) for s, e in merged)
        y.append(int(b > a and covered / (b - a) >= SENTENCE_COVER))
    return y


def range_text(doc: Doc, i: int, j: int) -> str:
    """The text of tokens [i, j) as the annotator sees it (trimmed like PTC spans)."""
    return doc.text[slice(*trim(doc.text, doc.starts[i], doc.ends[j - 1]))]


def tc_examples(doc: Doc, spans: list[tuple[str, int, int]]) -> tuple[list[list[str]], list[str], list[tuple[int, int]]]:
    ranges, labels = [], []
    for tech, s, e in spans:
        r = char_to_tokens(doc, s, e)
        if r:
            ranges.append(r)
            labels.append(tech)
    counts = span_counts(doc, ranges)
    rows = [span_features(doc, i, j, counts, sentence_of(doc, i)) for i, j in ranges]
    return rows, labels, ranges


# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------
def vectorize(rows: list[list[str]], vocab: dict[str, int] | None = None, min_count: int = 2):
    import numpy as np
    from scipy.sparse import csr_matrix

    if vocab is None:
        counts = Counter(f for feats in rows for f in set(feats))
        vocab = {f: k for k, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    indptr, indices = [0], []
    for feats in rows:
        ks = sorted({vocab[f] for f in feats if f in vocab})
        indices.extend(ks)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab))), vocab


def fit(
    rows: list[list[str]], labels: list, C: float, min_count: int = 2, class_weight=None, prune: float = 1e-3, dense=None, dense_scale: float = 1.0
) -> LinearModel:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    X, vocab = vectorize(rows, min_count=min_count)
    if dense is not None:
        X = hstack([X, csr_matrix(np.asarray(dense, dtype=np.float32) * dense_scale)]).tocsr()
    clf = LogisticRegression(C=C, max_iter=3000, class_weight=class_weight)
    clf.fit(X, labels)
    W = clf.coef_.T.astype(np.float32)  # (n_features [+ n_dense], n_outputs)
    Wd = None
    if dense is not None:
        Wd = W[len(vocab) :]
        W = W[: len(vocab)]
    keep = np.abs(W).max(axis=1) > prune
    names = sorted(vocab, key=vocab.get)
    names = [f for f, k in zip(names, keep, strict=True) if k]
    classes = [str(c) for c in clf.classes_]
    return LinearModel(names, W[keep], clf.intercept_.astype(np.float32), classes, Wd, dense_scale)


# ---------------------------------------------------------------------------
# Evaluation on articles
# ---------------------------------------------------------------------------
def evaluate(model: PersuasionModel, articles: dict[str, PTCArticle], token_threshold=None, sentence_threshold=None, mode: str = "fast", cues: bool = True) -> dict:
    """SI scores of the model's spans, TC micro-F1 on the gold spans of ``articles`` (TC in ``mode``), and FLC.

    FLC (span and technique, SemEval-2019 "fragment-level classification"): the SI scorer applied
    per technique (a predicted span earns credit only for gold characters of its own technique),
    pooled over techniques. It is computed on the annotator's output (``annotate``) unless
    thresholds are given (then SI only comes from ``spans``). ``cues``: the annotator's guideline
    cues are part of its output (``persuasion_cues``); False scores the models alone.
    """
    pred_si, gold_si, pred_tc, gold_tc, pred_flc, gold_flc = [], [], [], [], [], []
    for aid, art in articles.items():
        doc = tokenize(art.text)
        if token_threshold is None and sentence_threshold is None:
            for s, e, tech, _, _ in model.annotate(art.text, mode, cues=cues):
                pred_si.append((aid, s, e))
                pred_flc.append((f"{aid}\t{tech}", s, e))
        else:
            for i, j, _, _ in model.spans(doc, token_threshold, sentence_threshold, mode=mode):
                s, e = trim(art.text, doc.starts[i], doc.ends[j - 1])
                pred_si.append((aid, s, e))
        for tech, s, e in art.spans:
            gold_si.append((aid, s, e))
            gold_tc.append((aid, tech, s, e))
            gold_flc.append((f"{aid}\t{tech}", s, e))
        ranges = [char_to_tokens(doc, s, e) for _, s, e in art.spans]
        ok = [(r, sp) for r, sp in zip(ranges, art.spans, strict=True) if r]
        if ok:
            probs = model.classify(doc, [r for r, _ in ok], mode)
            for row, (_, (_, s, e)) in zip(probs, ok, strict=True):
                pred_tc.append((aid, model.technique.classes[int(row.argmax())], s, e))
    si = si_scores(pred_si, gold_si)
    tc = tc_scores(pred_tc, gold_tc)
    by_technique = {}
    for tech in TECHNIQUES:  # TC per technique: the micro scores restricted to one label
        g = [x for x in gold_tc if x[1] == tech]
        sc = tc_scores([x for x in pred_tc if x[1] == tech], g)
        by_technique[tech] = {"precision": sc.precision, "recall": sc.recall, "f1": sc.f1, "gold": len(g)}
    out = {
        "si_precision": si.precision,
        "si_recall": si.recall,
        "si_f1": si.f1,
        "tc_micro_f1": tc.f1,
        "tc_by_technique": by_technique,
        "mode": mode,
        "cues": cues,
        "articles": len(articles),
        "gold_spans": len(gold_tc),
        "predicted_spans": len(pred_si),
    }
    if pred_flc:
        flc = si_scores(pred_flc, gold_flc)
        out.update({"flc_precision": flc.precision, "flc_recall": flc.recall, "flc_f1": flc.f1})
    return out


def tune_thresholds(model: PersuasionModel, articles: dict[str, PTCArticle]) -> tuple[float, float, float]:
    """Grid search of the two SI thresholds for SI F1 on ``articles`` (the validation part)."""
    docs = [(aid, art, tokenize(art.text)) for aid, art in articles.items()]
    probs = [model.probabilities(doc) for _, _, doc in docs]
    gold = [(aid, s, e) for aid, art, _ in docs for _, s, e in art.spans]
    best = (0.0, model.token_threshold, model.sentence_threshold)
    for tt in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        for st in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 1.01):
            pred = []
            for (aid, art, doc), (p_tok, p_sent) in zip(docs, probs, strict=True):
                for i, j, _, _ in model.decode(doc, p_tok, p_sent, tt, st):
                    s, e = trim(art.text, doc.starts[i], doc.ends[j - 1])
                    pred.append((aid, s, e))
            f = si_scores(pred, gold).f1
            if f > best[0]:
                best = (f, tt, st)
    return best


# ---------------------------------------------------------------------------
EMB_SCALE = 2.0  # weight of the span embedding beside the sparse features (chosen on validation)
C_EMB = 1.0


def train(
    limit: int | None = None, out: Path = MODEL_FILE, C_tok: float = 0.25, C_sent: float = 0.3, C_tc: float = 2.0, quiet: bool = False, embed: bool = True
) -> dict:
    t0 = time.time()
    split = load_split()
    train_ids = split["train"][:limit] if limit else split["train"]
    val_ids = split["validation"][: max(4, limit // 4)] if limit else split["validation"]
    train_arts = load_articles(ids=set(train_ids))
    val_arts = load_articles(ids=set(val_ids))

    log = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    docs = [(art, tokenize(art.text)) for art in train_arts.values()]
    per_sent_rows = [[sentence_features(doc, i, j) for i, j in doc.sents] for _, doc in docs]
    per_sent_y = [sentence_labels(doc, art.spans) for art, doc in docs]
    sent_rows = [r for rows in per_sent_rows for r in rows]
    sent_y = [y for ys in per_sent_y for y in ys]
    sentence = fit(sent_rows, sent_y, C=C_sent, min_count=2)
    log(f"sentence model: {len(sentence.index)} features ({time.time() - t0:.0f}s)")
    # stacking: the tagger sees out-of-fold sentence probabilities (2 folds by article)
    oof: list = [None] * len(docs)
    for fold in range(2):
        part = [k for k in range(len(docs)) if k % 2 != fold]
        m = fit([r for k in part for r in per_sent_rows[k]], [y for k in part for y in per_sent_y[k]], C=C_sent, min_count=2)
        for k in range(fold, len(docs), 2):
            oof[k] = m.proba(per_sent_rows[k]) if per_sent_rows[k] else []

    tok_rows, tok_y, tc_rows, tc_y, tc_texts = [], [], [], [], []
    for (art, doc), p_sent in zip(docs, oof, strict=True):
        tok_rows += token_features(doc, p_sent)
        tok_y += token_labels(doc, art.spans)
        r, y, ranges = tc_examples(doc, art.spans)
        tc_rows += r
        tc_y += y
        tc_texts += [range_text(doc, i, j) for i, j in ranges]
    log(f"examples: {len(tok_rows)} tokens ({sum(tok_y)} positive), {len(sent_rows)} sentences ({sum(sent_y)} positive), {len(tc_rows)} TC spans")

    tagger = fit(tok_rows, tok_y, C=C_tok, min_count=2)
    log(f"tagger: {len(tagger.index)} features ({time.time() - t0:.0f}s)")
    technique = fit(tc_rows, tc_y, C=C_tc, min_count=1)
    log(f"technique classifier: {len(technique.index)} features, {len(technique.classes)} classes ({time.time() - t0:.0f}s)")

    technique_emb = None
    if embed:
        from presslens.annotate.persuasion import encoder

        dense = encoder(threads=2).encode(tc_texts)
        log(f"embedded {len(tc_texts)} training spans ({time.time() - t0:.0f}s)")
        technique_emb = fit(tc_rows, tc_y, C=C_EMB, min_count=1, dense=dense, dense_scale=EMB_SCALE)
        log(f"accurate technique classifier: {len(technique_emb.index)} features + 384 dense ({time.time() - t0:.0f}s)")

    model = PersuasionModel(tagger, sentence, technique, 0.35, 0.5, {"stacked": True}, technique_emb)
    f, tt, st = tune_thresholds(model, val_arts)
    model.token_threshold, model.sentence_threshold = tt, st
    scores = evaluate(model, val_arts)
    accurate = evaluate(model, val_arts, mode="accurate") if technique_emb is not None else None
    model.meta = {
        "stacked": True,
        "trained_on": "PTC (SemEval-2020 Task 11) train split, our train part (eval/splits/ptc-split.json)",
        "train_articles": len(train_arts),
        "validation_articles": len(val_arts),
        "split_seed": split["seed"],
        "hyperparameters": {
            "C_token": C_tok,
            "C_sentence": C_sent,
            "C_technique": C_tc,
            "sentence_cover": SENTENCE_COVER,
            "C_technique_accurate": C_EMB,
            "embedding_scale": EMB_SCALE,
        },
        "thresholds": {"token": tt, "sentence": st},
        "validation": {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()},
        "validation_accurate": {k: round(v, 4) if isinstance(v, float) else v for k, v in accurate.items()} if accurate else None,
        "techniques": list(TECHNIQUES),
        "train_seconds": round(time.time() - t0, 1),
    }
    model.save(out)
    log(json.dumps(model.meta["validation"]))
    if accurate:
        log(json.dumps(model.meta["validation_accurate"]))
    log(f"thresholds token={tt} sentence={st}; wrote {out} ({out.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s")
    return model.meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="train on the first N train articles only (smoke runs)")
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--C-token", type=float, default=0.25)
    ap.add_argument("--C-sentence", type=float, default=0.3)
    ap.add_argument("--C-technique", type=float, default=2.0)
    ap.add_argument("--no-embed", action="store_true", help="skip the accurate-mode (MiniLM) technique classifier")
    a = ap.parse_args(argv)
    train(a.limit, a.out, a.C_token, a.C_sentence, a.C_technique, embed=not a.no_embed)


if __name__ == "__main__":
    main()
