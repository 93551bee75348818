"""The benchmark suite: the embedded Oxigraph store against rdflib's in-memory store, side by side.

    python bench/run.py [--sizes 100000 1000000 10000000] [--runs 5] [--budget 300]

For each size it generates a synthetic graph (bench/generate.py), then in
separate processes (so each peak memory is its own):
  - Oxigraph: kg load (bulk loader, staged), every named query as kg query
    --name prints it (a table): the first run, computed and kept in the answer
    cache, then the median and p95 of --runs read back while the store is
    unchanged; also the engine alone (every row read, median), and row counts;
    kg show, kg viz --focus, kg export --format nt and --format jsonld, and
    kg analyze coalitions on the loaded graph;
  - rdflib: Dataset.parse of the same file and every named query, each step
    stopped at --budget seconds and reported "over budget".
With virtuoso-opensource installed it also runs the Oxigraph rows against a
Virtuoso started for each size (--store sparql+http://..., loads by Graph Store
Protocol batches), unless --no-virtuoso. Then the rows of bench/engine.py for the same store (start-up, result
formats, table labels, kg serve against Oxigraph's server, the focused view, the store's size), each as a ratio to
raw pyoxigraph or to Oxigraph's server, unless --no-engine-rows. It also measures the extractor (seed articles per
second). Prints a table with the ratio rdflib/Oxigraph per row and writes bench/results/run.json.
No test asserts on these figures: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import shutil
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

OXIGRAPH = r"""
import json, statistics, sys, time
from pathlib import Path
store_path, data, runs, out = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
def peak():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
def timed(fn, n=1):
    times = []
    for _ in range(n):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    times.sort()
    return {"median_ms": round(1000 * statistics.median(times), 1), "p95_ms": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))], 1)}
from kg.model.build import build
from kg.network.load import load_files
from kg.store.embedded import open_store
rows = {}
with open_store(store_path, write=True) as store:
    build(store)
    t = time.perf_counter(); report = load_files(store, [data]); seconds = time.perf_counter() - t
    rows["load"] = {"seconds": round(seconds, 2), "triples": report.parsed, "peak_mib": round(peak())}
with open_store(store_path) as store:
    from kg.store.cache import DiskCache
    from kg.query.named import bind_params, named_queries
    from kg.query.run import answer_text, run_query
    store.answers = DiskCache(Path(out).with_name("answers"), limit=8 << 30)  # as the CLI keeps them (kg.cache)
    store.answers.clear()
    for q in named_queries():  # as kg query --name runs them
        params = {"actor": "actor-500"} if any(p.name == "actor" for p in q.params) else {}
        bindings = bind_params(store, q, params)
        answer = []
        engine = timed(lambda: answer.__setitem__(slice(None), run_query(store, q.text, bindings)), runs)  # every row read
        first = timed(lambda: answer_text(store, q.text, bindings, "table", "en"))  # computed, printed, kept
        rows["query " + q.name] = timed(lambda: answer_text(store, q.text, bindings, "table", "en"), runs)
        rows["query " + q.name].update(rows=len(answer), engine_ms=engine["median_ms"], first_ms=first["median_ms"])
    from kg.model.profile import entity_profile, find_entity, format_profile
    rows["kg show (hub actor)"] = timed(lambda: format_profile(entity_profile(store, find_entity(store, "actor-0"))), runs)
    rows["kg show (typical actor)"] = timed(lambda: format_profile(entity_profile(store, find_entity(store, "actor-500"))), runs)
    from kg.network.select import Filters
    from kg.network.view import render_view
    rows["kg viz --focus (hub actor)"] = timed(lambda: render_view(store, Filters(focus="actor-0", hops=1)))
    rows["kg viz --focus (typical actor)"] = timed(lambda: render_view(store, Filters(focus="actor-500", hops=1)))
    from kg.network.export import export_file
    rows["kg export --format nt"] = timed(lambda: export_file(store, "nt", out))
    rows["kg export --format jsonld"] = timed(lambda: export_file(store, "jsonld", out))
    from kg.analysis import discourse as analysis
    first = timed(lambda: analysis.coalitions(store))  # reads every claim and keeps them
    rows["kg analyze coalitions"] = timed(lambda: analysis.coalitions(store), runs)  # reads them back
    rows["kg analyze coalitions"]["first_ms"] = first["median_ms"]
rows["peak_mib"] = round(peak())
print(json.dumps(rows))
"""

RDFLIB = r"""
import json, signal, statistics, sys, time
from pathlib import Path
data, bundled, runs, budget = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
def peak():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
class OverBudget(Exception):
    pass
def alarm(*_):
    raise OverBudget()
signal.signal(signal.SIGALRM, alarm)
def within(fn):
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
from rdflib import Dataset, URIRef
from kg.vocab import PREFIXES
rows = {}
dataset = Dataset(default_union=True)
t = time.perf_counter()
try:
    within(lambda: (dataset.parse(bundled, format="nquads"), dataset.parse(data, format="nquads")))
    rows["load"] = {"seconds": round(time.perf_counter() - t, 2), "peak_mib": round(peak())}
except OverBudget:
    rows["load"] = "over budget"
    print(json.dumps(rows)); sys.exit(0)
from kg.query.named import named_queries
for q in named_queries():
    bindings = {"actor": URIRef("https://w3id.org/chipkg/id/actor-500")} if any(p.name == "actor" for p in q.params) else {}
    times = []
    try:
        for _ in range(runs):
            s = time.perf_counter()
            within(lambda: list(dataset.query(q.text, initNs=dict(PREFIXES), initBindings=bindings)))
            times.append(time.perf_counter() - s)
        times.sort()
        rows["query " + q.name] = {"median_ms": round(1000 * statistics.median(times), 1),
                                    "p95_ms": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))], 1)}
    except OverBudget:
        rows["query " + q.name] = "over budget"
rows["peak_mib"] = round(peak())
print(json.dumps(rows))
"""


def child(code: str, args: list[str], timeout: float) -> dict:
    try:
        result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"load": "over budget"}
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def figure(value) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "—"
    if "first_ms" in value:
        return " / ".join(f"{value[k]:g}" for k in ("median_ms", "first_ms", "engine_ms") if k in value) + " ms"
    if "median_ms" in value:
        return f"{value['median_ms']} ms (p95 {value['p95_ms']})"
    return f"{value['seconds']} s, {value['peak_mib']} MiB"


def number(value) -> float | None:
    """The figure a ratio compares: for a named query the engine's (rdflib has no answer cache)."""
    if isinstance(value, dict):
        return value.get("engine_ms") or value.get("first_ms") or value.get("median_ms") or (value.get("seconds") and value["seconds"] * 1000)
    return None


def virtuoso_rows(tmp: Path, data: Path, runs: int) -> dict:
    """The Oxigraph rows again, with a Virtuoso started for this size as the store (--store sparql+http://...)."""
    import os

    from kg.store.virtuoso import Virtuoso

    folder = tmp / "virtuoso"
    folder.mkdir()
    server = Virtuoso(folder, memory_mib=4096, max_rows=200_000)
    os.environ["KG_STORE_CREDENTIALS"] = server.credentials
    try:
        rows = child(OXIGRAPH, [server.location, str(data), str(runs), str(tmp / "out.nt")], 7200)
        rows["server_peak_mib"] = round(server.peak_memory_mib())
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=300.0, help="seconds an rdflib step may take")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "run.json")
    parser.add_argument("--no-virtuoso", action="store_true", help="skip the Virtuoso column (needs virtuoso-opensource)")
    parser.add_argument("--no-engine-rows", action="store_true", help="skip the rows of bench/engine.py")
    args = parser.parse_args()
    from engine import engine_rows, print_rows
    from generate import write

    from kg.model.build import build
    from kg.network.export import export_file
    from kg.store.embedded import MEMORY, open_store
    from kg.model.synthetic import claims_for_triples

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled.nq"
        with open_store(MEMORY) as store:
            build(store)
            export_file(store, "nq", bundled)
        for size in args.sizes:
            claims = claims_for_triples(size)
            data = Path(tmp) / f"graph-{size}.nq"
            started = time.perf_counter()
            quads = write(data, actors=max(10, claims // 5), claims=claims)
            print(f"# {size:,}: generated {quads:,} quads in {time.perf_counter() - started:.1f} s", flush=True)
            oxigraph = child(OXIGRAPH, [str(Path(tmp) / f"store-{size}"), str(data), str(args.runs), str(Path(tmp) / "out.nt")], 3600)
            rdflib = child(RDFLIB, [str(data), str(bundled), str(args.runs), str(args.budget)], args.budget * 20)
            virtuoso = {} if args.no_virtuoso else virtuoso_rows(Path(tmp), data, args.runs)
            results[size] = {"quads": quads, "oxigraph": oxigraph, "rdflib": rdflib, "virtuoso": virtuoso}
            print("\nnamed queries and kg analyze: repeated (answers kept) / first run [/ engine alone]; ratios compare the engines")
            print(f"\n{'row':<38} {'rows':>7} {'Oxigraph':>24} {'rdflib memory':>24} {'rdflib/Ox':>9} {'Virtuoso':>24} {'Virt/Ox':>8}")
            for row in oxigraph:
                if row == "peak_mib":
                    continue
                ox_value, rdf_value, virt_value = oxigraph.get(row), rdflib.get(row), virtuoso.get(row)
                ratios = [f"{number(v) / number(ox_value):.1f}×" if number(ox_value) and number(v) else "—"
                          for v in (rdf_value, virt_value)]
                answered = f"{ox_value['rows']:,}" if isinstance(ox_value, dict) and "rows" in ox_value else ""
                print(f"{row:<38} {answered:>7} {figure(ox_value):>24} {figure(rdf_value):>24} {ratios[0]:>9} "
                      f"{figure(virt_value):>24} {ratios[1]:>8}")
            print(f"{'peak memory of the process':<38} {'':>7} {str(oxigraph.get('peak_mib')) + ' MiB':>24} "
                  f"{str(rdflib.get('peak_mib', '—')) + ' MiB':>24} {'':>9} "
                  f"{str(virtuoso.get('peak_mib', '—')) + ' MiB + server ' + str(virtuoso.get('server_peak_mib', '—')):>24}",
                  flush=True)
            if not args.no_engine_rows:
                results[size]["close_to_the_engine"] = print_rows(engine_rows(Path(tmp) / f"store-{size}", data, args.runs))
            data.unlink()
    from kg.extract import RuleExtractor
    from kg.extract.gazetteer import Gazetteer
    from kg.datafiles import data_path

    with open_store(MEMORY) as store:
        build(store)
        extractor = RuleExtractor(Gazetteer.from_store(store))
    text = data_path("sources", "made-in-china-h200.ar.txt").read_text(encoding="utf-8")
    started = time.perf_counter()
    for _ in range(30):
        extractor.extract(text, "ar")
    per_second = 30 / (time.perf_counter() - started)
    results["ingest_articles_per_s"] = round(per_second, 1)
    print(f"\nextractor: {per_second:.1f} seed articles per second")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"# wrote {args.out}")


if __name__ == "__main__":
    main()
