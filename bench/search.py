"""Search latency: p50/p95 of ~50 single- and multi-word queries on an ingested store.

Usage (from the repo root)::

    python bench/ingest.py --n 2000 --keep bench.db   # build the database once
    python bench/search.py --db bench.db [--repeat 5] [--limit 20] [--json]

Each query runs through the Python API (``store.search``: FTS5 MATCH, bm25 ranking,
snippet with highlights, join to the article row), once to warm the page cache,
then ``--repeat`` timed times. Some queries carry a publisher or date filter.
Reported: p50, p95 and max over all timed runs, and the slowest queries.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

# (query, filters): single words, multi-word ANDs, phrases, OR/NOT, prefixes, punctuated words, filters.
QUERIES: list[tuple[str, dict]] = [
    ("trump", {}), ("election", {}), ("immigration", {}), ("coronavirus", {}), ("vaccine", {}), ("climate", {}),
    ("economy", {}), ("russia", {}), ("china", {}), ("abortion", {}), ("guns", {}), ("police", {}), ("taxes", {}),
    ("healthcare", {}), ("border", {}), ("senate", {}), ("supreme", {}), ("impeachment", {}), ("biden", {}),
    ("the", {}), ("said", {}), ("zeppelin", {}),
    ("border wall", {}), ("health care", {}), ("supreme court nominee", {}), ("trade war china", {}),
    ("gun control legislation", {}), ("climate change policy", {}), ("federal reserve interest rates", {}),
    ("white house press secretary", {}), ("mueller report obstruction", {}), ("north korea nuclear talks", {}),
    ('"supreme court"', {}), ('"health care"', {}), ('"white house"', {}), ('"border wall" funding', {}),
    ("immigration OR refugees", {}), ("vaccine NOT covid", {}), ("tax OR taxes OR taxation", {}),
    ("immig*", {}), ("elect* fraud", {}), ("covid-19", {}), ("U.S. economy", {}), ("title:trump", {}),
    ("trump", {"since": "2019-01-01"}), ("election", {"until": "2016"}), ("immigration", {"since": "2017", "until": "2018"}),
    ("trump", {"source": "CNN (Web News)"}), ("president", {"source": "Fox Online News"}),
    ("economy", {"source": "Politico", "since": "2015"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a SQLite file or a postgresql:// URL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from presslens.store import open_store

    timings: list[float] = []
    per_query: list[tuple[float, str, int]] = []
    with open_store(args.db, create=False) as store:
        count = store.count()
        for query, filters in QUERIES:
            hits = store.search(query, limit=args.limit, **filters)  # warm-up
            runs = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                store.search(query, limit=args.limit, **filters)
                runs.append((time.perf_counter() - started) * 1000)
            timings += runs
            per_query.append((max(runs), f"{query} {filters or ''}".strip(), len(hits)))
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    result = {"articles": count, "queries": len(QUERIES), "runs": len(timings), "p50_ms": round(p50, 2),
              "p95_ms": round(p95, 2), "max_ms": round(timings[-1], 2),
              "slowest": [{"query": q, "max_ms": round(t, 2), "hits": n} for t, q, n in sorted(per_query, reverse=True)[:5]]}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"search on {count} articles: {len(QUERIES)} queries x {args.repeat} runs, limit {args.limit}")
    print(f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms")
    for s in result["slowest"]:
        print(f"  slowest: {s['max_ms']:>7} ms  {s['hits']:>3} hits  {s['query']}")


if __name__ == "__main__":
    main()
