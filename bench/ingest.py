"""Ingest speed: N allsides records into a fresh SQLite store, with 1 and 2 workers.

Usage (from the repo root)::

    python bench/ingest.py [--n 2000] [--workers 1 2] [--components none|default|a,b] [--shared ../shared]
                           [--keep bench.db] [--dupes] [--json]

The first N records of the allsides shards (in shard order) are written to one
temporary ``.jsonl.gz`` file; each worker count then runs ``presslens.corpus.ingest``
in a fresh child process (batch size 200) into its own
temporary database. ``--components none`` (the default here) runs the structure
step only, which measures the ingest machinery; ``default`` runs every registered
annotator, as ``presslens ingest`` does. Reported per run: wall time, articles/s (stored +
duplicates; rejected records are counted apart), peak RSS of the ingest
process and of its largest worker, and the database size (after a WAL
checkpoint), and the peak memory of the whole process tree (the ingest process and every
worker alive at the same moment, sampled every 0.25 s from ``/proc``): the largest sum of
RSS (counts pages that forked workers share once per process, so it overstates) and the
largest sum of PSS (each shared page split between the processes that share it: what the
tree really occupies). ``--keep PATH`` keeps the database of the last run for
``bench/search.py``. ``--dupes`` also runs the near-duplicate pass after the ingest, in the same
process, as ``presslens ingest`` does (its seconds are reported apart and are not in the rate;
the ingest process's peak RSS and the tree's peaks then cover it: bench/dupes.py measures the pass
alone on a kept store). Also reported: CPU milliseconds per article (the ingest process and
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


def _tree(root: int) -> list[int]:
    """``root`` and its live descendants, from ``/proc`` (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; zeros when it has gone."""
    got = {"Rss:": 0, "Pss:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                parts = line.split()
                if parts and parts[0] in got:
                    got[parts[0]] = int(parts[1])
    except (OSError, ValueError):
        pass
    return got["Rss:"], got["Pss:"]


def run_sampled(cmd: list[str], interval: float = 0.25) -> tuple[str, dict]:
    """Run ``cmd``; return its stdout and the peak RSS / PSS sums (MB) of its process tree."""
    peak_rss = peak_pss = 0
    most = 0
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        sampling = os.path.isdir("/proc")
        while proc.poll() is None:
            if sampling:
                pids = _tree(proc.pid)
                sizes = [_memory_kb(p) for p in pids]
                peak_rss = max(peak_rss, sum(r for r, _ in sizes))
                peak_pss = max(peak_pss, sum(p for _, p in sizes))
                most = max(most, len(pids))
            time.sleep(interval)
        out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"bench/ingest.py: the ingest run failed:\n{err[-2000:]}")
    return out, {"tree_peak_rss_mb": round(peak_rss / 1024, 1), "tree_peak_pss_mb": round(peak_pss / 1024, 1),
                 "tree_processes": most}


def one_run(src: str, db: str, workers: int, batch_size: int, components: str, dupes: bool = False) -> dict:
    """Runs in a child process so peak RSS is this run's own."""
    from presslens.corpus import dupes as near_duplicates
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
        cpu = _cpu_seconds()  # the ingest's, without the near-duplicate pass
        dupe_seconds, clusters = None, None
        if dupes:
            dupe_seconds = time.perf_counter()
            clusters = len(near_duplicates.rebuild(store))
            dupe_seconds = round(time.perf_counter() - dupe_seconds, 2)
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
        "cpu_ms_per_article": round(1000 * cpu / max(1, summary.stored + summary.duplicates), 1),
        "dupes_seconds": dupe_seconds,
        "dupe_clusters": clusters,
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
    parser.add_argument("--dupes", action="store_true", help="also run the near-duplicate pass after the ingest")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("SRC", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one[0], args.one[1], int(args.one[2]), args.batch_size, args.components, args.dupes)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="presslens-bench-"))
    try:
        src = tmp / "allsides.jsonl.gz"
        n = write_input(args.shared, args.n, src)
        rows = []
        for workers in args.workers:
            db = tmp / f"w{workers}.db"
            out, tree = run_sampled([sys.executable, __file__, "--one", str(src), str(db), str(workers),
                                     "--batch-size", str(args.batch_size), "--components", args.components]
                                    + (["--dupes"] if args.dupes else []))
            rows.append(json.loads(out.strip().splitlines()[-1]) | tree)
        if args.keep:
            shutil.copy(tmp / f"w{args.workers[-1]}.db", args.keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps({"records": n, "cpus": os.cpu_count(), "components": args.components, "runs": rows}, indent=2))
        return
    print(f"ingest of {n} allsides records ({os.cpu_count()} CPUs, batch size {args.batch_size}, components {args.components})")
    print(f"{'workers':>7} {'seconds':>8} {'articles/s':>10} {'stored':>7} {'dupes':>6} {'rejected':>8} "
          f"{'RSS MB':>7} {'worker RSS MB':>13} {'all RSS MB':>10} {'all PSS MB':>10} {'DB MB':>6} {'CPU ms/art':>10} "
          f"{'CPU-bound art/s':>15}")
    for r in rows:
        bound = round(min(r["workers"], os.cpu_count() or 1) * 1000 / max(r["cpu_ms_per_article"], 1e-9), 1)
        print(f"{r['workers']:>7} {r['seconds']:>8} {r['articles_per_s']:>10} {r['stored']:>7} {r['duplicates']:>6} "
              f"{r['rejected']:>8} {r['peak_rss_mb']:>7} {r['worker_peak_rss_mb']:>13} {r['tree_peak_rss_mb']:>10} "
              f"{r['tree_peak_pss_mb']:>10} {r['db_mb']:>6} "
              f"{r['cpu_ms_per_article']:>10} {bound:>15}")
    for r in rows:
        if r.get("dupes_seconds") is not None:
            print(f"near-duplicate pass ({r['workers']} workers' run): {r['dupes_seconds']} s, {r['dupe_clusters']} clusters "
                  "(not in the rate; RSS MB and all RSS/PSS MB include it)")
    print("all RSS / all PSS: peak sums over the ingest process and its workers at one moment (PSS splits shared pages)")
    print(f"load average after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          "(a wall rate measured under load understates the rate on a quiet machine; see CPU-bound art/s)")


if __name__ == "__main__":
    main()
