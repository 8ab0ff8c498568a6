"""Bounded load test of ``POST /analyze`` on the bundled sample, over loopback only.

Starts the API with uvicorn on 127.0.0.1 (a free port) in this process, warms the default
pipeline, then sends at most ``--requests`` requests from ``--concurrency`` client threads,
stopping early after ``--seconds``. Prints requests/s and p50/p99 latency.

``--workers N`` (N > 1) starts ``uvicorn presslens.web.app:app_from_env --factory --workers N``
as a subprocess instead (each worker process loads its own annotators) and stops it at the end.
``--words N`` grows the sample's body to at least N words by repeating its body paragraphs.

    python bench/api_load.py --requests 200 --concurrency 4 --seconds 60
    python bench/api_load.py --workers 2 --words 1000 --concurrency 4 --requests 200
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import uvicorn

from presslens.cli import sample_path
from presslens.web.app import create_app

HOST = "127.0.0.1"  # loopback only, never anything else


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200, help="at most this many requests (cap 5000)")
    ap.add_argument("--concurrency", type=int, default=4, help="client threads (cap 32)")
    ap.add_argument("--seconds", type=float, default=60.0, help="stop sending after this long (cap 300)")
    ap.add_argument("--format", choices=["md", "html"], default="md", help="which sample to send")
    ap.add_argument("--components", default="default", help="?components= value")
    ap.add_argument("--vary", choices=["yes", "no"], default="yes", help="make every request a new text (default yes)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (1: uvicorn in this process; cap 8)")
    ap.add_argument("--words", type=int, default=0, help="grow the body to at least this many words (0: the sample as is; cap 20000)")
    args = ap.parse_args()
    total, workers, limit = min(args.requests, 5000), max(1, min(args.concurrency, 32)), min(args.seconds, 300.0)
    processes = max(1, min(args.workers, 8))

    port = free_port()
    proc: subprocess.Popen[bytes] | None = None
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None
    if processes == 1:
        app = create_app()
        app.state.pipelines.warm(args.components)
        server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
    else:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSLENS_SERVE_")}
        cmd = [sys.executable, "-m", "uvicorn", "presslens.web.app:app_from_env", "--factory", "--workers", str(processes),
               "--host", HOST, "--port", str(port), "--log-level", "warning", "--no-access-log"]
        print("server:", " ".join(cmd[2:]))
        proc = subprocess.Popen(cmd, env=env)
        t0 = time.perf_counter()
        while True:  # every worker warms its pipeline before it accepts; they start together
            if proc.poll() is not None:
                print("the server exited", file=sys.stderr)
                return 1
            try:
                if httpx.get(f"http://{HOST}:{port}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > 120:
                proc.terminate()
                print("the server did not start in 120 s", file=sys.stderr)
                return 1
            time.sleep(0.2)
        time.sleep(min(10.0, 0.5 * (time.perf_counter() - t0)))  # let the other workers finish warming

    key = "markdown" if args.format == "md" else "html"
    page = sample_path(args.format).read_text(encoding="utf-8")

    import presslens

    fmt = "markdown" if key == "markdown" else "html"
    body_paragraphs = presslens.analyze(page, fmt, components=()).paragraph_texts()
    anchor = body_paragraphs[1][:40]
    at = page.index(anchor)
    if args.words:  # repeat the body paragraphs (as markdown/HTML paragraphs) before the second one
        extra, words, i = [], len(" ".join(body_paragraphs).split()), 0
        while words < min(args.words, 20_000):
            para = body_paragraphs[i % len(body_paragraphs)]
            extra.append(f"<p>{para}</p>\n" if key == "html" else f"{para}\n\n")
            words += len(para.split())
            i += 1
        page = page[:at] + "".join(extra) + page[at:]
        at = page.index(anchor)
    body_words = len(presslens.analyze(page, fmt, components=()).text.split())

    def payload(n: int) -> dict[str, str]:
        """The sample with one numbered sentence put into its second body paragraph, so every request is a new
        article text (the annotators cache spaCy Docs by text: the same page twice would measure the cache)."""
        if args.vary == "no":
            return {key: page}
        return {key: f"{page[:at]}Reader note {n} says the council meets again on a Monday. {page[at:]}"}

    url = f"http://{HOST}:{port}/analyze"
    params = {"components": args.components}
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + limit
    counter = iter(range(total))

    def worker() -> None:
        nonlocal errors
        with httpx.Client(timeout=30.0) as client:
            client.post(url, json=payload(-1), params=params)  # warm the connection (not counted)
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                body = payload(n)
                t0 = time.perf_counter()
                resp = client.post(url, json=body, params=params)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += resp.status_code != 200

    start = time.perf_counter()
    deadline = start + limit
    with ThreadPoolExecutor(workers) as pool:
        for f in [pool.submit(worker) for _ in range(workers)]:
            f.result()
    elapsed = time.perf_counter() - start
    if server is not None and thread is not None:
        server.should_exit = True
        thread.join(10)
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()

    if not latencies:
        print("no requests completed", file=sys.stderr)
        return 1
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))]
    print(f"POST /analyze ({args.format} sample, {body_words} body words, components={args.components}, vary={args.vary}): "
          f"{len(lat)} requests, {errors} errors, server workers {processes}, concurrency {workers}, {elapsed:.1f} s")
    print(f"  {len(lat) / elapsed:.1f} requests/s, p50 {statistics.median(lat) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
