"""Spark throughput: N allsides records with every annotator, local[1] and local[2] side by side,
and ``presslens ingest --workers 2`` on the same input for comparison (docs/spark.md).

Usage (from the repo root, with the spark extra and Java 17)::

    python bench/spark.py [--n 2000] [--masters 'local[1]' 'local[2]'] [--ingest-workers 2]
                          [--components default|none|a,b] [--shared ../shared] [--json]

The first N records of the allsides shards are written to one temporary ``.jsonl.gz`` (as
bench/ingest.py does). Each configuration runs in a fresh child process: for Spark, a new
SparkSession (JVM start timed apart) and ``presslens.spark.run_job`` writing Parquet to a
temporary folder; for the ingest, ``presslens.corpus.ingest`` into a temporary SQLite file.
Reported per run: wall seconds of the job (models loaded in every worker included, the JVM start
not), articles/s, the local[2] / local[1] ratio, peak RSS of the largest Python worker (an
executor's memory: the models) and of the JVM, sampled from /proc every 0.2 s, and the CPU
milliseconds per article of the whole process tree, read from /proc too (it moves little when
other work shares the machine; ``cores * 1000 / cpu_ms`` is the rate the run's cores would give
when they are the run's alone). The job's time includes loading the models in every worker.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from ingest import default_shared, write_input  # noqa: E402  (bench/ingest.py: the same input)


class TreeSampler:
    """Peak RSS (MB) of this process's descendants, by kind: ``python`` workers and the ``java`` JVM."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak = interval, {"python": 0.0, "java": 0.0, "tree": 0.0}
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds last seen (Spark's Python workers are never reaped by us)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def cpu_seconds(self) -> float:
        """CPU seconds of this process and every descendant seen (a process's last 0.2 s may be missed)."""
        return sum(self.cpu.values())

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            parents: dict[int, int] = {}
            rss: dict[int, float] = {}
            names: dict[int, str] = {}
            ticks: dict[int, float] = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        stat = fh.read()
                    with open(f"/proc/{entry}/statm") as fh:
                        pages = int(fh.read().split()[1])
                except OSError:
                    continue
                pid = int(entry)
                fields = stat.rsplit(")", 1)[1].split()
                parents[pid] = int(fields[1])
                ticks[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                names[pid] = stat[stat.index("(") + 1 : stat.rindex(")")]
                rss[pid] = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
            tree = 0.0
            for pid in rss:
                p, depth = pid, 0
                while p not in (0, 1, me) and depth < 20:
                    p, depth = parents.get(p, 0), depth + 1
                if p != me and pid != me:
                    continue
                self.cpu[pid] = ticks[pid]
                if pid == me:
                    continue
                tree += rss[pid]
                kind = "java" if names[pid] == "java" else "python" if names[pid].startswith("python") else None
                if kind:
                    self.peak[kind] = max(self.peak[kind], rss[pid])
            self.peak["tree"] = max(self.peak["tree"], tree)


def _names(components: str) -> tuple[str, ...]:
    from presslens.pipeline import default_components

    if components == "default":
        return default_components()
    default_components()
    return tuple(n for n in components.split(",") if n and n != "none")


def spark_run(src: str, out: str, master: str, components: str) -> dict:
    from presslens.spark.job import run_job, spark_session

    names = _names(components)
    with TreeSampler() as sampler:
        started = time.perf_counter()
        spark = spark_session(master, app_name="presslens-bench", conf={"spark.sql.shuffle.partitions": "8"})
        jvm_s = time.perf_counter() - started
        cores = spark.sparkContext.defaultParallelism
        started = time.perf_counter()
        summary = run_job([src], out, components=names, spark=spark)
        seconds = time.perf_counter() - started
        spark.stop()
    articles = summary.articles + summary.duplicates
    return {"run": f"spark {master}", "cores": cores,
            "seconds": round(seconds, 1), "jvm_start_s": round(jvm_s, 1), "articles": articles, "rejected": summary.rejected,
            "articles_per_s": round(articles / seconds, 2), "partitions": summary.partitions, "workers": summary.workers,
            "pipelines_built": summary.pipelines_built, "cpu_ms_per_article": round(1000 * sampler.cpu_seconds() / max(1, articles), 1),
            "worker_peak_rss_mb": round(sampler.peak["python"]),
            "jvm_peak_rss_mb": round(sampler.peak["java"]), "tree_peak_rss_mb": round(sampler.peak["tree"])}


def ingest_run(src: str, db: str, workers: int, components: str) -> dict:
    from presslens.corpus.ingest import ingest
    from presslens.pipeline import Pipeline
    from presslens.store import open_store

    names = _names(components)
    with TreeSampler() as sampler, open_store(db) as store:
        started = time.perf_counter()
        summary = ingest([src], store, Pipeline(names), workers=workers, batch_size=200)
        seconds = time.perf_counter() - started
    articles = summary.stored + summary.duplicates
    return {"run": f"ingest --workers {workers}", "cores": workers, "seconds": round(seconds, 1), "jvm_start_s": None,
            "articles": articles, "rejected": summary.rejected, "articles_per_s": round(articles / seconds, 2),
            "partitions": None, "workers": workers, "pipelines_built": workers,
            "cpu_ms_per_article": round(1000 * sampler.cpu_seconds() / max(1, articles), 1),
            "worker_peak_rss_mb": round(sampler.peak["python"]), "jvm_peak_rss_mb": None,
            "tree_peak_rss_mb": round(sampler.peak["tree"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="allsides records (default 2000)")
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--ingest-workers", type=int, default=2, help="0: no ingest run")
    parser.add_argument("--components", default="default", help="default (every annotator), none, or a,b")
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=4, metavar=("KIND", "SRC", "OUT", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, src, out, arg = args.one
        row = spark_run(src, out, arg, args.components) if kind == "spark" else ingest_run(src, out, int(arg), args.components)
        print(json.dumps(row))
        return

    tmp = Path(tempfile.mkdtemp(prefix="presslens-bench-spark-"))
    rows = []
    try:
        src = tmp / "allsides.jsonl.gz"
        n = write_input(args.shared, args.n, src)
        jobs = [("spark", str(tmp / f"out{i}"), m) for i, m in enumerate(args.masters)]
        if args.ingest_workers:
            jobs.append(("ingest", str(tmp / "ingest.db"), str(args.ingest_workers)))
        for kind, out, arg in jobs:
            done = subprocess.run([sys.executable, __file__, "--one", kind, str(src), out, arg, "--components", args.components],
                                  check=True, capture_output=True, text=True)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = next((r for r in rows if r["run"] == "spark local[1]"), None)
    for r in rows:
        r["vs_local1"] = round(r["articles_per_s"] / base["articles_per_s"], 2) if base else None
        r["cpu_bound_articles_per_s"] = round(r["cores"] * 1000 / max(r["cpu_ms_per_article"], 1e-9), 2)
    if args.json:
        print(json.dumps({"records": n, "cpus": os.cpu_count(), "components": args.components, "runs": rows,
                          "loadavg": os.getloadavg()}, indent=2))
        return
    print(f"presslens on Spark: {n} allsides records, components {args.components}, {os.cpu_count()} CPUs")
    print(f"{'run':<18} {'seconds':>8} {'art/s':>6} {'x local[1]':>10} {'tasks':>5} {'workers':>7} {'loads':>5} "
          f"{'worker MB':>9} {'JVM MB':>6} {'tree MB':>7} {'CPU ms/art':>10} {'CPU-bound art/s':>15} {'JVM start s':>11}")
    for r in rows:
        print(f"{r['run']:<18} {r['seconds']:>8} {r['articles_per_s']:>6} {r['vs_local1'] or '':>10} {r['partitions'] or '':>5} "
              f"{r['workers']:>7} {r['pipelines_built']:>5} {r['worker_peak_rss_mb']:>9} {r['jvm_peak_rss_mb'] or '':>6} "
              f"{r['tree_peak_rss_mb']:>7} {r['cpu_ms_per_article']:>10} {r['cpu_bound_articles_per_s']:>15} "
              f"{r['jvm_start_s'] if r['jvm_start_s'] is not None else '':>11}")
    print(f"load average after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          "(a wall rate measured under load understates the rate on a quiet machine; see CPU-bound art/s)")


if __name__ == "__main__":
    main()
