"""Article-body extraction on the ScrapingHub benchmark: presslens beside trafilatura.

Usage (from the repo root)::

    python bench/extraction.py [--shared ../shared] [--rounds 3] [--json]

Quality: every page is extracted once and scored with the benchmark's own metric
(``bench/_scoring.py``: 4-gram shingle precision/recall/F1, exact-token
accuracy, bootstrap +/- std).

- ``presslens``: ``presslens.analyze(html, format="html", components=()).text``
  (the HTML reader, trafilatura body + metadata, then the structure rules; no
  annotators); a page presslens rejects is an empty prediction.
- ``trafilatura``: ``trafilatura.extract(html)`` with its defaults.
- ``trafilatura+metadata``: ``trafilatura.extract(html, with_metadata=True)``,
  a timing baseline only (presslens reads metadata too; the text output then
  carries a metadata header, so it is not scored).
- ``presslens (html_fallback)``: as presslens, with trafilatura's readability/jusText
  fallbacks switched back on (``Settings(html_fallback=True)``); the default
  runs trafilatura with ``fast=True`` and falls back to presslens's own block
  scoring when trafilatura finds no body.

Speed: all extractors run in this one process, after a warm-up, interleaved page
by page (the order rotates from page to page, with a ``gc.collect()`` outside
the timed calls), for ``--rounds`` passes over the 181 pages. Reported: pages/s
(total pages / total seconds) and the ratio of total times against trafilatura.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scoring import HEADER, evaluate, fmt_row, load_dataset  # noqa: E402


def _extractors() -> dict[str, tuple[Callable[[str], str], bool]]:
    """name -> (html -> body text, scored?)"""
    import trafilatura

    import presslens
    from presslens.read.html import read_html
    from presslens.structure import build_article

    def pl(html: str) -> str:
        try:
            return presslens.analyze(html, format="html", components=()).text
        except presslens.InputError:
            return ""

    fallback = presslens.Settings(html_fallback=True)

    def pl_fallback(html: str) -> str:
        try:
            return build_article(read_html(html, "<string>", fast=False), fallback).text
        except presslens.InputError:
            return ""

    def tr(html: str) -> str:
        return trafilatura.extract(html) or ""

    def tr_meta(html: str) -> str:
        return trafilatura.extract(html, with_metadata=True) or ""

    return {
        "presslens": (pl, True),
        "trafilatura": (tr, True),
        "trafilatura+metadata": (tr_meta, False),
        "presslens (html_fallback)": (pl_fallback, True),
    }


def run(shared: Path, rounds: int, limit: int | None = None) -> dict:
    html, gold = load_dataset(shared)
    keys = list(html)[:limit] if limit else list(html)
    gold = {k: gold[k] for k in keys}
    extractors = _extractors()
    names = list(extractors)
    # warm-up: imports, regex compilation, dateparser/htmldate caches
    for k in keys[:5]:
        for name in names:
            extractors[name][0](html[k])
    seconds = dict.fromkeys(names, 0.0)
    preds: dict[str, dict[str, str]] = {n: {} for n in names}
    for r in range(rounds):
        for i, k in enumerate(keys):
            shift = (i + r) % len(names)
            order = names[shift:] + names[:shift]
            for name in order:
                fn = extractors[name][0]
                gc.collect()
                t0 = time.perf_counter()
                out = fn(html[k])
                seconds[name] += time.perf_counter() - t0
                if r == 0:
                    preds[name][k] = out
    n_pages = len(keys) * rounds
    results: dict = {
        "pages": len(keys),
        "rounds": rounds,
        "extractors": {},
    }
    base = seconds["trafilatura"]
    base_meta = seconds["trafilatura+metadata"]
    for name in names:
        entry: dict = {
            "seconds": round(seconds[name], 3),
            "pages_per_s": round(n_pages / seconds[name], 2),
            "time_ratio_vs_trafilatura": round(seconds[name] / base, 3),
            "time_ratio_vs_trafilatura_metadata": round(seconds[name] / base_meta, 3),
        }
        if extractors[name][1]:
            m = evaluate(gold, preds[name])
            entry.update({k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()})
        results["extractors"][name] = entry
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder (default ../shared)")
    ap.add_argument("--rounds", type=int, default=3, help="timing passes over the pages (quality is from the first)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (quick check)")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    args = ap.parse_args(argv)
    res = run(args.shared, args.rounds, args.limit)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"ScrapingHub article-extraction benchmark: {res['pages']} pages, timing over {res['rounds']} interleaved round(s)\n")
    print(HEADER + f"  {'empty':>5}  {'pages/s':>8}  {'time ratio':>10}")
    for name, e in res["extractors"].items():
        extra = [f"{e['pages_per_s']:>8.1f}", f"{e['time_ratio_vs_trafilatura']:>9.2f}x"]
        if "f1" in e:
            print(fmt_row(name, e, [f"{e['empty']:>5}"] + extra))
        else:
            print(f"{name + ' (timing only)':<34}  " + " " * 56 + f"{'':>5}  " + "  ".join(extra))
    pl, tm = res["extractors"]["presslens"], res["extractors"]["trafilatura+metadata"]
    print(
        f"\npresslens time / trafilatura time = {pl['time_ratio_vs_trafilatura']:.2f}"
        f"  (vs trafilatura with_metadata=True: {pl['time_ratio_vs_trafilatura_metadata']:.2f};"
        f" trafilatura with_metadata / without = {tm['time_ratio_vs_trafilatura']:.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
