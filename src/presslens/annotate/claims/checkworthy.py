"""Check-worthiness (issue 4, part 3): how much a fact-checker would want to check each sentence.

A score in [0, 1] per sentence of the body from a small linear model (logistic regression,
``make train-checkworthy``; see ``src/presslens/models/checkworthy/MODEL_CARD.md``) trained on
the CheckThat! 2024 English debate sentences. Features are hashed strings (no vocabulary and no
sentence of the corpus is stored): lower-cased words and word pairs (digits folded to ``0``),
plus cues a fact-checker looks for: a quantity (the numeric-claims finder), percentages and money,
comparisons ("more than", "highest", "doubled"), named sources ("according to", "said",
"report"), capitalised names, and the marks of what is not checkable: questions, first-person
opinion ("I think"), predictions ("will"), and length.

Inference needs numpy only (and ``zlib.crc32`` for the hashing): the artifact is one float16
weight vector, a bias and a threshold.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.annotate.claims.numbers import find_quantities
from presslens.components import Context, component, producer
from presslens.records import Article, CheckWorthiness

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "checkworthy"
MODEL_FILE = MODEL_DIR / "checkworthy.npz"
REPORT_TOP = 5




# ---------------------------------------------------------------------------
# Features (the same code prepares training sentences and article sentences).
# ---------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*|[%$£€?]")
_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|half|third|quarter|dozen|dozens)\b", re.I)
_CMP = frozenset("more less fewer than most least highest lowest largest smallest biggest record doubled tripled halved increase increased decrease decreased rose risen fell fallen dropped grew grown decline declined cut raised lower higher percent times since compared average rate".split())
_SRC = frozenset("said says reported report study survey data figures statistics census analysis estimate estimates poll official officials department agency bureau ministry researchers scientists".split())
_OPINION_VERBS = frozenset("think believe feel hope guess want wish love like".split())
_OPINION = frozenset("should must ought great terrible wonderful horrible shame disgrace".split())
_FUTURE = frozenset("will would could might may gonna".split())
_CAPS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_MONEY = re.compile(r"[$£€]\s?\d|\b\d[\d,.]*\s*(?:dollars|euros|pounds|billion|million|trillion)\b", re.I)
_DIGITS = re.compile(r"\d")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for k, e in enumerate(edges):
        if n <= e:
            return str(k)
    return str(len(edges))


def features(sentence: str, has_quantity: bool | None = None) -> list[str]:
    """Feature strings of one sentence. ``has_quantity``: whether the numeric-claims finder found
    a quantity in it (computed here when not given)."""
    raw = _TOKEN.findall(sentence)
    words = [_DIGITS.sub("0", w.lower().replace("’", "'")) for w in raw]
    feats = ["bias"]
    feats += ["u=" + w for w in words]
    feats += ["b=" + a + "|" + b for a, b in zip(words, words[1:], strict=False)]
    if words:
        feats.append("first=" + words[0])
    if has_quantity is None:
        has_quantity = bool(_NUMBERISH.search(sentence)) and bool(find_quantities(sentence))
    n_words = sum(1 for w in words if w[:1].isalpha())
    feats.append("len=" + _bucket(n_words, (4, 8, 12, 18, 25, 35, 50)))
    vocab = set(words)
    pairs = set(zip(words, words[1:], strict=False))
    money = ("$" in sentence or "£" in sentence or "€" in sentence or has_quantity) and bool(_MONEY.search(sentence))
    cues = {
        "quantity": has_quantity,
        "digit": bool(_DIGITS.search(sentence)),
        "pct": "%" in vocab or "percent" in vocab or ("per", "cent") in pairs or "percentage" in vocab,
        "money": money,
        "cmp": not _CMP.isdisjoint(vocab),
        "src": not _SRC.isdisjoint(vocab) or ("according", "to") in pairs,
        "opinion": not _OPINION.isdisjoint(vocab) or any(a in ("i", "we") and b in _OPINION_VERBS for a, b in pairs)
        or ("my", "opinion") in pairs or ("my", "view") in pairs,
        "future": not _FUTURE.isdisjoint(vocab) or ("going", "to") in pairs,
        "question": sentence.rstrip().rstrip("\"'”’)").endswith("?"),
    }
    for k, v in cues.items():
        if v:
            feats.append("cue=" + k)
    if has_quantity and cues["cmp"]:
        feats.append("cue=quantity+cmp")
    if has_quantity and cues["src"]:
        feats.append("cue=quantity+src")
    feats.append("caps=" + _bucket(len(_CAPS.findall(sentence)), (0, 1, 3, 6)))
    return feats


def hash_features(feats: list[str], dim: int) -> list[int]:
    """Bucket indices of the feature strings (crc32 modulo ``dim``, duplicates removed)."""
    mask = dim - 1
    return sorted({zlib.crc32(f.encode("utf-8")) & mask for f in feats})


class CheckworthyModel:
    """Hashed-feature logistic regression: P = sigmoid(bias + sum of the weights of the buckets)."""

    def __init__(self, weights: Any, bias: float, threshold: float, meta: str = "{}"):
        self.weights = weights
        self.dim = int(len(weights))
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.meta = meta

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> CheckworthyModel:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            return cls(z["weights"].astype(np.float32), float(z["bias"]), float(z["threshold"]), str(z["meta"]))

    def save(self, path: Path) -> None:
        import numpy as np

        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, weights=np.asarray(self.weights, dtype=np.float16), bias=np.float32(self.bias),
                            threshold=np.float32(self.threshold), meta=np.array(self.meta))

    def score_features(self, rows: list[list[str]]) -> list[float]:
        import numpy as np

        if not rows:
            return []
        idx: list[int] = []
        starts: list[int] = []
        for feats in rows:
            starts.append(len(idx))
            idx.extend(hash_features(feats, self.dim))  # never empty: "bias" is always a feature
        sums = np.add.reduceat(self.weights[np.asarray(idx, dtype=np.int64)].astype(np.float64), np.asarray(starts, dtype=np.int64))
        z = np.clip(sums + self.bias, -30, 30)
        return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]

    def score(self, sentences: list[str], has_quantity: list[bool] | None = None) -> list[float]:
        hq = has_quantity or [None] * len(sentences)  # type: ignore[list-item]
        return self.score_features([features(s, q) for s, q in zip(sentences, hq, strict=True)])


@lru_cache(maxsize=1)
def load_model() -> CheckworthyModel:
    """The committed model, loaded once per process."""
    return CheckworthyModel.load(MODEL_FILE)


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


def _confidence(score: float, threshold: float) -> float:
    if score >= threshold:
        return round((score - threshold) / max(1e-9, 1 - threshold), 3)
    return round((threshold - score) / max(1e-9, threshold), 3)


def score_article(article: Article, prod: str = "checkworthy@1") -> tuple[CheckWorthiness, ...]:
    text = article.text
    sents = article.annotations.get("sentences")
    if sents is None:
        from presslens.annotate.nlp import parse_one, sentence_spans

        spans = sentence_spans(parse_one(text))  # called outside a pipeline: sentences of its own
    else:
        spans = [(_get(s, "start"), _get(s, "end")) for s in sents]
    claims = article.annotations.get("numeric_claims")
    claim_starts = sorted(_get(c, "start") for c in claims) if claims is not None else None
    model = load_model()
    rows, keep = [], []
    for s0, s1 in spans:
        sent = text[s0:s1]
        if not sent.strip():
            continue
        hq = None if claim_starts is None else any(s0 <= c < s1 for c in claim_starts)
        rows.append(features(sent, hq))
        keep.append((s0, s1))
    scores = model.score_features(rows) if rows else []
    t = model.threshold
    return tuple(CheckWorthiness(s0, s1, round(p, 4), p >= t, _confidence(p, t), prod) for (s0, s1), p in zip(keep, scores, strict=True))


@component("checkworthy", requires=("sentences", "numeric_claims"), assigns=("checkworthy",))
class CheckworthyAnnotator:
    """P(a fact-checker would want to check it) for every sentence of the body."""

    version = 1

    def __call__(self, article: Article, ctx: Context) -> Article:
        return article.with_annotations(checkworthy=score_article(article, producer(self)))


def top_sentences(article: Article, n: int = REPORT_TOP) -> list[Any]:
    items = article.annotations.get("checkworthy", ())
    return sorted(items, key=lambda c: -_get(c, "score"))[:n]



__all__ = ["CheckWorthiness", "CheckworthyAnnotator", "CheckworthyModel", "features", "hash_features", "load_model", "score_article", "top_sentences"]
