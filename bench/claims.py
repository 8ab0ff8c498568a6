"""Time the numeric-claims annotator on ~1,000-word news articles, one core, beyond the shared parse.

The articles are those of ``bench/sourcing.py`` (BuzzFeed-Webis, 900-1,100 words). For each, the
structure step, the shared NLP base and the sourcing annotators run first (not timed here: see
``bench/sourcing.py``); then the ``claims`` component runs on the annotated article (numeric
claims + consistency; the Doc comes from the per-process cache, as in a pipeline). Medians of
CPU time (``time.process_time``) and wall time per article, pinned to one core where possible.

    python bench/claims.py              # 20 articles, 5 repeats
    python bench/claims.py -n 40 --repeat 3

Budget (issue 4): <= 10 ms median per 1,000-word article beyond the shared parse.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _onecore import news_articles as _articles  # noqa: E402
from _onecore import run  # noqa: E402  (sets BLAS threads to 1 first)


def bench(n: int, repeat: int) -> dict:
    import presslens
    import presslens.annotate  # noqa: F401  (registers the annotators)
    from presslens.annotate.claims.figures import ClaimAnnotator
    from presslens.components import Context

    texts = _articles(n)
    pipe = presslens.Pipeline(["nlp", "entities", "quotes", "sources"])
    prepared = [pipe(t, format="text") for t in texts]
    claims = ClaimAnnotator()
    claims(prepared[0], Context())  # warm up (regex compilation)
    cpu: list[float] = []
    wall: list[float] = []
    found: list[int] = []
    for _ in range(repeat):
        for article in prepared:
            c0, w0 = time.process_time(), time.perf_counter()
            out = claims(article, Context())
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
            found.append(len(out.annotations["numeric_claims"]))
    words = [len(a.text.split()) for a in prepared]
    return {
        "articles": len(prepared),
        "repeat": repeat,
        "median_words": statistics.median(words),
        "median_claims": statistics.median(found),
        "claims_median_cpu_ms": round(statistics.median(cpu), 2),
        "claims_p90_cpu_ms": round(sorted(cpu)[int(0.9 * (len(cpu) - 1))], 2),
        "claims_median_wall_ms": round(statistics.median(wall), 2),
        "budget_ms": 10,
    }


def main(argv: list[str] | None = None) -> int:
    return run(__doc__, bench, argv)

if __name__ == "__main__":
    raise SystemExit(main())
