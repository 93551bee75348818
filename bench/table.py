"""The README's benchmark table from bench/run.py's JSON.

    python bench/table.py [bench/results/run.json ...]

One column per size and store (Oxigraph, rdflib, Virtuoso), one row per
measurement, medians; the row counts of the named queries come from the
largest size. Several files (e.g. a 10M run apart) are joined side by side.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORES = (("oxigraph", "Oxigraph"), ("rdflib", "rdflib"), ("virtuoso", "Virtuoso"))


def cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if "first_ms" in value:  # repeated (answers kept per store version) / first run [/ engine alone]
        return " / ".join(f"{value[k]:,}" for k in ("median_ms", "first_ms", "engine_ms") if k in value) + " ms"
    if "median_ms" in value:
        return f"{value['median_ms']:,} ms"
    return f"{value['seconds']:,} s, {value['peak_mib']} MiB"


def size_name(size: str) -> str:
    n = int(size)
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def main(paths: list[Path]) -> None:
    runs: dict[str, dict] = {}
    for path in paths:
        runs.update({k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k.isdigit()})
    columns = [(size, store, name) for size in sorted(runs, key=int) for store, name in STORES
               if runs[size].get(store) and not runs[size][store].get("error")]
    rows = [r for r in runs[max(runs, key=int)]["oxigraph"] if r != "peak_mib"]
    for size in runs:
        rows += [r for r in runs[size]["oxigraph"] if r not in rows and r != "peak_mib"]
    print("| row | " + " | ".join(f"{size_name(s)} {n}" for s, _, n in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for row in rows:
        answered = runs[max(runs, key=int)]["oxigraph"].get(row, {})
        label = row + (f" ({answered['rows']:,} rows)" if isinstance(answered, dict) and "rows" in answered else "")
        print(f"| {label} | " + " | ".join(cell(runs[s][st].get(row)) for s, st, _ in columns) + " |")
    peaks = []
    for size, store, _ in columns:
        found = runs[size][store]
        peak = f"{found['peak_mib']} MiB" if "peak_mib" in found else "—"
        peaks.append(peak + (f" + server {found['server_peak_mib']} MiB" if "server_peak_mib" in found else ""))
    print("| peak memory | " + " | ".join(peaks) + " |")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or [HERE / "results" / "run.json"])
