"""How often the guideline cues fire, where PTC's annotators agree, and their audited precision.

    python eval/persuasion_cues.py                # PTC counts (train and validation parts) + audit precision
    python eval/persuasion_cues.py --draw 2       # print audit round 2's hits (to judge them by hand)

The cues (``presslens.annotate.persuasion.cues``) are rules written from the SemEval-2020 Task 11
technique definitions, not fitted to data, so their precision is measured in two ways:

1. **PTC**: on our train and validation parts, how many cue spans overlap a gold span, and how
   many a gold span of the cue's technique.
2. **Audit**: on allsides news articles (``../shared/data/corpus/allsides_bias``), every hit in a
   fixed random sample was judged by hand: is the span this technique by the guideline
   definition? The verdicts (round, record id, offsets, cue, verdict; never article text) are in
   ``eval/persuasion_cues_audit.json`` (its "about" says how each was judged). The rules were
   written on a development sample (``DEV_SEED``). Round 1 audited the first rules on a sample
   without those records; mistakes it showed were mended (a negation between the modal and the
   verb, "war crimes"), so round 2 audited the fear cues again on a fresh sample, and round 3 the
   hypocrisy cue (written after round 1) on the records left. A cue's confidence in the code is
   its ``yes`` share in its last round. The current rules are run again on each round's sample
   and matched to the verdicts, so a hit the rules no longer make drops out and a new one shows
   as unjudged.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

DEV_SEED, DEV_SIZE = 1, 5000  # records the rules were written and revised on
ROUNDS = {
    1: (2026, 10000, ("unverified-claim", "warning-of-catastrophe", "nuclear-war")),
    2: (2027, 15000, ("warning-of-catastrophe", "nuclear-war")),
    3: (2028, None, ("hypocrisy-charge",)),
}
# round: (seed, records (None = all that are left), cues drawn (None = all)); a round's records
# exclude the development sample and the earlier rounds
AUDIT_FILE = REPO / "eval" / "persuasion_cues_audit.json"


def _sentences(text: str) -> list[tuple[int, int]]:
    from presslens.annotate.persuasion import tokenize

    doc = tokenize(text)
    return [(doc.starts[i], doc.ends[j - 1]) for i, j in doc.sents]


def ptc_counts() -> dict[str, dict[str, list[int]]]:
    """Per part and cue: [hits, hits overlapping any gold span, hits overlapping a gold span of the cue's technique]."""
    from presslens.annotate.persuasion.cues import find_cues
    from presslens.training.ptc import load_articles, load_split

    split = load_split()
    out: dict[str, dict[str, list[int]]] = {}
    for part in ("train", "validation"):
        counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
        for art in load_articles(ids=set(split[part])).values():
            for s, e, tech, _, name in find_cues(art.text, _sentences(art.text)):
                over = {t for t, gs, ge in art.spans if gs < e and s < ge}
                c = counts[name]
                c[0] += 1
                c[1] += bool(over)
                c[2] += tech in over
        out[part] = dict(counts)
    return out


def audit_records(round_: int) -> list[dict]:
    from presslens.training.ptc import shared_dir

    recs = []
    for path in sorted((shared_dir() / "data" / "corpus" / "allsides_bias").glob("articles-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            recs.extend(json.loads(line) for line in fh if line.strip())
    used = {r["id"] for r in random.Random(DEV_SEED).sample(recs, DEV_SIZE)}
    for r in sorted(ROUNDS):
        seed, size, _ = ROUNDS[r]
        rest = [x for x in recs if x["id"] not in used]
        sample = random.Random(seed).sample(rest, size or len(rest))
        if r == round_:
            return sample
        used |= {x["id"] for x in sample}
    raise ValueError(f"no audit round {round_}")


def audit_hits(round_: int) -> list[tuple[str, int, int, str, str]]:
    """(record id, start, end, cue, span text) for every cue hit of the round's sample (its cues only)."""
    from presslens.annotate.persuasion.cues import find_cues

    cues = ROUNDS[round_][2]
    hits = []
    for rec in audit_records(round_):
        text = rec.get("text") or ""
        for s, e, _, _, name in find_cues(text, _sentences(text)):
            if cues is None or name in cues:
                hits.append((rec["id"], s, e, name, text[s:e]))
    return hits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draw", type=int, choices=sorted(ROUNDS), help="print this audit round's hits to judge")
    a = ap.parse_args()
    if a.draw:
        for rid, s, e, name, text in audit_hits(a.draw):
            print(json.dumps({"id": rid, "start": s, "end": e, "cue": name, "text": text}, ensure_ascii=False))
        return
    for part, counts in ptc_counts().items():
        for name, (n, anyov, same) in sorted(counts.items()):
            print(f"PTC {part:10s} {name:24s} hits {n:3d}  in a gold span {anyov:3d}  in a gold span of its technique {same:3d}")
    verdicts = {(v["round"], v["id"], v["start"], v["end"], v["cue"]): v["verdict"] for v in json.loads(AUDIT_FILE.read_text(encoding="utf-8"))["verdicts"]}
    for rnd in sorted(ROUNDS):
        per: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for rid, s, e, name, _ in audit_hits(rnd):
            per[name][verdicts.get((rnd, rid, s, e, name), "unjudged")] += 1
        for name, c in sorted(per.items()):
            n = sum(c.values())
            judged = n - c["unjudged"]
            extra = "".join(f"  {k} {c[k]}" for k in ("status", "unjudged") if c[k])
            print(f"audit round {rnd} {name:24s} hits {n:3d}  yes {c['yes']:3d}  no {c['no']:3d}{extra}  precision {c['yes'] / max(judged, 1):.2f}")


if __name__ == "__main__":
    main()
