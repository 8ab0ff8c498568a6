"""Time the sourcing stack on ~1,000-word news articles, one core, each part on its own.

Parts: read + structure (``Pipeline([])``), the shared NLP base (``nlp``: spaCy NER + senter on
the whole text, parser on the sentences that need it), then the annotators beyond it
(``entities``, ``quotes`` + ``scare_quotes``, ``sources``). Medians over articles of the
BuzzFeed-Webis corpus with 900-1,100 words (plain text, paragraphs as blank lines), each run
``--repeat`` times with the NLP cache cleared. Each part is timed twice: CPU time of this process
(``time.process_time``: what one core spends, whatever else runs on the machine) and wall time;
the budgets are read against CPU time when the machine is shared.

    python bench/sourcing.py                    # timings (pinned to one core where possible)
    python bench/sourcing.py --mode full        # parse every sentence (PRESSLENS_NLP_FULL_PARSE=1)
    python bench/sourcing.py --check-gemm       # same annotations with and without the thinc gemm fix?

Budgets (issue 3): annotators <= 25 ms beyond the NLP base; read + structure + NLP base +
sourcing <= 150 ms, medians on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _onecore import REPO, SHARED, news_articles, pin_one_core  # noqa: E402  (sets BLAS threads to 1 first)


def articles(n: int) -> list[str]:
    return news_articles(n)


def bench(n: int, repeat: int) -> dict:
    import presslens
    from presslens.annotate import nlp
    from presslens.annotate.sourcing import entities, quotes, sources
    from presslens.settings import Settings

    texts = articles(n)
    structure = presslens.Pipeline([])
    cfg = Settings.load().nlp  # PRESSLENS_NLP_FULL_PARSE / PRESSLENS_NLP_GEMM_FIX
    nlp.load(cfg.gemm_fix)
    # warm up
    a0 = structure(texts[0], format="text")
    nlp.parse_one(a0.text, cfg)
    keys = ("read+structure", "nlp", "entities", "quotes", "sources", "annotators", "total")
    times: dict[str, list[float]] = {k: [] for k in keys}
    walls: dict[str, list[float]] = {k: [] for k in keys}
    clock = time.process_time
    words = []
    for _ in range(repeat):
        for text in texts:
            marks = []
            marks.append((clock(), time.perf_counter()))
            article = structure(text, format="text")
            marks.append((clock(), time.perf_counter()))
            doc = nlp.parse_one(article.text, cfg)
            marks.append((clock(), time.perf_counter()))
            ents = entities.find_entities(article, doc=doc)
            marks.append((clock(), time.perf_counter()))
            qs, _ = quotes.find_quotes(article, ents, doc=doc)
            marks.append((clock(), time.perf_counter()))
            sources.find_sources(article, ents, qs, doc=doc)
            marks.append((clock(), time.perf_counter()))
            spans = {"read+structure": (0, 1), "nlp": (1, 2), "entities": (2, 3), "quotes": (3, 4), "sources": (4, 5), "annotators": (2, 5), "total": (0, 5)}
            for key, (a, b) in spans.items():
                times[key].append((marks[b][0] - marks[a][0]) * 1000)
                walls[key].append((marks[b][1] - marks[a][1]) * 1000)
            words.append(len(article.text.split()))
    seed = SHARED / "examples" / "globalresearch-aleppo-2016.md"
    seed_times = []
    if seed.exists():
        for _ in range(5):
            c0 = clock()
            structure(seed)
            seed_times.append((clock() - c0) * 1000)
    return {
        "articles": len(texts),
        "read+structure_seed_markdown_cpu_ms": round(statistics.median(seed_times), 1) if seed_times else None,
        "repeat": repeat,
        "median_words": statistics.median(words),
        "full_parse": cfg.full_parse,
        "gemm_fix": cfg.gemm_fix,
        "median_cpu_ms": {k: round(statistics.median(v), 1) for k, v in times.items()},
        "median_wall_ms": {k: round(statistics.median(v), 1) for k, v in walls.items()},
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "budgets_ms": {"annotators": 25, "total": 150},
    }


def annotations(n: int) -> list:
    import presslens

    out = []
    pipe = presslens.Pipeline(["nlp", "entities", "quotes", "sources"])
    for text in articles(n):
        a = pipe(text, format="text")
        out.append({k: json.loads(json.dumps([presslens.records.to_jsonable(x) for x in v])) for k, v in a.annotations.items()})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10, help="articles (default 10)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mode", choices=["selective", "full"], default="selective")
    ap.add_argument("--check-gemm", action="store_true", help="compare annotations with and without the gemm fix")
    ap.add_argument("--dump", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    pin_one_core()
    sys.path.insert(0, str(REPO / "src"))
    if args.dump:
        Path(args.dump).write_text(json.dumps(annotations(args.n)), encoding="utf-8")
        return 0
    if args.check_gemm:
        results = []
        for flag in ("1", "0"):
            out = Path(tempfile.gettempdir()) / f"presslens-gemm-{flag}.json"
            env = dict(os.environ, PRESSLENS_NLP_GEMM_FIX=flag)
            subprocess.run([sys.executable, __file__, "-n", str(args.n), "--dump", str(out)], env=env, check=True)
            results.append(json.loads(out.read_text(encoding="utf-8")))
        same = results[0] == results[1]
        print(json.dumps({"articles": args.n, "identical_annotations": same}))
        return 0 if same else 1
    if args.mode == "full":
        os.environ["PRESSLENS_NLP_FULL_PARSE"] = "1"
    print(json.dumps(bench(args.n, args.repeat), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
