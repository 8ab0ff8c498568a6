"""Evaluate the sourcing annotators.

1. Quote spans against the quotation spans of the BuzzFeed-Webis corpus
   (``../shared/data/corpus/buzzfeed_webis_2016``): span F1 where a predicted span matches a gold
   span (one to one, greedy) when their token overlap (intersection over union of word tokens) is
   >= 0.3 and >= 0.8. The corpus marks every quoted span (speech, but also titles and scare
   quotes), so two figures: ``quotations`` (our direct/partial/document quotes) and ``quoted``
   (those plus marked scare quotes and the quote-marked words inside reported speech).
2. Speaker accuracy on our own gold (``eval/gold/speakers.jsonl``, the development set, and
   ``eval/gold/speakers_heldout.jsonl``, labelled after the rules were written: corpus, article id,
   quote offsets and the speaker's full name; no article text): a gold quote counts as right when a
   predicted quotation overlaps it and its speaker names the same person (the gold name's last
   word and every predicted word appear in the gold name, case-insensitively).

    python eval/quotes.py                 # the fixed subset the tests use (first 120 articles)
    python eval/quotes.py --all           # every article of the corpus
    python eval/quotes.py --json out.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
BUZZFEED = SHARED / "data" / "corpus" / "buzzfeed_webis_2016" / "articles.jsonl.gz"
GOLD = REPO / "eval" / "gold" / "speakers.jsonl"  # development gold (the rules were tuned on it)
HELDOUT = REPO / "eval" / "gold" / "speakers_heldout.jsonl"  # labelled afterwards, never tuned on
SUBSET = 120

_TOKEN = re.compile(r"\w+")


def load_buzzfeed(limit: int | None = SUBSET) -> list[dict]:
    out = []
    with gzip.open(BUZZFEED, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def to_article(rec: dict):
    from presslens.records import Article, Paragraph, body_id

    text = rec["text"]
    # The corpus' paragraphs leave out the character between them (a space, sometimes the
    # opening quote mark of the next paragraph): each paragraph starts where the last one ended.
    paras, prev = [], 0
    for p in sorted(rec.get("paragraphs") or [], key=lambda p: p["start"]):
        if p["end"] > prev:
            paras.append(Paragraph(prev, p["end"]))
            prev = p["end"]
    if prev < len(text):
        paras.append(Paragraph(prev, len(text)))
    paras = tuple(paras)
    return Article(id=body_id(text) if text.strip() else rec["id"], text=text, paragraphs=paras, source=f"buzzfeed:{rec['id']}")


def _tokens(text: str, start: int, end: int) -> set[int]:
    return {m.start() + start for m in _TOKEN.finditer(text[start:end])}


def span_f1(text: str, gold: list[tuple[int, int]], pred: list[tuple[int, int]], threshold: float) -> tuple[int, int, int]:
    """(true positives, predicted, gold) with greedy one-to-one matching at IoU >= threshold."""
    gt = [_tokens(text, s, e) for s, e in gold]
    pt = [_tokens(text, s, e) for s, e in pred]
    pairs = []
    for i, p in enumerate(pt):
        for j, g in enumerate(gt):
            if not p or not g:
                continue
            inter = len(p & g)
            if inter:
                pairs.append((inter / len(p | g), i, j))
    pairs.sort(reverse=True)
    used_p, used_g, tp = set(), set(), 0
    for iou, i, j in pairs:
        if iou < threshold or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        tp += 1
    return tp, len([p for p in pt if p]), len([g for g in gt if g])


def _prf(tp: int, np_: int, ng: int) -> dict:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def annotate(article, doc=None):
    from presslens.annotate.nlp import parse_one
    from presslens.annotate.sourcing.entities import find_entities
    from presslens.annotate.sourcing.quotes import find_quotes

    doc = doc if doc is not None else parse_one(article.text)
    entities = find_entities(article, doc=doc)
    quotes, scares = find_quotes(article, entities, doc=doc)
    return entities, quotes, scares


def eval_buzzfeed(records: list[dict]) -> dict:
    from presslens.annotate.nlp import parse
    from presslens.annotate.sourcing.quotes import find_quote_marks

    articles = [to_article(r) for r in records if r["text"].strip()]
    t0 = time.perf_counter()
    docs = parse([a.text for a in articles])
    counts = {(name, th): [0, 0, 0] for name in ("quotations", "quoted") for th in (0.3, 0.8)}
    for rec, art, doc in zip([r for r in records if r["text"].strip()], articles, docs, strict=True):
        _, quotes, scares = annotate(art, doc)
        gold = [(q["start"], q["end"]) for q in rec["quotes"]]
        quotations = [(q.start, q.end) for q in quotes if q.kind != "indirect"]
        # a mixed quotation (a reported clause holding a quotation of four words or more, issue 15)
        # keeps that quotation's words as a quotation
        quotations += [(m.cstart, m.cend) for q in quotes if q.rule.endswith("+mixed")
                       for m in find_quote_marks(art.text, [(q.start, q.end)]) if len(art.text[m.cstart : m.cend].split()) >= 4]
        # words in quote marks inside reported speech are part of that reported quotation (not scare
        # quotes since issue 15): they count as quoted spans found
        inner = [(m.cstart, m.cend) for q in quotes if q.kind == "indirect"
                 for m in find_quote_marks(art.text, [(q.start, q.end)])]
        quoted = quotations + [(s.start + 1, s.end - 1) for s in scares if s.marked] + inner
        for th in (0.3, 0.8):
            for name, pred in (("quotations", quotations), ("quoted", quoted)):
                tp, np_, ng = span_f1(art.text, gold, pred, th)
                c = counts[(name, th)]
                c[0] += tp
                c[1] += np_
                c[2] += ng
    out = {"articles": len(articles), "seconds": round(time.perf_counter() - t0, 1)}
    for (name, th), (tp, np_, ng) in counts.items():
        out[f"{name}@{th}"] = _prf(tp, np_, ng) | {"gold": ng, "predicted": np_}
    return out


def same_person(gold: str, pred: str | None) -> bool:
    if not pred:
        return False
    g = [w.casefold().strip(".,") for w in gold.split()]
    p = [w.casefold().strip(".,") for w in re.split(r"[\s;]+", pred) if w]
    return bool(p) and g[-1] in p and all(w in g for w in p)


def eval_speakers(gold_path: Path = GOLD) -> dict:
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = {g["id"] for g in gold}
    records = {r["id"]: r for r in load_buzzfeed(None) if r["id"] in ids}
    right = found = 0
    misses = []
    by_article: dict[str, tuple] = {}
    for g in gold:
        rec = records[g["id"]]
        if g["id"] not in by_article:
            by_article[g["id"]] = annotate(to_article(rec))[1]
        quotes = by_article[g["id"]]
        hit = [q for q in quotes if q.start < g["end"] and g["start"] < q.end]
        if hit:
            found += 1
        if any(same_person(g["speaker"], q.speaker) for q in hit):
            right += 1
        else:
            misses.append({"id": g["id"], "start": g["start"], "gold": g["speaker"], "pred": [q.speaker for q in hit]})
    n = len(gold)
    return {
        "quotes": n,
        "articles": len(ids),
        "found": found,
        "speaker_accuracy": round(right / n, 4) if n else 0.0,
        "speaker_accuracy_when_found": round(right / found, 4) if found else 0.0,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--all", action="store_true", help="every article, not the fixed subset")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    result = {
        "buzzfeed": eval_buzzfeed(load_buzzfeed(None if args.all else SUBSET)),
        "speakers": eval_speakers(),
        "speakers_heldout": eval_speakers(HELDOUT),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
