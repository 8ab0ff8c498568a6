"""Fit the check-worthiness pick head: the order of an article's sentences (``make train-checkworthy``).

    python -m presslens.training.checkworthy_pick          # writes src/presslens/models/checkworthy/pick.json

The debate model (:mod:`presslens.training.checkworthy`) gives each sentence its calibrated probability;
this head only orders an article's sentences (``rank``, the top-5 list, which sentences the top-share cap
lets be labelled). It is a logistic regression over :func:`presslens.annotate.claims.pick.pick_features`
(the debate logit, direct and reported quotation shares from the attribution layer, a quoted person, a named
source, verbs of fact, dates, position, length, the cues, reported opinion, modals, intentions, stance, feelings,
scene words, present-tense "says") plus a weight for each word (a "u=" feature) of at least
:data:`WORD_MIN_SENTENCES` training sentences, fitted on the hand-labelled news sentences of
``eval/gold/checkworthy_news_train.jsonl``, ``checkworthy_news_dev.jsonl`` (543 found in their analysed articles)
and, since issue 18's fifth round, ``checkworthy_news_picktrain.jsonl`` (672 sentences of 56 articles: each
article's 8 first picks and 4 others), all labelled by docs/checkworthy-guideline.md before any score was seen.
Each sentence's article runs through the pipeline up to ``claims`` (quotes, sources, numeric claims), as at run time.

- ``C`` from :data:`C_GRID` by average precision of 5-fold cross-validated predictions, folds by article (the
  word vocabulary of each fold from its training part); the meta keeps the figure on the first 543 sentences
  and on the pick gold apart.
- The news *test* gold (``checkworthy_news.jsonl``, 330) is scored once, after the fit, as a check
  (average precision and the precision of the top-scored quarter, against the debate score's own order;
  ``--no-test`` leaves it out); the 30 narrowing articles and their top-5 judgements choose nothing here.
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
from presslens.annotate.claims.states import pool

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


# what one sentence's pick features are computed from: (analysed text, start, end, debate probability, the set of
# its features, its quote overlap, a named source); kept apart from pick_features so that variants of the inputs
# can be compared without running the pipeline again
Ingredients = tuple[str, int, int, float, frozenset[str], tuple[float, float, bool], bool, Any]  # ..., pooled tagger states


def _article_states(text: str) -> Any:
    """The tagger states the check-worthiness annotator reads in the default pipeline: the techniques
    annotator's pass, completed with the sentences it skipped (``annotate/claims/states.py``, issue 18)."""
    from presslens.annotate.persuasion import PersuasionAnnotator
    from presslens.annotate.persuasion.encoders import tagger
    from presslens.annotate.persuasion.tagger import complete_states

    _, shared = PersuasionAnnotator()._detect(text)
    return complete_states(tagger(), text, shared)


def _ingredients(article: Any, s0: int, s1: int, model: Any, quotes: list[tuple[int, int, bool, bool]], whole: Any = None) -> Ingredients:
    claims = [c for c in article.annotations.get("numeric_claims", ()) if s0 <= c.start < s1]
    feats = features(article.text[s0:s1], any(c.confidence >= 0.5 for c in claims))
    states = pool(whole, [(s0, s1)]) if whole is not None else None  # the article's tagger states, as the pipeline reads them
    p = model.score_features([feats], [article.text[s0:s1]], states)[0]
    named = any(s0 <= x.start < s1 and x.kind != "vague" for x in article.annotations.get("sources", ()))
    return article.text, s0, s1, p, frozenset(feats), quote_overlap(s0, s1, quotes), named, (None if states is None else states[0])


def ingredients_of(gold_path: Path, log: Any = print) -> tuple[list[Ingredients], list[int], list[str]]:
    """(ingredients, label, article id) of each gold sentence of ``gold_path`` found in its analysed article.

    Two kinds of gold: the first news files hold offsets into the record's text (the pipeline's text is not always
    the raw corpus text: the sentence is looked up, spaces normalised); the pick head's training gold
    (``checkworthy_news_picktrain.jsonl``) holds offsets into the analysed text and the crc32 of the sentence."""
    import zlib

    import presslens

    ev = _eval_module()
    gold = ev.load_gold(gold_path)
    if gold_path == ev.NEWS_PICK_TRAIN:
        texts = {("allsides_bias", i): t for i, t in ev.pick_train_articles()}
    else:
        texts = ev.load_texts(gold)
    pipe = presslens.Pipeline(["claims"])
    model = load_model()
    done: dict[tuple[str, str], Any] = {}
    rows: list[Ingredients] = []
    y: list[int] = []
    groups: list[str] = []
    missing = 0
    for g in gold:
        key = (g["corpus"], g["id"])
        if key not in done:
            article = pipe(texts[key], format="text")
            whole = _article_states(article.text)  # the debate model and the pick head read the states
            done[key] = (article, quote_spans(list(article.annotations.get("quotes", ()))), whole)
        article, quotes, whole = done[key]
        if "crc32" in g:
            s0, s1 = g["start"], g["end"]
            if zlib.crc32(" ".join(article.text[s0:s1].split()).encode("utf-8")) != g["crc32"]:
                missing += 1
                continue
        else:
            sentence = texts[key][g["start"] : g["end"]]
            m = re.search(r"\s+".join(map(re.escape, sentence.split())), article.text)
            if m is None:
                missing += 1
                continue
            s0, s1 = m.span()
        rows.append(_ingredients(article, s0, s1, model, quotes, whole))
        y.append(int(g["label"]))
        groups.append(g["id"])
    log(f"{gold_path.name}: {len(y)} sentences ({sum(y)} check-worthy), {missing} not found in the analysed text")
    return rows, y, groups


def rows_of(gold_path: Path, log: Any = print) -> tuple[list[list[float]], list[int], list[float]]:
    """(pick features, label, debate score) of each gold sentence found in its analysed article."""
    ing, y, _ = ingredients_of(gold_path, log)
    return [pick_features(t, s0, s1, p, fs, q, nm) for t, s0, s1, p, fs, q, nm, _st in ing], y, [r[3] for r in ing]


def _precision_top_quarter(y: Any, s: Any) -> float:
    import numpy as np

    order = np.argsort(-np.asarray(s))[: len(y) // 4]
    return float(np.asarray(y)[order].mean())


WORD_MIN_SENTENCES = 3  # a word gets a weight when at least this many training sentences hold it
WORD_SCALE = 0.3  # the words' binary columns are scaled down against the dense inputs (a smaller word prior)


def _word_vocab(sets: list[frozenset[str]]) -> dict[str, int]:
    from collections import Counter

    df = Counter(f for fs in sets for f in fs if f.startswith("u="))
    return {f: k for k, f in enumerate(sorted(f for f, c in df.items() if c >= WORD_MIN_SENTENCES))}


STATE_SCALE = 2.0
"""The pooled tagger states' block, standardised on the training part, is scaled to this mean norm (session 9:
grouped CV AP 0.834 without states; scale 1 / 2 / 4: 0.844 / 0.845 / 0.842, two fold draws agreeing)."""


def _state_scaler(S: Any) -> tuple[Any, Any]:
    """(shift, factor) that map raw pooled states to the head's block: ``(S - shift) * factor``."""
    import numpy as np

    mu, sd = S.mean(axis=0), S.std(axis=0) + 1e-6
    k = STATE_SCALE / float(np.sqrt((((S - mu) / sd) ** 2).sum(axis=1)).mean())
    return mu, k / sd


def _design(X: Any, sets: list[frozenset[str]], vocab: dict[str, int], S: Any = None, scaler: tuple[Any, Any] | None = None) -> Any:
    """The dense pick features with the words' columns (scaled by :data:`WORD_SCALE`) and, given ``S`` and its
    ``scaler``, the standardised tagger-state block."""
    import numpy as np
    from scipy import sparse

    rows, cols = [], []
    for i, fs in enumerate(sets):
        for f in fs:
            k = vocab.get(f)
            if k is not None:
                rows.append(i)
                cols.append(k)
    W = sparse.csr_matrix((np.full(len(rows), WORD_SCALE), (rows, cols)), shape=(len(sets), len(vocab)))
    blocks = [sparse.csr_matrix(X), W]
    if S is not None and scaler is not None:
        blocks.append(sparse.csr_matrix((S - scaler[0]) * scaler[1]))
    return sparse.hstack(blocks).tocsr()


def _cv_scores(X: Any, sets: list[frozenset[str]], y: Any, groups: Any, C: float, S: Any = None) -> Any:
    """Out-of-fold decision values, 5 folds by article (a word vocabulary per fold, from its training part)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    s = np.zeros(len(y))
    for tr, te in StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED).split(X, y, groups):
        vocab = _word_vocab([sets[i] for i in tr])
        D = _design(X, sets, vocab, S, None if S is None else _state_scaler(S[tr]))
        s[te] = LogisticRegression(C=C, max_iter=5000).fit(D[tr], y[tr]).decision_function(D[te])
    return s


def train(out: Path = PICK_FILE, log: Any = print, test: bool = True) -> dict:
    """Fit the head on the news training gold (the first 543 training + dev sentences and the pick head's own
    672), choose ``C`` by cross-validated average precision (folds by article), write ``out``; with ``test``,
    score the news test gold once, after the fit."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    ev = _eval_module()
    parts = [ingredients_of(ev.NEWS_TRAIN, log), ingredients_of(ev.NEWS_DEV, log), ingredients_of(ev.NEWS_PICK_TRAIN, log)]
    ing = [r for p in parts for r in p[0]]
    y = np.asarray([v for p in parts for v in p[1]])
    groups = np.asarray([f"{k}:{gid}" for k, p in enumerate(parts) for gid in p[2]])
    first = np.asarray([k < 2 for k, p in enumerate(parts) for _ in p[1]])  # the first 543 news sentences
    X = np.asarray([pick_features(t, s0, s1, p, fs, q, nm) for t, s0, s1, p, fs, q, nm, _st in ing], dtype=float)
    sets = [r[4] for r in ing]
    S = np.vstack([r[7] for r in ing]).astype(np.float64)
    base_ap = average_precision_score(y, X[:, 0])
    log(f"  the debate score's own order: AP {base_ap:.3f} (first 543: {average_precision_score(y[first], X[first, 0]):.3f}), "
        f"precision of the top quarter {_precision_top_quarter(y, X[:, 0]):.3f}")
    best: tuple[float, float, dict] | None = None
    for C in C_GRID:
        s = _cv_scores(X, sets, y, groups, C, S)
        ap = float(average_precision_score(y, s))
        parts_ap = {"all": round(ap, 4), "first_543": round(float(average_precision_score(y[first], s[first])), 4),
                    "picktrain": round(float(average_precision_score(y[~first], s[~first])), 4),
                    "precision_top_quarter": round(_precision_top_quarter(y, s), 4)}
        log(f"  C={C}: cross-validated AP {ap:.3f} (first 543 {parts_ap['first_543']:.3f}, pick gold {parts_ap['picktrain']:.3f}), "
            f"precision of the top quarter {parts_ap['precision_top_quarter']:.3f}")
        if best is None or ap > best[1]:
            best = (C, ap, parts_ap)
    assert best is not None
    C, cv_ap, cv_parts = best
    vocab = _word_vocab(sets)
    scaler = _state_scaler(S)
    clf = LogisticRegression(C=C, max_iter=5000).fit(_design(X, sets, vocab, S, scaler), y)
    coef = [float(w) for w in clf.coef_[0]]
    nd = len(PICK_FEATURES)
    words = {f: coef[nd + k] * WORD_SCALE for f, k in vocab.items() if abs(coef[nd + k] * WORD_SCALE) >= 1e-4}
    # the state block folded into weights over the raw pooled states: w . ((s - shift) * factor)
    w_states = np.asarray(coef[nd + len(vocab):]) * scaler[1]
    intercept = float(clf.intercept_[0]) - float(w_states @ scaler[0])
    head = PickModel(coef[:nd], intercept, words=words, states=[float(v) for v in w_states])
    meta: dict[str, Any] = {
        "fitted_on": "eval/gold/checkworthy_news_train.jsonl + checkworthy_news_dev.jsonl + checkworthy_news_picktrain.jsonl "
                     "(sentences found in the analysed text)",
        "n": len(y), "positives": int(y.sum()), "C": C, "C_grid": list(C_GRID), "cv_folds": "5, by article", "seed": SEED,
        "word_min_sentences": WORD_MIN_SENTENCES, "word_scale": WORD_SCALE, "words": len(words), "state_scale": STATE_SCALE,
        "cv_ap": round(cv_ap, 4), "cv": cv_parts, "score_order_ap": round(float(base_ap), 4),
    }
    if test:
        ti, yt, _ = ingredients_of(ev.GOLD, log)  # the news test gold: a check after the fit, chooses nothing
        Xt = [pick_features(t, s0, s1, p, fs, q, nm) for t, s0, s1, p, fs, q, nm, _st in ti]
        st = head.score(Xt, [r[4] for r in ti], np.vstack([r[7] for r in ti]))
        meta["news_test"] = {"n": len(yt), "ap": round(float(average_precision_score(yt, st)), 4),
                             "precision_top_quarter": round(_precision_top_quarter(yt, st), 4),
                             "score_order_ap": round(float(average_precision_score(yt, [r[0] for r in Xt])), 4),
                             "score_order_precision_top_quarter": round(_precision_top_quarter(yt, [r[0] for r in Xt]), 4)}
        log(f"news test check: {json.dumps(meta['news_test'])}")
    head.meta = meta
    head.save(out)
    log(f"chosen C={C}; {len(words)} word weights")
    log("weights: " + ", ".join(f"{n} {w:+.2f}" for n, w in sorted(zip(PICK_FEATURES, head.coef, strict=True), key=lambda t: t[1])))
    log(f"wrote {out}")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=PICK_FILE)
    ap.add_argument("--no-test", action="store_true", help="do not score the news test gold (it is scored once, for the chosen fit)")
    args = ap.parse_args(argv)
    train(args.out, test=not args.no_test)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
