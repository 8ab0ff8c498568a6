"""Evaluate the check-worthiness model: positive-class precision, recall and F1.

- **CT24 dev-test**: ``../shared/data/checkworthy/CT24_checkworthy_english_dev-test.tsv`` (318 debate
  sentences, 108 Yes), the official CheckThat! 2024 metric (F1 of ``Yes``): nothing is chosen on it,
  it is the estimate of what holds on the held-out test;
- **CT24 dev**: training data of the model (weighted); its figures are out-of-fold predictions,
  read from the model's meta;
- **narrowing** (``--narrowing``, ``--top5``): the share of sentences the default label flags on 30
  news articles (:data:`NEWS30`) and each article's top-5 list, for the hand check;
- **news**: our gold ``eval/gold/checkworthy_news.jsonl`` (330 sentences of ``allsides_bias``,
  ``recovery_covid`` and ``buzzfeed_webis_2016``, labelled by the guideline
  ``docs/checkworthy-guideline.md``; offsets only, the text is read from the shared corpus).

The committed model (``src/presslens/models/checkworthy/checkworthy.npz``) is used as it is,
nothing here is tuned: every set is scored at the model's ``threshold`` (from cross-validation on
CT24 train). ``eval/gold/checkworthy_news_dev.jsonl`` (150 more news sentences, seed 25, other
articles) is scored too; it was labelled to choose a news threshold, an experiment that did not
hold up on the 330 test sentences (see the model card). ``--sample`` re-draws the news test
sentences (seed 24) and prints them, for labelling (it writes no labels).

    python eval/checkworthy.py
    python eval/checkworthy.py --json out.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _gold  # noqa: E402  (eval/_gold.py)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "data" / "corpus"
GOLD = REPO / "eval" / "gold" / "checkworthy_news.jsonl"
NEWS_DEV = REPO / "eval" / "gold" / "checkworthy_news_dev.jsonl"
CT24_DEV = SHARED / "data" / "checkworthy" / "CT24_checkworthy_english_dev.tsv"
# the organizers' second development split: the estimate of what holds on the held-out test; nothing
# (features, C, threshold) is chosen on it
CT24_DEVTEST = SHARED / "data" / "checkworthy" / "CT24_checkworthy_english_dev-test.tsv"
# 30 news articles for the narrowing check (share of sentences labelled, top-5 lists): allsides_bias
# shard 03, 300-1,500 words, outlets that are not guest or opinion columns, drawn with
# random.Random(18).sample among the 3,943 that qualify (sorted ids; see NEWS30_RULE)
NEWS30_SHARD = CORPUS / "allsides_bias" / "articles-03-of-08.jsonl.gz"
NEWS30_RULE = "allsides_bias shard 03; 300-1500 words; source without 'Guest Writer', 'Opinion', 'Flip Side', 'Editorial'; random.Random(18).sample(30)"
NEWS30 = (
    "7sj0nAGq9Ab0FKU6", "8HrUg36ZE3McaNYu", "BfqPlzaokKR5nZmi", "CCeIZHYjVXtHtcEN", "CIRn9RCt1EGy0lQS", "Cvr9FwkG3gvbI621",
    "D0395AbbC4GnLLYl", "Fo0bms0kSZfwyVBr", "GkEEddmjk5iXRqMF", "HOYIE9gWXWjKJE82", "Jfe47GAsOma1W4Oj", "LaY3HtP9DCeOyC1D",
    "MHWnuWpWyuFCc94b", "SwXo3rM0t3BBgRWM", "TUSifXkloyGcBcDk", "UzglhqiC1g9ALnSj", "VRXJEe5fqSTFoUMV", "Vk0xprArABowlEgX",
    "Xb1dF5lgMkcAEXC7", "dtFbIdc0xmE1WtdS", "gAI9FpPOdKrD3Lkg", "gxbfz02XU65VqYf7", "i7MIjXGCkH3OfKaU", "mvL4TmAorNX1R58r",
    "oKT3bs0TdRraRZyr", "tQ51h00CgJPDxnK1", "uluCBv6UuCKIapjo", "vl2Nbvr7VbHZ29qc", "ytZCcfoGbvkTE6m3", "zOaBVpeqjZ4cxzTV",
)
CORPORA = {
    "allsides_bias": [CORPUS / "allsides_bias" / "articles-00-of-08.jsonl.gz", CORPUS / "allsides_bias" / "articles-01-of-08.jsonl.gz"],
    "recovery_covid": [CORPUS / "recovery_covid" / "articles.jsonl.gz"],
    "buzzfeed_webis_2016": [CORPUS / "buzzfeed_webis_2016" / "articles.jsonl.gz"],
}
SAMPLE_SEED = 24
PER_CORPUS = 110
FIRST_RECORDS = 1500

_ABBR = {"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "st", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "gen", "lt",
         "col", "sgt", "jr", "sr", "vs", "no", "inc", "co", "corp", "u.s", "u.k", "d.c", "j", "e.g", "i.e", "a.m", "p.m", "rev",
         "prof", "ft", "mt", "ave", "capt", "cmdr", "adm", "maj", "pres", "supt", "det"}
_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"“‘(]?[A-Z0-9])|\n+")


def split(text: str) -> list[tuple[int, int]]:
    """The simple sentence split used to draw the gold sentences (abbreviations and initials kept)."""
    out, a = [], 0
    for m in _END.finditer(text):
        if text[m.start()] == ".":
            w = re.search(r"([A-Za-z.]+)$", text[a : m.start()])
            if w and (w.group(1).lower() in _ABBR or len(w.group(1)) == 1 or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", w.group(1))):
                continue
        b = m.end() if text[m.start()] != "\n" else m.start()
        seg = text[a:b]
        st, b2 = a + len(seg) - len(seg.lstrip()), a + len(seg.rstrip())
        if b2 > st:
            out.append((st, b2))
        a = m.end()
    seg = text[a:]
    if seg.strip():
        out.append((a + len(seg) - len(seg.lstrip()), a + len(seg.rstrip())))
    return out


def sample() -> list[dict]:
    """Draw the news sentences: per corpus, 110 articles (longer than 500 characters) at random
    among the first 1,500 records, one sentence of 40-400 characters starting with a capital
    (not the first sentence) per article."""
    rng = random.Random(SAMPLE_SEED)
    out = []
    for corpus, paths in CORPORA.items():
        recs = []
        with gzip.open(paths[0], "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= FIRST_RECORDS:
                    break
                r = json.loads(line)
                if r.get("text") and len(r["text"]) > 500:
                    recs.append((r["id"], r["text"]))
        rng.shuffle(recs)
        n = 0
        for rid, text in recs:
            cands = [(a, b) for a, b in split(text) if 40 <= b - a <= 400 and text[a : a + 1].isupper()]
            if len(cands) < 3:
                continue
            a, b = rng.choice(cands[1:])
            out.append({"corpus": corpus, "id": rid, "start": a, "end": b, "text": text[a:b]})
            n += 1
            if n >= PER_CORPUS:
                break
    return out


NEWS_TRAIN = REPO / "eval" / "gold" / "checkworthy_news_train.jsonl"
TRAIN_SEED = 26
TRAIN_SOURCES = {  # (corpus, shard, records to skip, records to read, sentences wanted): no article of the other news sets
    "allsides_bias": (CORPUS / "allsides_bias" / "articles-01-of-08.jsonl.gz", 0, 4000, 250),
    "recovery_covid": (CORPUS / "recovery_covid" / "articles.jsonl.gz", 1500, 600, 75),
    "buzzfeed_webis_2016": (CORPUS / "buzzfeed_webis_2016" / "articles.jsonl.gz", 1500, 400, 75),
}


def sample_train() -> list[dict]:
    """Draw the news *training* sentences (seed 26): two per article, 40-400 characters, starting
    with a capital, not the article's first; allsides_bias shard 01 (news outlets, no guest or
    opinion columns), recovery_covid and buzzfeed_webis_2016 records 1,500+, so no
    article of the test gold (shard 00 / first 1,500 records), the news dev gold or the 30
    narrowing articles (shard 03) is drawn."""
    rng = random.Random(TRAIN_SEED)
    out = []
    for corpus, (path, skip, count, wanted) in TRAIN_SOURCES.items():
        recs = []
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i < skip:
                    continue
                if i >= skip + count:
                    break
                r = json.loads(line)
                if r.get("text") and len(r["text"]) > 500 and not any(w in r.get("source", "") for w in ("Guest Writer", "Opinion", "Flip Side")):
                    recs.append((r["id"], r["text"]))
        rng.shuffle(recs)
        n = 0
        for rid, text in recs:
            cands = [(a, b) for a, b in split(text) if 40 <= b - a <= 400 and text[a : a + 1].isupper()][1:]
            if len(cands) < 4:
                continue
            for a, b in rng.sample(cands, 2):
                out.append({"corpus": corpus, "id": rid, "start": a, "end": b, "text": text[a:b]})
                n += 1
            if n >= wanted:
                break
    return out


NEWS_PICK_TRAIN = REPO / "eval" / "gold" / "checkworthy_news_picktrain.jsonl"
PICK_TRAIN_SHARD = CORPUS / "allsides_bias" / "articles-05-of-08.jsonl.gz"
PICK_TRAIN_SEED = 1819
PICK_TRAIN_ARTICLES = 56
PICK_TRAIN_TOP = 8
PICK_TRAIN_OTHERS = 4
PICK_TRAIN_RULE = (f"allsides_bias shard 05; 300-1500 words; source without 'Guest Writer', 'Opinion', 'Flip Side', 'Editorial'; "
                   f"no article of another news gold file; random.Random({PICK_TRAIN_SEED}).sample({PICK_TRAIN_ARTICLES})")


def pick_train_articles() -> list[tuple[str, str]]:
    """(id, text) of the articles of the pick head's training gold (issue 18, fifth round): drawn like the 30
    narrowing articles (:data:`NEWS30_RULE`) but from shard 05, so none of them, nor of the news test, dev and
    train gold (shards 00 and 01, recovery_covid, buzzfeed_webis_2016), is drawn; ids sorted before the draw."""
    held = set(NEWS30)
    for path in (GOLD, NEWS_DEV, NEWS_TRAIN, TOP5_JUDGED):
        held |= {g["id"] for g in load_gold(path)}
    recs: dict[str, str] = {}
    with gzip.open(PICK_TRAIN_SHARD, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            source = r.get("source", "")
            if (r["id"] in held or any(w in source for w in ("Guest Writer", "Opinion", "Flip Side", "Editorial"))
                    or not 300 <= len(r.get("text", "").split()) <= 1500):
                continue
            recs[r["id"]] = r["text"]
    chosen = random.Random(PICK_TRAIN_SEED).sample(sorted(recs), PICK_TRAIN_ARTICLES)
    return [(i, recs[i]) for i in chosen]


def sample_pick_train() -> list[dict]:
    """The sentences to label for the pick head's training gold: of each article of :func:`pick_train_articles`,
    the :data:`PICK_TRAIN_TOP` best-ranked by the committed pick order (where a wrong order costs) and
    :data:`PICK_TRAIN_OTHERS` others at random (seed :data:`PICK_TRAIN_SEED`), as sentences of the analysed text
    (``presslens.Pipeline(["checkworthy"])(text, format="text").text``: offsets into it, like the top-5
    judgements). Returned in article order, with the text (for labelling: never written into the repository).

    The committed gold was drawn with the fourth round's pick head (before this gold refitted it): run with today's
    head, the top 8 differ. :func:`pick_train_articles` (the article draw) does not depend on the head."""
    import presslens

    rng = random.Random(PICK_TRAIN_SEED)
    pipe = presslens.Pipeline(["checkworthy"])
    out = []
    for rid, text in pick_train_articles():
        article = pipe(text, format="text")
        ranked = sorted(article.annotations["checkworthy"], key=lambda c: c.rank)
        rest = ranked[PICK_TRAIN_TOP:]
        chosen = ranked[:PICK_TRAIN_TOP] + rng.sample(rest, min(PICK_TRAIN_OTHERS, len(rest)))
        for c in sorted(chosen, key=lambda c: c.start):
            out.append({"corpus": "allsides_bias", "id": rid, "start": c.start, "end": c.end, "text": article.text[c.start : c.end]})
    return out


def load_gold(path: Path = GOLD) -> list[dict]:
    return _gold.load_gold(path)


def load_texts(gold: list[dict]) -> dict[tuple[str, str], str]:
    return _gold.load_texts(gold, CORPORA)


def prf(y: list[int], pred: list[int]) -> dict[str, float]:
    tp = sum(1 for a, b in zip(y, pred, strict=True) if a and b)
    fp = sum(1 for a, b in zip(y, pred, strict=True) if b and not a)
    fn = sum(1 for a, b in zip(y, pred, strict=True) if a and not b)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "n": len(y), "positives": sum(y), "tp": tp, "fp": fp, "fn": fn}


def evaluate_ct24(path: Path = CT24_DEV) -> dict:
    from presslens.annotate.claims.checkworthy import load_model
    from presslens.training.checkworthy import read_tsv

    model = load_model()
    rows = read_tsv(path)
    scores = model.score([t for t, _ in rows])
    return prf([lab for _, lab in rows], [int(s >= model.threshold) for s in scores])


def dev_out_of_fold() -> dict:
    """The CT24 dev figures of the committed model: dev is training data (weighted), so the figures are
    its out-of-fold predictions, written into the model's meta by ``make train-checkworthy``."""
    from presslens.annotate.claims.checkworthy import load_model

    meta = json.loads(load_model().meta)
    m = dict(meta["dev_positive"])
    m.setdefault("n", m.get("tp", 0) + m.get("fp", 0) + m.get("fn", 0))
    m["positives"] = m.get("tp", 0) + m.get("fn", 0)
    m["n"] = meta.get("n_dev", m["n"])
    return m


def evaluate_news(path: Path = GOLD) -> dict:
    from presslens.annotate.claims.checkworthy import load_model

    model = load_model()
    gold = load_gold(path)
    texts = load_texts(gold)
    sents = [texts[(g["corpus"], g["id"])][g["start"] : g["end"]] for g in gold]
    scores = model.score(sents)
    y = [int(g["label"]) for g in gold]
    t = model.threshold
    out = prf(y, [int(s >= t) for s in scores])
    out["at_0.75"] = prf(y, [int(s >= 0.75) for s in scores])
    by = {}
    for corpus in CORPORA:
        idx = [i for i, g in enumerate(gold) if g["corpus"] == corpus]
        if idx:
            by[corpus] = prf([y[i] for i in idx], [int(scores[i] >= t) for i in idx])
    out["by_corpus"] = by
    # ranking quality: share of gold positives among the top-scored quarter
    order = sorted(range(len(y)), key=lambda i: -scores[i])[: len(y) // 4]
    out["precision@25%"] = round(sum(y[i] for i in order) / max(1, len(order)), 4)
    return out


def news30_texts() -> list[tuple[str, str]]:
    """(id, text) of the 30 narrowing-check articles, in NEWS30 order."""
    wanted = set(NEWS30)
    found: dict[str, str] = {}
    with gzip.open(NEWS30_SHARD, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in wanted:
                found[r["id"]] = r["text"]
    return [(i, found[i]) for i in NEWS30 if i in found]


def evaluate_narrowing(top: int = 5) -> dict:
    """Share of sentences the default label flags on the 30 articles, and each article's top list."""
    import presslens

    pipe = presslens.Pipeline(["checkworthy"])
    n_sent = n_pos = 0
    shares, tops = [], []
    for rid, text in news30_texts():
        article = pipe(text, format="text")
        items = article.annotations["checkworthy"]
        pos = sum(1 for c in items if c.label)
        n_sent += len(items)
        n_pos += pos
        shares.append(pos / max(1, len(items)))
        best = sorted(items, key=lambda c: c.rank)[:top]
        tops.append({"id": rid, "sentences": len(items), "labelled": pos,
                     "top": [(round(c.score, 3), " ".join(article.text[c.start : c.end].split())) for c in best]})
    return {"articles": len(shares), "sentences": n_sent, "labelled": n_pos, "share": round(n_pos / max(1, n_sent), 4),
            "max_article_share": round(max(shares), 4) if shares else 0.0, "tops": tops}


TOP5_JUDGED = REPO / "eval" / "gold" / "checkworthy_top5.jsonl"


def top5_hand_check(judged: Path = TOP5_JUDGED) -> dict:
    """Share of good picks among the 30 articles' top-5 lists, by the hand judgements of
    ``eval/gold/checkworthy_top5.jsonl`` (issue 18; procedure in docs/checkworthy-guideline.md).

    A judgement is keyed by article id and offsets into the *analysed* text
    (``presslens.Pipeline(["checkworthy"])(text, format="text").text``, not always the raw corpus text),
    with ``crc32`` of the whitespace-normalised sentence to catch drift. A listed sentence without a
    judgement is counted in ``unjudged`` (a retrained model's new picks must be judged before its figure
    means anything)."""
    import zlib

    import presslens

    rows = [json.loads(line) for line in judged.read_text(encoding="utf-8").splitlines() if line.strip()]
    by = {(r["id"], r["start"], r["end"]): r for r in rows}
    pipe = presslens.Pipeline(["checkworthy"])
    good = listed = unjudged = drift = 0
    why: dict[str, int] = {}
    for rid, text in news30_texts():
        article = pipe(text, format="text")
        for c in sorted(article.annotations["checkworthy"], key=lambda c: c.rank)[:5]:
            listed += 1
            r = by.get((rid, c.start, c.end))
            if r is None:
                unjudged += 1
                continue
            if zlib.crc32(" ".join(article.text[c.start : c.end].split()).encode("utf-8")) != r["crc32"]:
                drift += 1
            good += int(r["good"])
            why[r["why"]] = why.get(r["why"], 0) + 1
    judged_n = listed - unjudged
    return {"listed": listed, "judged": judged_n, "unjudged": unjudged, "text_drift": drift, "good": good,
            "share": round(good / max(1, judged_n), 4), "why": why}


def write_unjudged(path: Path, judged: Path = TOP5_JUDGED) -> int:
    """Write the committed model's top-5 picks on the 30 articles that have no judgement yet to ``path``
    (outside the repository: it holds sentence text), one JSON line each with the article id, the offsets
    into the analysed text and the sentence, shuffled, with no score, rank or model named, for a blind judge.
    Returns how many."""
    import presslens

    rows = [json.loads(line) for line in judged.read_text(encoding="utf-8").splitlines() if line.strip()]
    have = {(r["id"], r["start"], r["end"]) for r in rows}
    pipe = presslens.Pipeline(["checkworthy"])
    out = []
    for rid, text in news30_texts():
        article = pipe(text, format="text")
        for c in sorted(article.annotations["checkworthy"], key=lambda c: c.rank)[:5]:
            if (rid, c.start, c.end) not in have:
                out.append({"corpus": "allsides_bias", "id": rid, "start": c.start, "end": c.end, "text": article.text[c.start : c.end]})
    random.Random().shuffle(out)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    return len(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--sample", action="store_true", help="print the drawn news sentences (for labelling) and stop")
    ap.add_argument("--sample-train", action="store_true", help="print the drawn news training sentences (for labelling) and stop")
    ap.add_argument("--sample-pick-train", type=Path, metavar="PATH",
                    help="write the pick head's training sentences to label (with their text: a path outside the repository), shuffled, and stop")
    ap.add_argument("--narrowing", action="store_true", help="also the share labelled on the 30 news articles (runs the pipeline)")
    ap.add_argument("--top5", action="store_true", help="also print the top-5 list of each of the 30 articles (for the hand check)")
    ap.add_argument("--top5-judged", action="store_true", help="also score the top-5 lists by the hand judgements (eval/gold/checkworthy_top5.jsonl)")
    ap.add_argument("--write-unjudged", type=Path, metavar="PATH",
                    help="write the top-5 picks without a judgement (with their text: a path outside the repository) and stop")
    args = ap.parse_args(argv)
    if args.write_unjudged:
        if args.write_unjudged.resolve().is_relative_to(REPO):
            print(f"{args.write_unjudged}: the file holds article text; write it outside the repository", file=sys.stderr)
            return 2
        print(f"wrote {write_unjudged(args.write_unjudged)} unjudged picks to {args.write_unjudged}")
        return 0
    if args.sample_pick_train:
        if args.sample_pick_train.resolve().is_relative_to(REPO):
            print(f"{args.sample_pick_train}: the file holds article text; write it outside the repository", file=sys.stderr)
            return 2
        drawn = sample_pick_train()
        random.Random(PICK_TRAIN_SEED + 1).shuffle(drawn)  # no article order, no rank: labelled blind
        args.sample_pick_train.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in drawn), encoding="utf-8")
        print(f"wrote {len(drawn)} sentences of {len({r['id'] for r in drawn})} articles to {args.sample_pick_train}")
        return 0
    if args.sample_train:
        for i, s in enumerate(sample_train()):
            print(i, s["corpus"], s["id"], s["start"], s["end"], s["text"].replace("\n", " "))
        return 0
    if args.sample:
        for i, s in enumerate(sample()):
            print(i, s["corpus"], s["id"], s["start"], s["end"], s["text"].replace("\n", " "))
        return 0
    if not CT24_DEV.exists():
        print(f"missing {CT24_DEV}", file=sys.stderr)
        return 2
    res = {"ct24_dev_oof": dev_out_of_fold(), "ct24_devtest": evaluate_ct24(CT24_DEVTEST), "news": evaluate_news(),
           "news_dev": evaluate_news(NEWS_DEV), "news_train": evaluate_news(NEWS_TRAIN)}
    for name, m in res.items():
        print(f"{name:10s} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  (n={m['n']}, positives {m['positives']})")
        for corpus, c in m.get("by_corpus", {}).items():
            print(f"  {corpus:22s} P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}  (n={c['n']}, positives {c['positives']})")
    d = res["news"]["at_0.75"]
    print(f"news at 0.75 (best threshold on news_dev; not used): P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}")
    print(f"news precision of the top-scored 25%: {res['news']['precision@25%']:.3f}")
    if args.narrowing or args.top5:
        nar = evaluate_narrowing()
        print(f"narrowing on 30 news articles ({NEWS30_RULE}): {nar['labelled']} of {nar['sentences']} sentences labelled "
              f"({nar['share']:.1%}; most in one article {nar['max_article_share']:.1%})")
        if args.top5:
            for t in nar["tops"]:
                print(f"\n{t['id']} ({t['labelled']} of {t['sentences']} labelled)")
                for score, sent in t["top"]:
                    print(f"  {score:.3f}  {sent[:220]}")
        res["narrowing"] = {k: v for k, v in nar.items() if k != "tops"}
    if args.top5_judged:
        hc = top5_hand_check()
        print(f"top-5 hand check: {hc['good']} good of {hc['judged']} judged picks ({hc['share']:.1%}); "
              f"{hc['unjudged']} unjudged, {hc['text_drift']} changed text; {hc['why']}")
        res["top5_hand_check"] = hc
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
