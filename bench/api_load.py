"""Bounded load test of ``POST /analyze`` on the bundled sample, over loopback only.

Starts the API with uvicorn on 127.0.0.1 (a free port) in this process, warms the default
pipeline, then sends at most ``--requests`` requests from ``--concurrency`` client threads,
stopping early after ``--seconds``. Prints requests/s and p50/p99 latency.

    python bench/api_load.py --requests 200 --concurrency 4 --seconds 60
"""

from __future__ import annotations

import argparse
import socket
import statistics
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
    args = ap.parse_args()
    total, workers, limit = min(args.requests, 5000), max(1, min(args.concurrency, 32)), min(args.seconds, 300.0)

    app = create_app()
    app.state.pipelines.warm(args.components)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)

    key = "markdown" if args.format == "md" else "html"
    page = sample_path(args.format).read_text(encoding="utf-8")

    import presslens

    anchor = presslens.analyze(page, "markdown" if key == "markdown" else "html", components=()).paragraph_texts()[1][:40]
    at = page.index(anchor)

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
    server.should_exit = True
    thread.join(10)

    if not latencies:
        print("no requests completed", file=sys.stderr)
        return 1
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))]
    print(f"POST /analyze ({args.format} sample, components={args.components}, vary={args.vary}): {len(lat)} requests, {errors} errors, "
          f"concurrency {workers}, {elapsed:.1f} s")
    print(f"  {len(lat) / elapsed:.1f} requests/s, p50 {statistics.median(lat) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
