"""Validation scores of the committed persuasion model (PTC, our validation split).

    python eval/persuasion.py                  # every mode: SI P/R/F1 and TC micro-F1 on eval/splits/ptc-split.json "validation"
    python eval/persuasion.py --mode tagger    # one mode (fast, tagger, tagger-accurate, balanced, accurate)
    python eval/persuasion.py --mode all --json
    python eval/persuasion.py --mode tagger --no-cues   # the models alone, without the guideline cues
    python eval/persuasion.py --mode tagger --by-technique   # TC per technique too
    python eval/persuasion.py --mode tagger --calibrated     # the report half: calibration, spans shown at the display threshold

SI: the annotator's spans against the gold spans (official SemEval-2020 Task 11 SI scorer,
partial credit for overlapping characters after merging overlaps). TC: the technique classifier
on the gold spans (micro-F1; in the tagger modes the tagger encodes the mode's share of the
article plus the sentences holding the gold spans). FLC: span and technique together (the SI scorer per technique, pooled), on the
annotator's output. Only our validation articles are scored; dev/test are held out.
The floors in eval/floors.json ("persuasion") are enforced by tests/annotate/test_persuasion.py.

``--calibrated`` scores the committed calibrator of the mode on the report half of the validation
part (eval/splits/ptc-calibration.json; the calibrator was fitted on the other half and on
straight news): expected calibration error with its reliability table (confidence against the
observed precision of the spans: the share of their characters inside a gold span of their
technique), and SI / FLC of every span and of the spans shown (confidence >= the display
threshold, 0.5), the official scorer restricted to those spans. Enforced by
tests/annotate/test_persuasion_calibration.py.
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


def calibrated(mode: str = "tagger", threshold: float | None = None) -> dict:
    """The report half's calibration figures of the committed calibrator (docstring above)."""
    from presslens.training.persuasion_calibration import DISPLAY_THRESHOLD, load_calibration_split, report
    from presslens.training.ptc import load_articles

    articles = load_articles(ids=set(load_calibration_split()["report"]))
    return report(mode, None, articles, DISPLAY_THRESHOLD if threshold is None else threshold)


def print_calibrated(s: dict) -> None:
    mode = s["mode"]
    print(f"[{mode}] report half: {s['articles']} articles, {s['gold_spans']} gold spans, {s['spans']} spans")
    print(f"[{mode}] expected calibration error {s['ece']:.4f} (confidence: with the technique); {s['ece_span']:.4f} (span_confidence)")
    print(f"[{mode}]   {'confidence':>10}  {'spans':>5}  {'mean conf':>9}  {'observed':>8}")
    for r in s["reliability"]:
        print(f"[{mode}]   {r['bin']:>10}  {r['spans']:5d}  {r['mean_confidence']:9.3f}  {r['observed']:8.3f}")
    for name in ("all", "shown"):
        r = s[name]
        print(f"[{mode}] {name:5s} {r['spans']:5d} spans  SI P {r['si_precision']:.4f} R {r['si_recall']:.4f} F1 {r['si_f1']:.4f}  "
              f"FLC P {r['flc_precision']:.4f} R {r['flc_recall']:.4f} F1 {r['flc_f1']:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description="SI F1 and TC micro-F1 of the committed persuasion model on our PTC validation split")
    ap.add_argument("--mode", choices=[*MODES, "all", "both"], default="all", help="a mode, or all of them (both = all, kept for old commands)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-cues", action="store_true", help="score the models alone, without the guideline cues (persuasion_cues)")
    ap.add_argument("--by-technique", action="store_true", help="also print TC precision/recall/F1 per technique")
    ap.add_argument("--calibrated", action="store_true", help="score the calibrated confidences on the report half instead")
    ap.add_argument("--threshold", type=float, default=None, help="display threshold for --calibrated (default 0.5)")
    a = ap.parse_args()
    if a.calibrated:
        for mode in MODES if a.mode in ("all", "both") else (a.mode,):
            s = calibrated(mode, a.threshold)
            if a.json:
                print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in s.items()}))
            else:
                print_calibrated(s)
        return
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
