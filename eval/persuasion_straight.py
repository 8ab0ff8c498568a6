"""False alarms of the persuasion annotator on straight news labelled by hand before any model scored it.

    python eval/persuasion_straight.py            # shown spans per article, default settings
    python eval/persuasion_straight.py --json
    python eval/persuasion_straight.py --mode fast

The set is eval/gold/persuasion-straight-news.json (ids and labels only: the articles are read
from ../shared/data/corpus at run time): Reuters and AP reports judged to hold no clear technique
in any voice (labels "none" and "mild"; "clear" ones are listed but not scored). Each article
runs through the pipeline (components quotes and techniques, so that quoted rhetoric is told
apart) as plain text; reported: spans shown (confidence >= the display threshold) per article,
all spans per article, and the shown spans by voice. Also the bundled sample article
(src/presslens/data/sample-article.md, an invented neutral report), which should show none.
The floors (eval/floors.json "persuasion": straight_news_shown_per_article_max,
sample_article_shown_max) are enforced by tests/annotate/test_persuasion_calibration.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
GOLD = REPO / "eval" / "gold" / "persuasion-straight-news.json"
SAMPLE = REPO / "src" / "presslens" / "data" / "sample-article.md"


def straight_texts() -> dict[str, str]:
    """id -> text of the labelled straight news with no clear technique (labels none and mild)."""
    from presslens.training.ptc import shared_dir

    items = [a for a in json.loads(GOLD.read_text(encoding="utf-8"))["articles"] if a["label"] != "clear"]
    by_file: dict[str, set[str]] = {}
    for a in items:
        by_file.setdefault(a["file"], set()).add(a["id"])
    out: dict[str, str] = {}
    for name, ids in by_file.items():
        with gzip.open(shared_dir() / "data" / "corpus" / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["id"] in ids:
                    out[rec["id"]] = rec["text"].replace(" ### ", "\n\n")
    missing = {a["id"] for a in items} - set(out)
    if missing:
        raise SystemExit(f"{GOLD}: {len(missing)} labelled articles not found in ../shared/data/corpus (e.g. {sorted(missing)[0]}); check PRESSLENS_SHARED")
    return out


def scores(mode: str | None = None, components: tuple[str, ...] = ("quotes", "techniques")) -> dict:
    import presslens

    settings = presslens.Settings.load(**({"persuasion": {"mode": mode}} if mode else {}))
    pipe = presslens.Pipeline(list(components), settings)
    texts = straight_texts()
    per = {}
    for aid, text in sorted(texts.items()):
        art = pipe(text.encode("utf-8"), format="text")
        ts = art.annotations.get("techniques", ())
        per[aid] = {
            "spans": len(ts),
            "shown": sum(t.shown for t in ts),
            "shown_own": sum(t.shown and t.voice == "own" for t in ts),
            "shown_quoted": sum(t.shown and t.voice == "quoted" for t in ts),
            "shown_techniques": [t.technique for t in ts if t.shown],
        }
    sample = pipe(SAMPLE)
    n = len(per)
    return {
        "mode": settings.persuasion.mode,
        "display_threshold": settings.persuasion.display_threshold,
        "articles": n,
        "shown_per_article": sum(p["shown"] for p in per.values()) / n,
        "shown_own_per_article": sum(p["shown_own"] for p in per.values()) / n,
        "shown_quoted_per_article": sum(p["shown_quoted"] for p in per.values()) / n,
        "spans_per_article": sum(p["spans"] for p in per.values()) / n,
        "articles_with_a_shown_span": sum(1 for p in per.values() if p["shown"]),
        "sample_article_shown": sum(t.shown for t in sample.annotations.get("techniques", ())),
        "sample_article_spans": len(sample.annotations.get("techniques", ())),
        "per_article": per,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="shown technique spans per straight news article (hand-labelled set) and on the sample article")
    ap.add_argument("--mode", default=None, help="persuasion mode (default: the settings' mode)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    s = scores(a.mode)
    if a.json:
        print(json.dumps(s))
        return
    print(f"[{s['mode']}] {s['articles']} straight news articles (no clear technique, labelled before scoring); display threshold {s['display_threshold']}")
    print(f"  shown spans per article {s['shown_per_article']:.2f} (own voice {s['shown_own_per_article']:.2f}, quoted {s['shown_quoted_per_article']:.2f}); "
          f"articles with a shown span {s['articles_with_a_shown_span']}; all spans per article {s['spans_per_article']:.1f}")
    for aid, p in s["per_article"].items():
        if p["shown"]:
            print(f"    {aid}: {p['shown']} shown ({', '.join(p['shown_techniques'])})")
    print(f"  sample article: {s['sample_article_shown']} shown of {s['sample_article_spans']} spans")


if __name__ == "__main__":
    main()
