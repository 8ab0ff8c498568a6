"""Time the check-worthiness annotator on ~1,000-word news articles, one core, beyond the shared parse.

The articles are those of ``bench/sourcing.py`` (BuzzFeed-Webis, 900-1,100 words). For each, the
structure step, the shared NLP base, the sourcing annotators and the numeric claims run first (not
timed here); then the ``checkworthy`` component runs on the annotated article (the model is loaded
once, before timing). The numeric claims are timed too, as the issue's budget covers both.
Medians of CPU time (``time.process_time``) and wall time per article, pinned to one core.

    python bench/checkworthy.py              # 20 articles, 5 repeats

Budget (issue 4): <= 10 ms median per 1,000-word article for claims + check-worthiness together.
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
    from presslens.annotate.claims.checkworthy import CheckworthyAnnotator, load_model
    from presslens.annotate.claims.figures import ClaimAnnotator
    from presslens.components import Context

    texts = _articles(n)
    pipe = presslens.Pipeline(["nlp", "entities", "quotes", "sources"])
    prepared = [pipe(t, format="text") for t in texts]
    claims, cw = ClaimAnnotator(), CheckworthyAnnotator()
    load_model()
    cw(claims(prepared[0], Context()), Context())  # warm up
    cpu_claims: list[float] = []
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeat):
        for article in prepared:
            c0 = time.process_time()
            with_claims = claims(article, Context())
            c1, w1 = time.process_time(), time.perf_counter()
            cw(with_claims, Context())
            cpu_claims.append((c1 - c0) * 1000)
            cpu.append((time.process_time() - c1) * 1000)
            wall.append((time.perf_counter() - w1) * 1000)
    words = [len(a.text.split()) for a in prepared]
    both = [a + b for a, b in zip(cpu_claims, cpu, strict=True)]
    return {
        "articles": len(prepared),
        "repeat": repeat,
        "median_words": statistics.median(words),
        "checkworthy_median_cpu_ms": round(statistics.median(cpu), 2),
        "checkworthy_p90_cpu_ms": round(sorted(cpu)[int(0.9 * (len(cpu) - 1))], 2),
        "checkworthy_median_wall_ms": round(statistics.median(wall), 2),
        "claims_median_cpu_ms": round(statistics.median(cpu_claims), 2),
        "claims+checkworthy_median_cpu_ms": round(statistics.median(both), 2),
        "budget_ms": 10,
    }


def main(argv: list[str] | None = None) -> int:
    return run(__doc__, bench, argv)

if __name__ == "__main__":
    raise SystemExit(main())
