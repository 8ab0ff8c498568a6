"""The ScrapingHub article-extraction metric, re-implemented from its definition.

As defined in ``shared/data/extraction/scrapinghub/README.md``:

- text is tokenised with ``\\w+`` (Unicode, case-sensitive);
- texts are compared as multisets of token 4-gram shingles; a text of 1-3
  tokens gives one shingle (the whole token tuple), an empty text none;
- per document, TP/FP/FN are normalised to sum to 1 (so long texts do not
  weigh more);
- precision is the mean per-document precision over documents with a
  non-empty prediction, recall the mean per-document recall over documents
  with a non-empty gold text, F1 the harmonic mean of those two means;
- accuracy is the share of documents whose token sequence equals the gold's;
- the +/- values are the standard deviation over 1000 bootstrap resamples of
  documents.

Pure Python (no numpy), deterministic (fixed bootstrap seed).
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

TOKEN_RE = re.compile(r"\w+")
N = 4

Triple = tuple[float, float, float]


def tokenize(text: str | None) -> list[str]:
    return TOKEN_RE.findall(text or "")


def shingles(tokens: list[str], n: int = N) -> Counter:
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def tp_fp_fn(gold: str | None, pred: str | None) -> Triple:
    """Normalised (TP, FP, FN) of one document."""
    g, p = shingles(tokenize(gold)), shingles(tokenize(pred))
    tp = fp = fn = 0
    for key in g.keys() | p.keys():
        gc, pc = g.get(key, 0), p.get(key, 0)
        tp += min(gc, pc)
        fp += max(0, pc - gc)
        fn += max(0, gc - pc)
    s = tp + fp + fn
    if s == 0:
        return (0.0, 0.0, 0.0)
    return (tp / s, fp / s, fn / s)


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def metrics(triples: list[Triple], exact: list[bool]) -> dict[str, float]:
    precision = _mean([tp / (tp + fp) for tp, fp, _ in triples if tp + fp > 0])
    recall = _mean([tp / (tp + fn) for tp, _, fn in triples if tp + fn > 0])
    if math.isnan(precision) or math.isnan(recall) or precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": _mean([float(e) for e in exact])}


def _std(xs: list[float]) -> float:
    m = _mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def evaluate(gold: Mapping[str, str], pred: Mapping[str, str | None], n_bootstrap: int = 1000, seed: int = 0) -> dict:
    """Score predictions against gold (both keyed by document id; a missing prediction is empty).

    Returns ``{"f1", "precision", "recall", "accuracy"}`` on the full set, each
    with a ``_std`` companion from the bootstrap, plus ``n`` and ``empty`` (how
    many predictions were empty).
    """
    keys = sorted(gold)
    triples = [tp_fp_fn(gold[k], pred.get(k)) for k in keys]
    exact = [tokenize(gold[k]) == tokenize(pred.get(k)) for k in keys]
    out: dict = metrics(triples, exact)
    rng = random.Random(seed)
    n = len(keys)
    samples: dict[str, list[float]] = {k: [] for k in out}
    for _ in range(n_bootstrap):
        idx = [rng.randrange(n) for _ in range(n)]
        m = metrics([triples[i] for i in idx], [exact[i] for i in idx])
        for k, v in m.items():
            samples[k].append(v)
    for k in list(out):
        out[f"{k}_std"] = _std([v for v in samples[k] if not math.isnan(v)])
    out["n"] = n
    out["empty"] = sum(1 for k in keys if not tokenize(pred.get(k)))
    return out


def per_doc_f1(gold: str, pred: str | None) -> float:
    tp, fp, fn = tp_fp_fn(gold, pred)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# ---------------------------------------------------------------------------
# the data set
# ---------------------------------------------------------------------------
def dataset_dir(shared: str | Path) -> Path:
    return Path(shared) / "data" / "extraction" / "scrapinghub"


def load_dataset(shared: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """(html by id, gold article body by id), ids sorted."""
    d = dataset_dir(shared)
    truth = json.loads((d / "ground-truth.json").read_text(encoding="utf-8"))
    html: dict[str, str] = {}
    gold: dict[str, str] = {}
    for key in sorted(truth):
        raw = gzip.decompress((d / "html" / f"{key}.html.gz").read_bytes())
        html[key] = raw.decode("utf-8", errors="replace")
        gold[key] = truth[key].get("articleBody") or ""
    return html, gold


def fmt_row(name: str, m: Mapping[str, float], extra: Iterable[str] = ()) -> str:
    cells = [f"{name:<34}"]
    for k in ("f1", "precision", "recall", "accuracy"):
        cells.append(f"{m[k]:.3f} ±{m[k + '_std']:.3f}")
    cells.extend(extra)
    return "  ".join(cells)


HEADER = f"{'extractor':<34}  {'F1':<12}  {'precision':<12}  {'recall':<12}  {'accuracy':<12}"
