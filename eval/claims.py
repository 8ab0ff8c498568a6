"""Evaluate the numeric-claims annotator: value F1 and value+unit F1 on our own gold.

Gold (``eval/gold/claims.jsonl``, the development set the rules were tuned on, and
``eval/gold/claims_heldout.jsonl``, labelled after the rules were frozen): one line per sentence of
a shared corpus (``corpus``, record ``id``, sentence ``start``/``end``: character offsets into the
record's ``text`` under ``../shared/data/corpus``) with the quantities a careful reader counts as
claims (``start``/``end`` of the expression, ``value``, ``value_max`` for ranges, ``unit``). Sentences
without any quantity are there too, so false positives (years, dates, times, ages, ids ...) count.
No article text is stored.

The sentence text is read from the corpus and given to the quantity finder the annotator uses
(:func:`presslens.annotate.claims.numbers.find_quantities`; the value, qualifier and unit of a
claim come from it alone). A predicted quantity matches a gold one, one to one, when their spans
overlap and the values agree (relative difference under 1e-6, ``value_max`` too); value+unit also
needs the same unit.

    python eval/claims.py                 # both gold files
    python eval/claims.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _gold  # noqa: E402  (eval/_gold.py)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
GOLD = REPO / "eval" / "gold" / "claims.jsonl"
HELDOUT = REPO / "eval" / "gold" / "claims_heldout.jsonl"
CORPORA = {
    "buzzfeed_webis_2016": SHARED / "data" / "corpus" / "buzzfeed_webis_2016" / "articles.jsonl.gz",
    "recovery_covid": SHARED / "data" / "corpus" / "recovery_covid" / "articles.jsonl.gz",
}


def load_gold(path: Path = GOLD) -> list[dict]:
    return _gold.load_gold(path)


def load_texts(gold: list[dict]) -> dict[tuple[str, str], str]:
    return _gold.load_texts(gold, CORPORA)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _prf(tp: int, np_: int, ng: int) -> dict:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def evaluate(gold: list[dict], texts: dict | None = None) -> dict:
    sys.path.insert(0, str(REPO / "src"))
    from presslens.annotate.claims.numbers import find_quantities

    texts = texts if texts is not None else load_texts(gold)
    counts = {"value": [0, 0, 0], "value+unit": [0, 0, 0]}
    errors = []
    for g in gold:
        text = texts[(g["corpus"], g["id"])]
        pred = find_quantities(text[g["start"] : g["end"]], g["start"])
        for name, with_unit in (("value", False), ("value+unit", True)):
            used: set[int] = set()
            tp = 0
            for q in g["quantities"]:
                for i, p in enumerate(pred):
                    if i in used or not (p.start < q["end"] and q["start"] < p.end):
                        continue
                    if _same(p.value, q["value"]) and _same(p.value_max, q.get("value_max")) and (not with_unit or p.unit == q.get("unit")):
                        used.add(i)
                        tp += 1
                        break
            c = counts[name]
            c[0] += tp
            c[1] += len(pred)
            c[2] += len(g["quantities"])
            if name == "value+unit" and (tp != len(pred) or tp != len(g["quantities"])):
                errors.append({
                    "id": g["id"], "start": g["start"],
                    "gold": [(text[q["start"] : q["end"]], q["value"], q.get("unit")) for q in g["quantities"]],
                    "pred": [(text[p.start : p.end], p.value, p.unit) for p in pred],
                })
    out: dict = {"sentences": len(gold), "with_quantities": sum(1 for g in gold if g["quantities"]), "quantities": counts["value"][2]}
    for name, (tp, np_, ng) in counts.items():
        out[name] = _prf(tp, np_, ng)
    out["errors"] = errors
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--errors", action="store_true", help="list the sentences with a mistake")
    ap.add_argument("--no-checkworthy", action="store_true", help="skip the check-worthiness figures (eval/checkworthy.py)")
    args = ap.parse_args(argv)
    result = {"dev": evaluate(load_gold(GOLD)), "heldout": evaluate(load_gold(HELDOUT))}
    if not args.no_checkworthy:
        # The issue asks one script for both halves of the claims work: numbers and check-worthiness.
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import checkworthy  # noqa: PLC0415  (eval/checkworthy.py)

        result["checkworthy"] = {
            name: {k: m[k] for k in ("precision", "recall", "f1", "n", "positives")}
            for name, m in (("ct24_dev", checkworthy.evaluate_ct24()), ("news", checkworthy.evaluate_news()))
        }
    if not args.errors:
        for key in ("dev", "heldout"):
            result[key]["errors"] = len(result[key]["errors"])
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
