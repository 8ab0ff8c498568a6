"""Memory and time of the near-duplicate pass (``presslens dupes --rebuild``, the last step of an ingest).

Usage (from the repo root)::

    python bench/dupes.py DB [DB ...] [--json]

Each store is copied to a temporary file (the pass replaces the stored clusters) and
:func:`presslens.corpus.dupes.rebuild` runs on the copy in a fresh child process, as at the end
of ``presslens ingest``. Reported per store: articles, clusters, wall and CPU seconds, the
child's peak RSS (``ru_maxrss``), the peak RSS / PSS of its process tree sampled from ``/proc``
(as bench/ingest.py does), and a digest of the stored clusters (every member, score and edit),
so that two trees can be compared for identical output: run it once with this tree and once with
``PYTHONPATH=<other clone>/src``. Two stores of different sizes give the growth per article.
Stores of AllSides records come from ``python bench/ingest.py --n 3000 --workers 2 --keep as3000.db``
(structure only is enough: the pass reads bodies, outlets, dates and provenance facts).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one_run(db: str) -> dict:
    """Runs in a child process so that its peak RSS is the pass's own."""
    from presslens.corpus import dupes
    from presslens.store import open_store

    with open_store(db, create=False) as store:
        articles = store.count()
        wall, cpu = time.perf_counter(), time.process_time()
        dupes.rebuild(store)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        clusters = store.dupe_clusters()
    digest = hashlib.sha256(json.dumps([c.to_dict() for c in clusters], sort_keys=True).encode()).hexdigest()[:16]
    return {"articles": articles, "clusters": len(clusters), "members": sum(len(c.members) for c in clusters),
            "seconds": round(wall, 2), "cpu_s": round(cpu, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "digest": digest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one)))
        return
    spec = importlib.util.spec_from_file_location("bench_ingest", HERE / "ingest.py")
    assert spec and spec.loader
    ingest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ingest)
    rows = []
    for db in args.db:
        tmp = Path(tempfile.mkdtemp(prefix="presslens-dupes-"))
        try:
            copy = tmp / "store.db"
            shutil.copy(db, copy)
            out, tree = ingest.run_sampled([sys.executable, __file__, str(db), "--one", str(copy)])
            rows.append({"db": str(db)} | json.loads(out.strip().splitlines()[-1]) | tree)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'articles':>8} {'clusters':>8} {'members':>7} {'seconds':>7} {'CPU s':>6} {'peak RSS MB':>11} "
          f"{'tree RSS MB':>11} {'tree PSS MB':>11}  digest")
    for r in rows:
        print(f"{r['articles']:>8} {r['clusters']:>8} {r['members']:>7} {r['seconds']:>7} {r['cpu_s']:>6} "
              f"{r['peak_rss_mb']:>11} {r['tree_peak_rss_mb']:>11} {r['tree_peak_pss_mb']:>11}  {r['digest']}")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        if b["articles"] != a["articles"]:
            per = (b["peak_rss_mb"] - a["peak_rss_mb"]) * 1024 / (b["articles"] - a["articles"])
            print(f"peak RSS growth: {per:.1f} kB per article ({a['articles']} -> {b['articles']} articles)")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
