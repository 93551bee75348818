"""Endpoint throughput and latency: requests per second, p50 and p99, from a second process on loopback.

    python bench/serve.py [--seconds 5] [--sizes bundled 1000000] [--out bench/results/serve.json]

For each graph (the bundled one, and a generated one of about a million
triples) it starts `kg serve` in its own process, then drives it from this
process with 1 and 8 concurrent clients, for a simple lookup and an
aggregate query. Prints a table; writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

QUERIES = {
    "lookup": "SELECT ?boss WHERE { ?boss kg:leads ?org } LIMIT 10",
    "aggregate": "SELECT ?relation (COUNT(*) AS ?n) WHERE { ?c rdf:predicate ?relation } GROUP BY ?relation ORDER BY DESC(?n)",
}


def start(store: Path, workers: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--quiet", "--store", str(store),
                                "--port", "0", "--workers", str(workers)], stdout=subprocess.PIPE, text=True)
    url = re.search(r"at (http://[\d.]+:\d+)/", process.stdout.readline()).group(1)
    return process, url


def drive(url: str, query: str, clients: int, seconds: float) -> dict:
    target = url + "/sparql?" + urllib.parse.urlencode({"query": query})
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(urllib.request.Request(target, headers={"Accept": "application/sparql-results+json"}), timeout=60) as r:
                    r.read()
                    ok = r.status == 200
            except OSError:
                ok = False
            took = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(took)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 1) if latencies else None,
        "requests": len(latencies),
        "errors": errors[0],
    }


def make_store(folder: Path, size: str) -> Path:
    from kg.model.build import build
    from kg.store.embedded import open_store

    path = folder / f"store-{size}"
    with open_store(path, write=True) as store:
        build(store)
    if size != "bundled":
        import pyoxigraph as ox

        from kg.model.synthetic import claims_for_triples, synthetic_quads

        claims = claims_for_triples(int(size))
        raw = ox.Store(str(path))
        raw.bulk_extend(synthetic_quads(actors=max(10, claims // 5), claims=claims))
        raw.flush()
        del raw
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--sizes", nargs="+", default=["bundled", "1000000"])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "serve.json")
    args = parser.parse_args()
    rows = []
    print(f"{'graph':>9} {'query':<10} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            store = make_store(Path(tmp), size)
            process, url = start(store, args.workers)
            try:
                for name, query in QUERIES.items():
                    drive(url, query, 1, 1.0)  # warm the workers
                    for clients in (1, 8):
                        figures = drive(url, query, clients, args.seconds)
                        rows.append({"graph": size, "query": name, "clients": clients, **figures})
                        print(f"{size:>9} {name:<10} {clients:>7} {figures['requests_per_s']:>8} "
                              f"{figures['p50_ms']:>8} {figures['p99_ms']:>8} {figures['errors']:>6}", flush=True)
            finally:
                process.terminate()
                process.wait(10)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"workers": args.workers, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"# wrote {args.out}")


if __name__ == "__main__":
    main()
