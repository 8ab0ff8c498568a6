"""Search latency: p50/p95 of 50 single- and multi-word queries on ingested stores, side by side.

Usage (from the repo root)::

    python bench/ingest.py --n 2000 --keep bench.db   # build a database once
    python bench/search.py --db bench.db [--db postgresql://...] [--reference] [--repeat 5] [--limit 20] [--json]

Each ``--db`` (a SQLite file or a PostgreSQL URL) is searched through the Python API
(``store.search``: match, ranking, snippets with highlights, the article row). ``--reference``
adds, for each PostgreSQL database, a second connection with ``candidates = None``: every match
ranked with ``ts_rank`` over the whole ``tsv``, the search before issue 20, so the old and the
new ranking are timed in the same run. Every query runs once per store to warm the caches (its
result ids are kept), then ``--repeat`` timed rounds; within a round the stores take turns
query by query (the first store changes from query to query), so a busy stretch of a shared
machine falls on all of them. Some queries carry a publisher or date filter.

Reported per store: p50, p95 and max over all timed runs (wall time), the same percentiles of the
CPU time each search used (this process, plus the PostgreSQL backend's when the server runs on
this machine: on a shared, loaded machine wall time mostly measures the wait for a core), the
slowest queries, and the load average before and after; then, for each pair of stores, the mean overlap@limit of the result
ids (|A & B| / the larger result list, over the queries where either has a hit) and the number
of queries whose results are the same list.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def percentile(sorted_values: list[float], p: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    return sorted_values[max(0, int(round(p * len(sorted_values))) - 1)]


def overlap(a: list[str], b: list[str]) -> float | None:
    """|a & b| / the longer list (None when both are empty)."""
    n = max(len(a), len(b))
    return len(set(a) & set(b)) / n if n else None


def server_cpu_ns(store: Any) -> Callable[[], int] | None:
    """A reader of the CPU time (ns) used so far by the PostgreSQL backend serving ``store``, from
    ``/proc/PID/schedstat`` (a server on this machine only; None otherwise, and for SQLite, whose
    work is done in this process). CPU time, unlike wall time, hardly moves with the machine's load."""
    pid = getattr(getattr(getattr(store, "conn", None), "info", None), "backend_pid", None)
    path = Path(f"/proc/{pid}/schedstat")
    if store.dialect != "postgresql" or not pid or not path.is_file():
        return None
    try:
        int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return lambda: int(path.read_text().split()[0])


def open_stores(urls: list[str], reference: bool) -> list[tuple[str, Any]]:
    from presslens.store import open_store

    stores: list[tuple[str, Any]] = []
    for url in urls:
        store = open_store(url, create=False)
        label = f"{store.dialect}:{Path(url).name if store.dialect == 'sqlite' else store.name}"
        stores.append((label, store))
        if reference and store.dialect == "postgresql":
            full = open_store(url, create=False)
            full.candidates = None
            stores.append((f"{label} (full ranking, before issue 20)", full))
    return stores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", required=True, help="a SQLite file or a postgresql:// URL (repeatable)")
    parser.add_argument("--reference", action="store_true",
                        help="also time each PostgreSQL database with every match ranked on the whole tsv (the old search)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    stores = open_stores(args.db, args.reference)
    load_before = os.getloadavg()
    timings: dict[str, list[float]] = {label: [] for label, _ in stores}
    cpu: dict[str, list[float]] = {label: [] for label, _ in stores}
    servers = {label: server_cpu_ns(store) for label, store in stores}
    slowest: dict[str, list[tuple[float, str, int]]] = {label: [] for label, _ in stores}
    results: dict[str, list[list[str]]] = {label: [] for label, _ in stores}
    for i, (query, filters) in enumerate(QUERIES):
        runs: dict[str, list[float]] = {label: [] for label, _ in stores}
        for label, store in stores:  # warm-up, and the result ids for the overlaps
            results[label].append([h.id for h in store.search(query, limit=args.limit, **filters)])
        for r in range(args.repeat):
            start = (i + r) % len(stores)
            for label, store in stores[start:] + stores[:start]:
                server = servers[label]
                server_before = server() if server else 0
                cpu_before = time.process_time_ns()
                started = time.perf_counter()
                store.search(query, limit=args.limit, **filters)
                runs[label].append((time.perf_counter() - started) * 1000)
                used = time.process_time_ns() - cpu_before + ((server() - server_before) if server else 0)
                cpu[label].append(used / 1e6)
        for label, values in runs.items():
            timings[label] += values
            slowest[label].append((max(values), f"{query} {filters or ''}".strip(), len(results[label][-1])))
    load_after = os.getloadavg()
    counts = {label: store.count() for label, store in stores}
    for _, store in stores:
        store.close()

    report: dict[str, Any] = {"queries": len(QUERIES), "repeat": args.repeat, "limit": args.limit,
                              "load_average_before": [round(x, 2) for x in load_before],
                              "load_average_after": [round(x, 2) for x in load_after], "stores": [], "overlaps": []}
    for label, values in timings.items():
        values.sort()
        cpu_ms = sorted(cpu[label])
        report["stores"].append({
            "store": label, "articles": counts[label], "runs": len(values), "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2), "max_ms": round(values[-1], 2),
            "cpu_p50_ms": round(statistics.median(cpu_ms), 2), "cpu_p95_ms": round(percentile(cpu_ms, 0.95), 2),
            "cpu_counts_server": servers[label] is not None,
            "slowest": [{"query": q, "max_ms": round(t, 2), "hits": n} for t, q, n in sorted(slowest[label], reverse=True)[:5]]})
    labels = list(timings)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            values = [o for o in (overlap(x, y) for x, y in zip(results[a], results[b], strict=True)) if o is not None]
            same = sum(x == y for x, y in zip(results[a], results[b], strict=True))
            report["overlaps"].append({"a": a, "b": b, "mean_overlap": round(statistics.mean(values), 3) if values else None,
                                       "queries_compared": len(values), "same_list": same,
                                       "per_query": [None if o is None else round(o, 2) for o in
                                                     (overlap(x, y) for x, y in zip(results[a], results[b], strict=True))]})
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{len(QUERIES)} queries x {args.repeat} rounds, limit {args.limit}; load average "
          f"{' '.join(map(str, report['load_average_before']))} before, {' '.join(map(str, report['load_average_after']))} after")
    for s in report["stores"]:
        print(f"{s['store']} ({s['articles']} articles): p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, max {s['max_ms']} ms; "
              f"CPU{' (this process + the server backend)' if s['cpu_counts_server'] else ''} "
              f"p50 {s['cpu_p50_ms']} ms, p95 {s['cpu_p95_ms']} ms")
        for q in s["slowest"][:3]:
            print(f"  slowest: {q['max_ms']:>7} ms  {q['hits']:>3} hits  {q['query']}")
    for o in report["overlaps"]:
        print(f"overlap@{args.limit} {o['a']} vs {o['b']}: mean {o['mean_overlap']} over {o['queries_compared']} queries, "
              f"same list on {o['same_list']} of {len(QUERIES)}")
        low = [(v, QUERIES[k][0]) for k, v in enumerate(o["per_query"]) if v is not None and v < 1]
        if low:
            print("  below 1: " + ", ".join(f"{q} {v}" for v, q in sorted(low)))


if __name__ == "__main__":
    main()
