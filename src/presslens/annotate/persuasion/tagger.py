"""The fine-tuned MiniLM token tagger of the persuasion annotator (int8 ONNX, onnxruntime).

A truncated all-MiniLM-L6-v2 fine-tuned on our PTC train part (``make train-persuasion``) reads
windows of consecutive sentences (``window`` wordpieces at most, from ``tagger.json``; only the
sentences it encodes, adjacent ones packed together) and gives, for every wordpiece,
P(inside a propaganda span) and P(technique | inside) for the 14 techniques. Spans are runs of words over a threshold; the technique of a span is the mean of
its wordpieces' technique probabilities (optionally mixed with the linear classifier's).

The linear models (fast mode) score every sentence; the tagger encodes the best-scoring ones until
a share of the article's wordpieces is spent (``share``; 1 = every sentence), which bounds its cost
per 1,000 words (the issue's budget: 150 ms on one core).

Needs onnxruntime and tokenizers. Artifact: ``models/persuasion/tagger.onnx`` (int8),
``tagger.json`` (thresholds, share, metadata) and ``minilm-tokenizer.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from presslens.annotate.persuasion.base import MODEL_DIR, TECHNIQUES, Doc, sentence_of, token_runs

TAGGER_FILE = MODEL_DIR / "tagger.onnx"
TAGGER_CONFIG = MODEL_DIR / "tagger.json"
HEAD_FILE = "tc_head.npz"  # beside tagger.onnx: the technique head (``TechniqueHead``)
TOKENIZER_FILE = MODEL_DIR / "minilm-tokenizer.json"
MAX_PIECES = 126  # wordpieces per encoded chunk (plus [CLS] and [SEP])
N_OUT = 1 + len(TECHNIQUES)  # SI + one per technique


def sigmoid(x: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class TaggerStates:
    """The tagger's last-layer state of every wordpiece it read in one article, with where it starts.

    What the tagger pass hands on to other annotators (``Context.data[STATES_KEY]``): the
    check-worthiness model pools them per sentence (issue 18), so the encoder pass is paid once.
    ``covered``: the character ranges of the sentences that were read (in article order).
    """

    starts: Any  # (n,) int64 article character offset where each wordpiece starts
    hidden: Any  # (n, 384) float32 last-layer state of each wordpiece
    covered: list[tuple[int, int]] = field(default_factory=list)
    complete: bool = False  # every sentence of the text read (:func:`complete_states`)


STATES_KEY = "tagger_states"  # Context.data key of the article's TaggerStates


@dataclass
class Encoded:
    """Wordpiece probabilities of some sentences of a document, mapped onto its regex tokens."""

    p_si: Any  # (n_tokens,) P(token inside a span); nan where the token was not encoded
    p_tech: Any  # (n_tokens, 14) P(technique | inside); nan rows where not encoded
    sentences: list[int] = field(default_factory=list)  # indices of the encoded sentences
    pieces: int = 0  # wordpieces encoded
    hidden: Any = None  # (n_tokens, 384) mean last-layer state of the token's wordpieces (technique head); nan rows where not encoded
    states: TaggerStates | None = None  # every wordpiece's state (other annotators pool them), when the model exports them


class SentenceEncoder:
    """Tokenise sentences into wordpiece chunks with character offsets into the article."""

    def __init__(self, tokenizer_file: Path = TOKENIZER_FILE):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")

    def chunks(self, doc: Doc, sentences: list[int], window: int = 0) -> list[tuple[int, list[int], Any]]:
        """(first sentence index, wordpiece ids, (n, 2) article character offsets) per chunk.

        ``window`` 0: one sentence per chunk (a sentence over ``MAX_PIECES`` is cut into several).
        Otherwise consecutive sentences of ``sentences`` are packed into one chunk while it holds at
        most ``window`` wordpieces (``pack``), so that a sentence is read with its neighbours.
        """
        if not sentences:
            return []
        spans = [(doc.starts[doc.sents[k][0]], doc.ends[doc.sents[k][1] - 1]) for k in sentences]
        encs = self.tokenizer.encode_batch([doc.text[a:b] for a, b in spans], add_special_tokens=False)
        out = []
        for k, (a, _), enc in zip(sentences, spans, encs, strict=True):
            ids = enc.ids
            offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2) + a
            for c in range(0, len(ids), MAX_PIECES):
                out.append((k, ids[c : c + MAX_PIECES], offs[c : c + MAX_PIECES]))
        return pack(out, window) if window else out


def pack(units: list, window: int, caps: Any = None) -> list:
    """Consecutive sentence chunks joined into chunks of at most ``window`` wordpieces.

    ``units``: (sentence index, ids, offsets, *extra) in article order, one per sentence (or per
    piece of a long one). Two units join when they are the same or adjacent sentences and the
    joined chunk stays within the cap (``window``, or the next value of ``caps``: training draws
    caps at random so that sentences are seen at every place of a window). Extra fields (training
    targets) are concatenated too.
    """
    out: list = []
    cur: list = []
    cap = window
    for u in units:
        if cur and (u[0] - cur[-1][0] <= 1) and sum(len(x[1]) for x in cur) + len(u[1]) <= cap:
            cur.append(u)
            continue
        if cur:
            out.append(_join(cur))
        cur = [u]
        cap = next(caps) if caps is not None else window
    if cur:
        out.append(_join(cur))
    return out


def _join(units: list) -> tuple:
    if len(units) == 1:
        return units[0]
    first = units[0]
    ids = [i for u in units for i in u[1]]
    rest = tuple(np.concatenate([u[f] for u in units]) for f in range(2, len(first)))
    return (first[0], ids, *rest)


def batches(chunks: list, batch_size: int = 16):
    """Chunks grouped by length (little padding): (indices, ids, mask) with [CLS]/[SEP] added."""
    order = sorted(range(len(chunks)), key=lambda k: len(chunks[k][1]))
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        T = max(len(chunks[k][1]) for k in idx) + 2
        ids = np.zeros((len(idx), T), dtype=np.int64)
        mask = np.zeros((len(idx), T), dtype=np.int64)
        for r, k in enumerate(idx):
            n = len(chunks[k][1])
            ids[r, 0] = 101
            ids[r, 1 : n + 1] = chunks[k][1]
            ids[r, n + 1] = 102
            mask[r, : n + 2] = 1
        yield idx, ids, mask


def to_tokens(doc: Doc, chunks: list, logits: list, sentences: list[int] | None = None, hidden: list | None = None) -> Encoded:
    """Map wordpiece logits (one array per chunk, without [CLS]/[SEP]) onto the regex tokens.

    A token takes the max SI probability and the mean technique probabilities of its wordpieces
    (and, with ``hidden``, the mean of their last-layer states).
    """
    n = len(doc.words)
    p_si = np.full(n, np.nan, dtype=np.float32)
    tech_sum = np.zeros((n, len(TECHNIQUES)), dtype=np.float32)
    tech_n = np.zeros(n, dtype=np.float32)
    h_sum = np.zeros((n, hidden[0].shape[-1]), dtype=np.float32) if hidden else None
    starts = np.asarray(doc.starts, dtype=np.int64)
    ends = np.asarray(doc.ends, dtype=np.int64)
    for c, ((_, _, offs), lg) in enumerate(zip(chunks, logits, strict=True)):
        if not len(offs):
            continue
        pr = sigmoid(lg.astype(np.float32))
        a = np.asarray(offs, dtype=np.int64).reshape(-1, 2)[:, 0]
        t = np.searchsorted(starts, a, side="right") - 1  # the token a wordpiece starts in
        ok = (t >= 0) & (ends[np.maximum(t, 0)] > a)
        t, pr = t[ok], pr[ok]
        if not len(t):
            continue
        # wordpieces come in text order, so a token's wordpieces are adjacent: reduce each run
        b = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])
        tu = t[b]
        p_si[tu] = np.fmax(p_si[tu], np.maximum.reduceat(pr[:, 0], b))
        tech_sum[tu] += np.add.reduceat(pr[:, 1:], b, axis=0)
        tech_n[tu] += np.diff(np.r_[b, len(t)])
        if h_sum is not None and hidden is not None:
            h_sum[tu] += np.add.reduceat(hidden[c][ok].astype(np.float32), b, axis=0)
    p_tech = np.where(tech_n[:, None] > 0, tech_sum / np.maximum(tech_n, 1)[:, None], np.nan)
    h_tok = np.where(tech_n[:, None] > 0, h_sum / np.maximum(tech_n, 1)[:, None], np.nan).astype(np.float32) if h_sum is not None else None
    if sentences is None:
        sentences = sorted({c[0] for c in chunks})
    return Encoded(p_si, p_tech, sorted(sentences), sum(len(c[1]) for c in chunks), h_tok)


def pick_sentences(doc: Doc, p_tok: Any, p_sent: Any, share: float | None, pieces_per_word: float = 1.3) -> list[int]:
    """Sentences to encode: all (``share`` None or >= 1) or the best by the linear models until ``share`` of the article.

    Score of a sentence: max(P_sentence, max P_token). The share is of the article's estimated
    wordpieces (``pieces_per_word`` per regex token, so picking costs no tokenisation); the cost
    of the tagger then grows with the article's length like the rest of the annotator.
    """
    k_all = list(range(len(doc.sents)))
    if share is None or share >= 1:
        return k_all
    budget = share * len(doc.words) * pieces_per_word
    scores = []
    for k, (i, j) in enumerate(doc.sents):
        s = float(p_sent[k]) if len(p_sent) else 0.0
        if j > i:
            s = max(s, float(np.max(p_tok[i:j])))
        scores.append(s)
    picked, used = [], 0.0
    for k in sorted(k_all, key=lambda k: -scores[k]):
        i, j = doc.sents[k]
        cost = (j - i) * pieces_per_word
        if used + cost > budget:
            continue
        picked.append(k)
        used += cost
    return sorted(picked)


def decode(doc: Doc, enc: Encoded, threshold: float, min_single: int = 4) -> list[tuple[int, int, float]]:
    """Runs of encoded tokens with P >= threshold (one-word gaps bridged, cut at sentence ends)."""
    return token_runs(doc, np.nan_to_num(enc.p_si, nan=0.0), threshold, min_single)


def sentence_mask(doc: Doc, sentences: list[int]) -> Any:
    keep = np.zeros(len(doc.words), dtype=bool)
    for k in sentences:
        i, j = doc.sents[k]
        keep[i:j] = True
    return keep


def split_by_technique(doc: Doc, enc: Encoded, i: int, j: int, min_words: int = 2) -> list[tuple[int, int]]:
    """Cut the run of tokens [i, j) where the tagger's most likely technique changes.

    A PTC span carries one technique; a run whose words switch technique (a loaded phrase then
    the rest of an appeal to fear) is most likely two spans. Pieces shorter than ``min_words``
    tokens join their neighbour; edges are trimmed to words.
    """
    segs: list[list[int]] = []
    for t in range(i, j):
        row = enc.p_tech[t]
        lab = -1 if np.isnan(row).any() or not doc.words[t][0].isalnum() else int(np.argmax(row))
        if segs and (lab == -1 or lab == segs[-1][2] or segs[-1][2] == -1):
            segs[-1][1] = t + 1
            if segs[-1][2] == -1:
                segs[-1][2] = lab
        else:
            segs.append([t, t + 1, lab])
    merged: list[list[int]] = []
    for sg in segs:
        if merged and sg[1] - sg[0] < min_words:
            merged[-1][1] = sg[1]
        else:
            merged.append(sg)
    if len(merged) > 1 and merged[0][1] - merged[0][0] < min_words:
        merged[1][0] = merged[0][0]
        merged.pop(0)
    out = []
    for a, b, _ in merged:
        while a < b and not doc.words[a][0].isalnum():
            a += 1
        while b > a and not doc.words[b - 1][0].isalnum():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def combined_spans(doc: Doc, linear: Any, p_tok: Any, p_sent: Any, enc: Encoded, cfg: dict) -> list[tuple[int, int, float, str]]:
    """SI of the tagger modes: tagger spans in the encoded sentences, linear spans in the others.

    In encoded sentences a token's probability is ``blend`` x P_tagger + (1 - ``blend``) x P_linear
    and runs over ``threshold`` become ``token`` spans (cut where the tagger's technique changes
    when ``split`` is set: pieces of at least ``split`` tokens); the linear sentence spans are kept
    there too when ``sentence_spans`` is set. Sentences not encoded keep the linear model's spans
    (token and sentence). With ``extend`` set, a run whose technique (the tagger's distribution over
    it) is one of ``long_techniques`` with probability >= ``extend`` grows to its whole sentence:
    PTC marks doubt, appeals to fear, whataboutism ... over whole clauses and sentences, while the
    tagger often fires on a few of their words. ``cfg`` comes from ``tagger.json`` (chosen on
    validation).
    """
    encoded = sentence_mask(doc, enc.sentences)
    w = float(cfg.get("blend", 1.0))
    p = np.where(encoded, w * np.nan_to_num(enc.p_si, nan=0.0) + (1 - w) * np.asarray(p_tok, dtype=np.float32), np.nan)
    linear_spans = [
        (i, j, pr, level)
        for i, j, pr, level in linear.decode(doc, p_tok, p_sent)
        if not encoded[i] or (level == "sentence" and cfg.get("sentence_spans", False))
    ]
    extend = float(cfg.get("extend") or 0.0)
    long = set(cfg.get("long_techniques", ()))
    long_mask = np.array([t in long for t in TECHNIQUES])
    grow = extend > 0 and bool(long_mask.any())
    taken = {(i, j) for i, j, _, _ in linear_spans}
    out = []
    for i, j, _ in decode(doc, Encoded(p, enc.p_tech, enc.sentences), float(cfg["threshold"])):
        parts = split_by_technique(doc, enc, i, j, int(cfg["split"])) if cfg.get("split") else [(i, j)]
        for a, b in parts:
            conf = float(np.nanmean(p[a:b]))
            if grow:
                d = technique_dist(enc, a, b)
                if d is not None and long_mask[int(np.argmax(d))] and float(np.max(d)) >= extend:
                    a, b = _sentence_words(doc, a)
                    if (a, b) in taken:  # the sentence is already a span
                        continue
            taken.add((a, b))
            out.append((a, b, conf, "token"))
    return out + linear_spans


def _sentence_words(doc: Doc, t: int) -> tuple[int, int]:
    """The sentence of token ``t`` as a token range, without its trailing punctuation."""
    i, j = sentence_of(doc, t)
    while j > i + 1 and not doc.words[j - 1][0].isalnum():
        j -= 1
    return i, j


def technique_dist(enc: Encoded, i: int, j: int) -> Any:
    """The technique distribution of tokens [i, j) (mean of the encoded tokens, normalised); None if none encoded."""
    rows = enc.p_tech[i:j]
    rows = rows[~np.isnan(rows).any(axis=1)]
    if not len(rows):
        return None
    d = rows.mean(axis=0)
    return d / max(float(d.sum()), 1e-9)


def head_features(doc: Doc, enc: Encoded, spans: list[tuple[int, int]], lin: Any) -> tuple[Any, Any]:
    """Features of the technique head for token spans ``[i, j)``, and which spans have them.

    Per span: the mean and the max of its encoded tokens' last-layer states, the mean over its
    sentence's encoded tokens, the log of the linear classifier's probabilities (``lin``, rows
    in ``TECHNIQUES`` order), the tagger's technique distribution over the span (uniform if
    none), log(words) and the share of its sentence it covers. A span without an encoded token
    has no features (``ok`` False): the caller keeps its other classifier.
    """
    n_tech = len(TECHNIQUES)
    dim = 0 if enc.hidden is None else enc.hidden.shape[1]
    X = np.zeros((len(spans), 3 * dim + 2 * n_tech + 2), dtype=np.float32)
    ok = np.zeros(len(spans), dtype=bool)
    if enc.hidden is None:
        return X, ok
    encoded = ~np.isnan(enc.hidden[:, 0])
    for r, (i, j) in enumerate(spans):
        h = enc.hidden[i:j][encoded[i:j]]
        if not len(h):
            continue
        si, sj = sentence_of(doc, i)
        hs = enc.hidden[si:sj][encoded[si:sj]]
        if not len(hs):  # a span running past its sentence whose sentence part was not read: no NaN mean
            hs = h
        d = technique_dist(enc, i, j)
        X[r] = np.concatenate(
            [
                h.mean(axis=0),
                h.max(axis=0),
                hs.mean(axis=0),
                np.log(np.clip(np.asarray(lin[r], dtype=np.float32), 1e-4, 1.0)),
                np.full(n_tech, 1.0 / n_tech, dtype=np.float32) if d is None else np.asarray(d, dtype=np.float32),
                [np.log(j - i), (j - i) / max(sj - si, 1)],
            ]
        )
        ok[r] = True
    return X, ok


class TechniqueHead:
    """Multinomial logistic regression over ``head_features`` (standardised): P(technique | span).

    Trained on our PTC train part's gold spans, its regularisation chosen on validation
    (``training/persuasion_tagger.fit_head``); columns in ``TECHNIQUES`` order.
    """

    def __init__(self, mean: Any, scale: Any, weights: Any, bias: Any):
        self.mean, self.scale, self.weights, self.bias = mean, scale, weights, bias

    @classmethod
    def load(cls, path: Path) -> TechniqueHead:
        with np.load(path) as z:
            return cls(*(z[k].astype(np.float32) for k in ("mean", "scale", "weights", "bias")))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, mean=self.mean, scale=self.scale, weights=self.weights.astype(np.float16), bias=self.bias)

    def proba(self, X: Any) -> Any:
        z = ((X - self.mean) / self.scale) @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


class OnnxTagger:
    """The int8 ONNX tagger with its tokenizer and settings (``tagger.json``)."""

    def __init__(self, path: Path = TAGGER_FILE, config: Path = TAGGER_CONFIG, threads: int = 1):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.config = json.loads(Path(config).read_text(encoding="utf-8")) if Path(config).is_file() else {}
        self.encoder = SentenceEncoder()
        self.window = int(self.config.get("window", 0))  # sentences packed into chunks of this many wordpieces (0: one each)
        names = [o.name for o in self.session.get_outputs()]
        self.has_hidden = "hidden" in names  # taggers exported since session 5 also give their last layer's states
        self.outputs = ["logits", "hidden"] if self.has_hidden else ["logits"]
        head = Path(path).parent / HEAD_FILE
        self.head = TechniqueHead.load(head) if self.has_hidden and head.is_file() else None

    def logits(self, chunks: list, batch_size: int = 1) -> list:
        """Logits per chunk. One chunk (a sentence, or a window of packed sentences) per run by
        default: no padding, and the int8 activations' dynamic scale then depends on the chunk
        alone; it was also the fastest on one core (78 ms vs 92 ms per 1,000 words with batches
        of 16 single sentences)."""
        return self.run(chunks, batch_size)[0]

    def run(self, chunks: list, batch_size: int = 1) -> tuple[list, list | None]:
        """Logits per chunk, and the last layer's states per chunk when the model exports them
        (output ``hidden``: the technique head's input), else None."""
        out: list = [None] * len(chunks)
        hid: list | None = [None] * len(chunks) if self.has_hidden else None
        for idx, ids, mask in batches(chunks, batch_size):
            res = self.session.run(self.outputs, {"input_ids": ids, "attention_mask": mask})
            for r, k in enumerate(idx):
                out[k] = res[0][r, 1 : len(chunks[k][1]) + 1]
                if hid is not None:
                    hid[k] = res[1][r, 1 : len(chunks[k][1]) + 1]
        return out, hid

    def encode(self, doc: Doc, sentences: list[int]) -> Encoded:
        chunks = self.encoder.chunks(doc, sentences, self.window)
        logits, hidden = self.run(chunks)
        enc = to_tokens(doc, chunks, logits, sentences, hidden)
        if hidden is not None:
            covered = [(doc.starts[doc.sents[k][0]], doc.ends[doc.sents[k][1] - 1]) for k in sorted(sentences)]
            enc.states = piece_states(chunks, hidden, covered)
        return enc

    def states(self, text: str, spans: list[tuple[int, int]], adjacent: list[int] | None = None) -> TaggerStates:
        """The states of the wordpieces of the character ranges ``spans`` of ``text`` (sentences, in
        order), read as the tagger reads an article: consecutive ranges packed into windows of at most
        ``window`` wordpieces. ``adjacent``: a number per range; two ranges may share a window only when
        their numbers differ by at most one (default: all consecutive). Needs a model with ``hidden``."""
        if not self.has_hidden:
            raise ValueError("this tagger does not export its states (output 'hidden')")
        keys = adjacent if adjacent is not None else list(range(len(spans)))
        encs = self.encoder.tokenizer.encode_batch([text[a:b] for a, b in spans], add_special_tokens=False)
        units = []
        for k, (a, _), enc in zip(keys, spans, encs, strict=True):
            offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2) + a
            for c in range(0, len(enc.ids), MAX_PIECES):
                units.append((k, enc.ids[c : c + MAX_PIECES], offs[c : c + MAX_PIECES]))
        chunks = pack(units, self.window) if self.window else units
        _, hidden = self.run(chunks)
        return piece_states(chunks, hidden or [], list(spans))


def complete_states(tagger: OnnxTagger, text: str, states: TaggerStates | None = None, doc: Doc | None = None) -> TaggerStates:
    """``states`` (the pass of the techniques annotator, which reads the ~80% of the sentences the
    persuasion models find most promising) completed with the sentences it did not read, packed into
    windows of adjacent unread sentences as the pass packs its own; every sentence of ``text`` (the
    persuasion tokenizer's sentences) read once. Deterministic: the forked detection of ``presslens
    analyze`` completes in the child, the in-process run in the check-worthiness annotator, with the same states."""
    if states is not None and states.complete:
        return states
    if doc is None:
        from presslens.annotate.persuasion.base import tokenize

        doc = tokenize(text)
    ranges = [(doc.starts[i], doc.ends[j - 1]) for i, j in doc.sents if j > i]
    keys = [k for k, (i, j) in enumerate(doc.sents) if j > i]
    read = set(states.covered) if states is not None else set()
    rest = [(k, r) for k, r in zip(keys, ranges, strict=True) if r not in read]
    parts = [states] if states is not None else []
    if rest:
        parts.append(tagger.states(text, [r for _, r in rest], adjacent=[k for k, _ in rest]))
    if not parts:
        return TaggerStates(np.zeros(0, dtype=np.int64), np.zeros((0, 384), dtype=np.float32), [], True)
    starts = np.concatenate([x.starts for x in parts])
    hidden = np.concatenate([x.hidden for x in parts])
    order = np.argsort(starts, kind="stable")
    return TaggerStates(starts[order], hidden[order], sorted({*read, *ranges}), True)


def piece_states(chunks: list, hidden: list, covered: list[tuple[int, int]]) -> TaggerStates:
    """:class:`TaggerStates` of encoded chunks (their offsets and ``hidden`` rows, in article order)."""
    rows = [(c[2][:, 0], h) for c, h in zip(chunks, hidden, strict=True) if len(c[1])]
    if not rows:
        return TaggerStates(np.zeros(0, dtype=np.int64), np.zeros((0, 384), dtype=np.float32), covered)
    starts = np.concatenate([np.asarray(a, dtype=np.int64).reshape(-1) for a, _ in rows])
    hid = np.concatenate([np.asarray(h, dtype=np.float32) for _, h in rows])
    order = np.argsort(starts, kind="stable")
    return TaggerStates(starts[order], hid[order], covered)


__all__ = ["STATES_KEY", "TaggerStates", "complete_states", "piece_states", "OnnxTagger", "TechniqueHead", "head_features", "Encoded", "SentenceEncoder", "decode", "pack", "pick_sentences", "technique_dist", "to_tokens", "batches"]
