"""Ingest speed: N allsides records into a fresh SQLite store, with 1 and 2 workers.

Usage (from the repo root)::

    python bench/ingest.py [--n 2000] [--workers 1 2] [--components none|default|a,b] [--shared ../shared]
                           [--keep bench.db] [--json]

The first N records of the allsides shards (in shard order) are written to one
temporary ``.jsonl.gz`` file; each worker count then runs ``presslens.corpus.ingest``
in a fresh child process (batch size 200) into its own
temporary database. ``--components none`` (the default here) runs the structure
step only, which measures the ingest machinery; ``default`` runs every registered
annotator, as ``presslens ingest`` does. Reported per run: wall time, articles/s (stored +
duplicates; rejected records are counted apart), peak RSS of the ingest
process and of its largest worker, and the database size (after a WAL
checkpoint). ``--keep PATH`` keeps the database of the last run for
``bench/search.py``. Also reported: CPU milliseconds per article (the ingest process and
its workers), and the rate that CPU cost allows on the run's cores, which holds up when other
work shares the machine; the load average after the runs says how quiet it was.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARDS = "data/corpus/allsides_bias/articles-0{}-of-08.jsonl.gz"


def default_shared() -> Path:
    return Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))


def write_input(shared: Path, n: int, path: Path) -> int:
    written = 0
    with gzip.open(path, "wb") as out:
        for shard in range(8):
            with gzip.open(shared / SHARDS.format(shard), "rb") as fh:
                for line in fh:
                    if written >= n:
                        return written
                    out.write(line)
                    written += 1
    return written


def one_run(src: str, db: str, workers: int, batch_size: int, components: str) -> dict:
    """Runs in a child process so peak RSS is this run's own."""
    from presslens.corpus.ingest import ingest
    from presslens.pipeline import Pipeline, default_components
    from presslens.store import open_store

    with open_store(db) as store:
        started = time.perf_counter()
        if components == "default":
            names = default_components()
        else:
            default_components()
            names = tuple(n for n in components.split(",") if n and n != "none")
        summary = ingest([src], store, Pipeline(names), workers=workers, batch_size=batch_size)
        seconds = time.perf_counter() - started
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "rejected": summary.rejected,
        "articles_per_s": round((summary.stored + summary.duplicates) / seconds, 1),
        "records_per_s": round((summary.stored + summary.duplicates + summary.rejected) / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "db_mb": round(Path(db).stat().st_size / 1e6, 1),
        # CPU seconds (this process and its reaped workers) per article: unlike the wall
        # rate it barely moves when other work shares the machine; cpus / cpu_ms is the
        # rate the run would reach with the cores to itself.
        "cpu_ms_per_article": round(1000 * _cpu_seconds() / max(1, summary.stored + summary.duplicates), 1),
    }


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="records to ingest (default 2000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--components", default="none", help="none (structure only), default (all registered) or a,b")
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--keep", type=Path, default=None, help="copy the last run's database here")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("SRC", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one[0], args.one[1], int(args.one[2]), args.batch_size, args.components)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="presslens-bench-"))
    try:
        src = tmp / "allsides.jsonl.gz"
        n = write_input(args.shared, args.n, src)
        rows = []
        for workers in args.workers:
            db = tmp / f"w{workers}.db"
            out = subprocess.run([sys.executable, __file__, "--one", str(src), str(db), str(workers),
                                  "--batch-size", str(args.batch_size), "--components", args.components],
                                 check=True, capture_output=True, text=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if args.keep:
            shutil.copy(tmp / f"w{args.workers[-1]}.db", args.keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps({"records": n, "cpus": os.cpu_count(), "components": args.components, "runs": rows}, indent=2))
        return
    print(f"ingest of {n} allsides records ({os.cpu_count()} CPUs, batch size {args.batch_size}, components {args.components})")
    print(f"{'workers':>7} {'seconds':>8} {'articles/s':>10} {'stored':>7} {'dupes':>6} {'rejected':>8} "
          f"{'RSS MB':>7} {'worker RSS MB':>13} {'DB MB':>6} {'CPU ms/art':>10} {'CPU-bound art/s':>15}")
    for r in rows:
        bound = round(min(r["workers"], os.cpu_count() or 1) * 1000 / max(r["cpu_ms_per_article"], 1e-9), 1)
        print(f"{r['workers']:>7} {r['seconds']:>8} {r['articles_per_s']:>10} {r['stored']:>7} {r['duplicates']:>6} "
              f"{r['rejected']:>8} {r['peak_rss_mb']:>7} {r['worker_peak_rss_mb']:>13} {r['db_mb']:>6} "
              f"{r['cpu_ms_per_article']:>10} {bound:>15}")
    print(f"load average after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          "(a wall rate measured under load understates the rate on a quiet machine; see CPU-bound art/s)")


if __name__ == "__main__":
    main()
