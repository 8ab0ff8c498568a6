"""Why few persuasion spans reach the display threshold: the ranking of the spans, measured.

    python eval/persuasion_ranking.py               # default (tagger) mode, report half
    python eval/persuasion_ranking.py --json

Issue 21 asks, at the display threshold, for SI precision >= 0.60 and recall >= 0.30. The SI
measure ignores the technique; ``confidence`` (what the display threshold reads) is the estimated
precision of a span *with its technique*. This script separates the two limits on the report
half of eval/splits/ptc-calibration.json (nothing was fitted or chosen on it):

- **technique**: the mean share of the model spans' characters inside a gold span of *any*
  technique against inside one of *their* technique (the technique is right on about half the
  spans that lie in a gold span, so an estimate of precision with the technique rarely reaches 0.5);
- **ranking**: SI precision and recall of the top-k model spans ranked by ``confidence``, by
  ``span_confidence`` (any technique: what ``confidence`` would become with a perfect technique
  classifier), by the models' own score, and by the **oracle** (each span's observed share inside
  a gold span: how far the same spans could go with a perfect ranking; an upper bound that reads
  the report half's gold, never a model's figure);
- **span model**: the tagger's own probability curve (runs of words whose blended token
  probability is at or above t, in the sentences the mode encodes), without any calibration.

If the best non-oracle ranking stays under SI precision 0.60 at recall 0.30, no calibration and
no technique classifier over these spans can meet the goal: it needs a stronger span model.
The figures are in docs/persuasion.md ("Why so few spans are shown").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

TOP_K = (50, 100, 200, 300, 400, 600, 800)
THRESHOLDS = (0.35, 0.45, 0.55, 0.65, 0.75)


def ranking(mode: str = "tagger") -> dict:
    """The figures described in the module docstring, for ``mode`` on the report half."""
    import numpy as np

    from presslens.annotate.persuasion import load_model
    from presslens.annotate.persuasion.base import tokenize
    from presslens.annotate.persuasion.detect import _mode_probabilities
    from presslens.metrics.propaganda import si_scores
    from presslens.training.persuasion_calibration import load_calibration_split, observed
    from presslens.training.ptc import load_articles

    model = load_model()
    articles = load_articles(ids=set(load_calibration_split()["report"]))
    gold = [(a, s, e) for a, art in articles.items() for _, s, e in art.spans]
    spans = []  # (article, start, end, confidence, span_confidence, score, observed with technique, observed any)
    runs: dict[float, list[tuple[str, int, int]]] = {t: [] for t in THRESHOLDS}
    for aid, art in articles.items():
        for f in model.detect(art.text, mode, cues=False):
            y, y_any = observed(f.start, f.end, f.technique, art.spans)
            spans.append((aid, f.start, f.end, f.confidence, f.span_confidence, f.score, y, y_any))
        doc = tokenize(art.text)
        if doc.words:
            _, p_mode, _, enc = _mode_probabilities(model, doc, mode)
            encoded = np.zeros(len(doc.words), dtype=bool)
            for k in enc.sentences if enc is not None else range(len(doc.sents)):
                encoded[slice(*doc.sents[k])] = True
            for t in THRESHOLDS:
                runs[t] += [(aid, s, e) for s, e in _runs(doc, np.where(encoded, p_mode, 0.0), t)]

    def curve(key: int) -> list[dict]:
        order = sorted(spans, key=lambda s: -s[key])
        out = []
        for k in TOP_K:
            sc = si_scores([s[:3] for s in order[:k]], gold)
            out.append({"top": k, "si_precision": round(sc.precision, 3), "si_recall": round(sc.recall, 3)})
        return out

    tagger_curve = []
    for t, r in runs.items():
        sc = si_scores(r, gold)
        tagger_curve.append({"threshold": t, "spans": len(r), "si_precision": round(sc.precision, 3), "si_recall": round(sc.recall, 3)})
    return {
        "mode": mode,
        "articles": len(articles),
        "spans": len(spans),
        "share_inside_gold_any_technique": round(float(np.mean([s[7] for s in spans])), 3) if spans else 0.0,
        "share_inside_gold_its_technique": round(float(np.mean([s[6] for s in spans])), 3) if spans else 0.0,
        "by_confidence": curve(3),
        "by_span_confidence": curve(4),
        "by_model_score": curve(5),
        "oracle": curve(7),
        "tagger_probability": tagger_curve,
    }


def _runs(doc, p, t: float) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Character ranges of runs of words with probability >= t (one-word gaps bridged, within a sentence)."""
    out = []
    for i, j in doc.sents:
        k = i
        while k < j:
            if p[k] >= t and doc.words[k][:1].isalnum():
                m = k
                while m + 1 < j and (p[m + 1] >= t or (m + 2 < j and p[m + 2] >= t)):
                    m += 1
                out.append((doc.starts[k], doc.ends[m]))
                k = m + 1
            else:
                k += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="How the persuasion spans rank on the report half (SI precision / recall of the top spans)")
    ap.add_argument("--mode", default="tagger", choices=("fast", "tagger", "tagger-accurate", "balanced", "accurate"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = ranking(a.mode)
    if a.json:
        print(json.dumps(r))
        return
    print(f"[{r['mode']}] report half: {r['articles']} articles, {r['spans']} model spans (cues left out)")
    print(f"[{r['mode']}] mean share of a span inside a gold span: of any technique {r['share_inside_gold_any_technique']:.3f}, of its technique {r['share_inside_gold_its_technique']:.3f}")
    for name in ("by_confidence", "by_span_confidence", "by_model_score", "oracle"):
        print(f"[{r['mode']}] {name:19s} " + "  ".join(f"top {c['top']}: P {c['si_precision']:.2f} R {c['si_recall']:.3f}" for c in r[name]))
    print(f"[{r['mode']}] tagger probability  " + "  ".join(f">= {c['threshold']}: {c['spans']} runs P {c['si_precision']:.2f} R {c['si_recall']:.3f}" for c in r["tagger_probability"]))


if __name__ == "__main__":
    main()
