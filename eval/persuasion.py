"""Validation scores of the committed persuasion model (PTC, our validation split).

    python eval/persuasion.py                  # every mode: SI P/R/F1 and TC micro-F1 on eval/splits/ptc-split.json "validation"
    python eval/persuasion.py --mode tagger    # one mode (fast, tagger, tagger-accurate, balanced, accurate)
    python eval/persuasion.py --mode all --json
    python eval/persuasion.py --mode tagger --no-cues   # the models alone, without the guideline cues
    python eval/persuasion.py --mode tagger --by-technique   # TC per technique too

SI: the annotator's spans against the gold spans (official SemEval-2020 Task 11 SI scorer,
partial credit for overlapping characters after merging overlaps). TC: the technique classifier
on the gold spans (micro-F1; in the tagger modes the tagger encodes the mode's share of the
article plus the sentences holding the gold spans). FLC: span and technique together (the SI scorer per technique, pooled), on the
annotator's output. Only our validation articles are scored; dev/test are held out.
The floors in eval/floors.json ("persuasion") are enforced by tests/annotate/test_persuasion.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

MODES = ("fast", "tagger", "tagger-accurate", "balanced", "accurate")  # = presslens.annotate.persuasion.MODES


def scores(mode: str = "fast", cues: bool = True) -> dict:
    from presslens.annotate.persuasion import load_model
    from presslens.training.persuasion import evaluate
    from presslens.training.ptc import load_articles, load_split

    split = load_split()
    articles = load_articles(ids=set(split["validation"]))
    return evaluate(load_model(), articles, mode=mode, cues=cues)


def main() -> None:
    ap = argparse.ArgumentParser(description="SI F1 and TC micro-F1 of the committed persuasion model on our PTC validation split")
    ap.add_argument("--mode", choices=[*MODES, "all", "both"], default="all", help="a mode, or all of them (both = all, kept for old commands)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-cues", action="store_true", help="score the models alone, without the guideline cues (persuasion_cues)")
    ap.add_argument("--by-technique", action="store_true", help="also print TC precision/recall/F1 per technique")
    a = ap.parse_args()
    for mode in MODES if a.mode in ("all", "both") else (a.mode,):
        t0 = time.time()
        s = scores(mode, cues=not a.no_cues)
        if a.json:
            print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in s.items()}))
            continue
        print(f"[{mode}{'' if s['cues'] else ', no cues'}] PTC validation: {s['articles']} articles, {s['gold_spans']} gold spans, {s['predicted_spans']} predicted spans")
        print(f"[{mode}] SI  precision {s['si_precision']:.4f}  recall {s['si_recall']:.4f}  F1 {s['si_f1']:.4f}")
        print(f"[{mode}] TC  micro-F1 {s['tc_micro_f1']:.4f}")
        if a.by_technique:
            for tech, r in sorted(s["tc_by_technique"].items(), key=lambda kv: -kv[1]["gold"]):
                print(f"[{mode}]     {tech:36s} gold {r['gold']:4d}  P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
        if "flc_f1" in s:
            print(f"[{mode}] FLC (span + technique) precision {s['flc_precision']:.4f}  recall {s['flc_recall']:.4f}  F1 {s['flc_f1']:.4f}")
        print(f"[{mode}] ({time.time() - t0:.1f}s)")


if __name__ == "__main__":
    main()
