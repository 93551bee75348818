"""Endpoint throughput and latency against Oxigraph's own server: requests per second, p50 and p99, on loopback.

    python bench/serve.py [--seconds 3] [--runs 3] [--sizes bundled 1000000] [--out bench/results/serve.json]

For each graph (the bundled one, and a generated one of about a million
triples) it starts, each in its own process: `kg serve` with its answer cache
off (--cache-mib 0), `kg serve` with it on, and, when the `oxigraph` package
is installed (`pip install oxigraph`), `oxigraph serve-read-only
--union-default-graph` on a copy of the same store. It drives each from this
process with 1 and 8 concurrent clients, for a simple lookup and an aggregate
query, in --runs interleaved rounds (kg, kg with cache, Oxigraph, again), and
prints the median of each with its ratio to Oxigraph's req/s. Every query
carries its PREFIX lines, so both servers parse the same text. Writes the
figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

_PREFIXES = ("PREFIX kg: <https://w3id.org/chipkg/ontology#>\n"
             "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n")
QUERIES = {
    "lookup": _PREFIXES + "SELECT ?boss WHERE { ?boss kg:leads ?org } LIMIT 12",
    "aggregate": _PREFIXES + "SELECT ?relation (COUNT(*) AS ?n) WHERE { ?c rdf:predicate ?relation } GROUP BY ?relation ORDER BY DESC(?n)",
}


def start_kg(store: Path, workers: int, cache: bool) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--quiet", "--store", str(store),
                                "--port", "0", "--workers", str(workers), *([] if cache else ["--cache-mib", "0"])],
                               stdout=subprocess.PIPE, text=True)
    url = re.search(r"at (http://[\d.]+:\d+)/", process.stdout.readline()).group(1)
    return process, url


def oxigraph_command() -> str | None:
    """The ``oxigraph`` server of the ``oxigraph`` package, beside this Python or on PATH; None if not installed."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def start_oxigraph(command: str, store: Path) -> tuple[subprocess.Popen, str]:
    """Oxigraph's own server, read-only on ``store``, with the union default graph (as kg serve answers)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([command, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(url + "/query?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=1):
                return process, url
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("oxigraph serve-read-only did not start")


def drive(url: str, query: str, clients: int, seconds: float) -> dict:
    target = url + "?" + urllib.parse.urlencode({"query": query})
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
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", nargs="+", default=["bundled", "1000000"])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "serve.json")
    args = parser.parse_args()
    oxigraph = oxigraph_command()
    if oxigraph is None:
        print("# oxigraph is not installed (pip install oxigraph): no Oxigraph column", flush=True)
    rows = []
    print(f"{'graph':>9} {'query':<10} {'clients':>7} {'server':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6} {'/ oxigraph':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            store = make_store(Path(tmp), size)
            servers = {}
            try:
                servers["kg"] = start_kg(store, args.workers, cache=False)
                servers["kg+cache"] = start_kg(store, args.workers, cache=True)
                if oxigraph:
                    copy = Path(tmp) / f"oxigraph-{size}"
                    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("LOCK"))
                    servers["oxigraph"] = start_oxigraph(oxigraph, copy)
                urls = {name: (url + "/query" if name == "oxigraph" else url + "/sparql") for name, (_, url) in servers.items()}
                for name, query in QUERIES.items():
                    for url in urls.values():
                        drive(url, query, 1, 1.0)  # warm the workers
                    for clients in (1, 8):
                        runs: dict[str, list[dict]] = {server: [] for server in urls}
                        for _ in range(args.runs):  # interleaved: the machine's noise falls on every server alike
                            for server, url in urls.items():
                                runs[server].append(drive(url, query, clients, args.seconds))
                        medians = {server: _median(figures) for server, figures in runs.items()}
                        for server, figures in medians.items():
                            ratio = (round(figures["requests_per_s"] / medians["oxigraph"]["requests_per_s"], 2)
                                     if "oxigraph" in medians and medians["oxigraph"]["requests_per_s"] else None)
                            rows.append({"graph": size, "query": name, "clients": clients, "server": server, **figures,
                                         "ratio_to_oxigraph": ratio})
                            print(f"{size:>9} {name:<10} {clients:>7} {server:<10} {figures['requests_per_s']:>8} "
                                  f"{figures['p50_ms']:>8} {figures['p99_ms']:>8} {figures['errors']:>6} "
                                  f"{'' if ratio is None else ratio:>10}", flush=True)
            finally:
                for process, _ in servers.values():
                    process.terminate()
                    process.wait(10)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"workers": args.workers, "runs": args.runs, "rows": rows}, indent=1) + "\n",
                        encoding="utf-8")
    print(f"# wrote {args.out}")


def _median(runs: list[dict]) -> dict:
    """The run of median req/s (its p50 and p99 with it), and every run's errors added up."""
    middle = sorted(runs, key=lambda figures: figures["requests_per_s"])[len(runs) // 2]
    return {**middle, "errors": sum(figures["errors"] for figures in runs),
            "all_requests_per_s": [figures["requests_per_s"] for figures in runs]}


if __name__ == "__main__":
    main()
