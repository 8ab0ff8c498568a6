"""Shared set-up of the one-core latency benchmarks (sourcing, claims, checkworthy, persuasion).

Importing this module sets the BLAS/OpenMP thread counts to 1 (before numpy loads), so the
figures are what one core spends; :func:`pin_one_core` also pins the process to the first CPU
where the OS allows it. :func:`news_articles` gives the benchmark articles: BuzzFeed-Webis texts
of 900-1,100 words, paragraphs separated by blank lines, in corpus order.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
BUZZFEED = SHARED / "data" / "corpus" / "buzzfeed_webis_2016" / "articles.jsonl.gz"


def pin_one_core() -> None:
    """Pin this process to its first allowed CPU (no-op where the OS has no affinity call)."""
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        except OSError:
            pass


def news_articles(n: int, low: int = 900, high: int = 1100) -> list[str]:
    """The first ``n`` BuzzFeed-Webis articles with ``low``-``high`` words, as plain text."""
    out: list[str] = []
    with gzip.open(BUZZFEED, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if low <= len(rec["text"].split()) <= high:
                paras = [rec["text"][p["start"] : p["end"]].strip() for p in rec["paragraphs"]]
                out.append("\n\n".join(p for p in paras if p))
                if len(out) >= n:
                    break
    return out


def run(doc: str, bench, argv: list[str] | None = None, n: int = 20, repeat: int = 5) -> int:
    """The command line of a one-core latency benchmark: ``-n`` articles, ``--repeat`` passes, JSON out."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=n, help=f"articles (default {n})")
    ap.add_argument("--repeat", type=int, default=repeat)
    args = ap.parse_args(argv)
    pin_one_core()
    sys.path.insert(0, str(REPO / "src"))
    print(json.dumps(bench(args.n, args.repeat), indent=2))
    return 0
