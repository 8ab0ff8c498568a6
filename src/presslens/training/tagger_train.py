"""Fine-tuning of the MiniLM persuasion token tagger (torch, CPU): windows of sentences, targets, the loop.

Called by :mod:`presslens.training.persuasion_tagger`, which tunes and exports the result; see
its docstring for the whole recipe.
"""

from __future__ import annotations

import random
import time

import numpy as np

from presslens.annotate.persuasion import TECHNIQUES, tokenize
from presslens.annotate.persuasion.tagger import N_OUT, SentenceEncoder, batches, pack
from presslens.training.ptc import PTCArticle

TECH_INDEX = {t: k for k, t in enumerate(TECHNIQUES)}


# ---------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------
def article_chunks(enc: SentenceEncoder, art: PTCArticle) -> tuple[list, list]:
    """Chunks of every sentence and their (n, 15) float targets."""
    doc = tokenize(art.text)
    chunks = enc.chunks(doc, list(range(len(doc.sents))))
    targets = []
    for _, _, offs in chunks:
        y = np.zeros((len(offs), N_OUT), dtype=np.float32)
        a, b = offs[:, 0], offs[:, 1]
        for tech, s, e in art.spans:
            inside = (a < e) & (b > s)
            y[inside, 0] = 1.0
            y[inside, 1 + TECH_INDEX[tech]] = 1.0
        targets.append(y)
    return chunks, targets


# ---------------------------------------------------------------------------
# Training (torch)
# ---------------------------------------------------------------------------
def epoch_examples(units: list, window: int, neg_keep: float, rng: random.Random) -> list:
    """One epoch's examples (ids, targets).

    ``window`` 0: every sentence with a span and a fresh random ``neg_keep`` share of the others.
    Otherwise each article's sentences are packed into windows (``pack``) with caps drawn between
    half the window and the window (a sentence then sits at varying places, with varying
    context), and windows without a span are kept with probability ``neg_keep``.
    """
    if not window:
        pos = [(ids, y) for art in units for _, ids, _, y in art if y[:, 0].any()]
        neg = [(ids, y) for art in units for _, ids, _, y in art if not y[:, 0].any()]
        return pos + rng.sample(neg, int(len(neg) * neg_keep))
    out = []
    for art in units:
        caps = iter(lambda: rng.randint(window // 2, window), None)
        for _, ids, _, y in pack(art, window, caps):
            if y[:, 0].any() or rng.random() < neg_keep:
                out.append((ids, y))
    return out


def train_tagger(train_arts: dict, layers: int, epochs: int, lr: float, batch_size: int, neg_keep: float, seed: int, device: str = "cpu", log=print, window: int = 0, tc_weight: float = 0.0):
    """Fine-tune the tagger. ``tc_weight`` > 0 weighs each technique's loss by (its share of the
    span wordpieces)^-tc_weight, normalised to mean 1 (rare techniques count more)."""
    import torch

    from presslens.training.encoder import Tagger

    torch.manual_seed(seed)
    rng = random.Random(seed)
    enc = SentenceEncoder()
    units = []
    for art in train_arts.values():
        chunks, targets = article_chunks(enc, art)
        units.append([(k, ids, offs, y) for (k, ids, offs), y in zip(chunks, targets, strict=True)])
    n_pos = sum(1 for art in units for u in art if u[3][:, 0].any())
    n_all = sum(len(art) for art in units)
    log(f"tagger examples: {n_pos} chunks with spans, {n_all - n_pos} without; window {window}")
    w_tc = None
    if tc_weight > 0:
        counts = sum(u[3][:, 1:].sum(0) for art in units for u in art) + 1.0
        w = (counts / counts.sum()) ** -tc_weight
        w_tc = torch.tensor(w / w.mean(), dtype=torch.float32, device=device)
        log("technique weights: " + ", ".join(f"{t[:12]} {x:.2f}" for t, x in zip(TECHNIQUES, w_tc.tolist(), strict=True)))
    model = Tagger.from_minilm(layers, N_OUT).to(device)
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": body, "lr": lr}, {"params": head, "lr": lr * 10}], weight_decay=0.01)
    sample = epoch_examples(units, window, neg_keep, random.Random(seed + 1))
    per_epoch = len(sample)
    log(f"per epoch about {per_epoch} examples, {sum(len(x[0]) for x in sample)} wordpieces")
    total = epochs * -(-per_epoch // batch_size)
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm)))
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")
    step = 0
    t0 = time.time()
    for ep in range(epochs):
        model.train()
        data = epoch_examples(units, window, neg_keep, rng)
        # batches of similar length, in random order
        data.sort(key=lambda x: len(x[0]) + rng.random() * 8)
        groups = [data[b : b + batch_size] for b in range(0, len(data), batch_size)]
        rng.shuffle(groups)
        run_loss = 0.0
        for g in groups:
            T = max(len(ids) for ids, _ in g) + 2
            ids = np.zeros((len(g), T), dtype=np.int64)
            mask = np.zeros((len(g), T), dtype=np.int64)
            y = np.zeros((len(g), T, N_OUT), dtype=np.float32)
            for r, (x, yy) in enumerate(g):
                n = len(x)
                ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = 101, x, 102
                mask[r, : n + 2] = 1
                y[r, 1 : n + 1] = yy
            ids_t, mask_t, y_t = (torch.from_numpy(a).to(device) for a in (ids, mask, y))
            logits = model(ids_t, mask_t)
            inner = mask_t.clone().float()
            inner[:, 0] = 0
            inner[torch.arange(len(g), device=mask_t.device), mask_t.sum(1) - 1] = 0
            l_si = (bce(logits[..., 0], y_t[..., 0]) * inner).sum() / inner.sum()
            pos_m = inner * y_t[..., 0]
            l_tok = bce(logits[..., 1:], y_t[..., 1:])
            if w_tc is not None:
                l_tok = l_tok * w_tc
            l_tc = (l_tok.mean(-1) * pos_m).sum() / pos_m.sum().clamp(min=1)
            loss = l_si + l_tc
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run_loss += float(loss.detach())
            if step % 100 == 0:
                log(f"  epoch {ep + 1} step {step}/{total} loss {run_loss / 100:.4f} ({time.time() - t0:.0f}s)")
                run_loss = 0.0
        log(f"epoch {ep + 1} done ({time.time() - t0:.0f}s)")
    model.eval()
    return model


def torch_logits_fn(model, device: str = "cpu"):
    import torch

    def run(chunks: list) -> list:
        out: list = [None] * len(chunks)
        with torch.no_grad():
            for idx, ids, mask in batches(chunks, 64):
                lg = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device)).float().cpu().numpy()
                for r, k in enumerate(idx):
                    out[k] = lg[r, 1 : len(chunks[k][1]) + 1]
        return out

    return run


# ---------------------------------------------------------------------------
# Tuning on validation
# ---------------------------------------------------------------------------
