"""The extractor's quality and speed: the dev set of real news (per language and per confidence band),
the project's own gold articles, the seed article, articles per second on one core, memory on a big text.

    python bench/extraction.py [--dev ../shared/corpus/dev] [--gold tests/gold] [--big-mib 50] [--no-dev]

The dev set is scored with the same logic as ``../shared/eval/score_extraction.py`` (imported from there):
each article ingested into a copy of the built store with ``--accept-above 0``, the additions compared with
the gold. Precision per confidence band tells an analyst where to put ``kg ingest --accept-above``: a
band's row counts the relations whose proposal had that confidence, and "at or above" what that threshold
would enter. Speed is CPU time of ``Extractor.extract`` on the dev texts cut to 2,000 characters (English
parsed, Arabic by the rules), one thread. The big text is the English dev texts repeated up to
``--big-mib`` MiB, extracted in a child process whose peak memory is read from the kernel.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: numpy's BLAS in spaCy's models stays on one thread
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import glob
import importlib.util
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8)
KG_NS = "https://w3id.org/chipkg/ontology#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def extractor():
    from kg.extract import RuleExtractor
    from kg.extract.gazetteer import Gazetteer
    from kg.model.build import build
    from kg.store.embedded import MEMORY, open_store

    with open_store(MEMORY) as store:
        build(store)
        return RuleExtractor(Gazetteer.from_store(store))


def gold_and_seed(ex, gold: Path, rows: dict) -> None:
    from kg.extract.evaluate import evaluate_gold, seed_recall

    print(f"{'set':<10} {'kind':<10} {'P':>6} {'R':>6} {'F1':>6}  (tp/predicted/expected)")
    for lang in ("en", "ar"):
        for kind, score in evaluate_gold(ex, gold / lang, lang).items():
            rows[f"gold/{lang}/{kind}"] = {"precision": round(score.precision, 3), "recall": round(score.recall, 3),
                                           "f1": round(score.f1, 3),
                                           "counts": [score.true_positives, score.predicted, score.expected]}
            print(f"{lang:<10} {kind:<10} {score.precision:>6.2f} {score.recall:>6.2f} {score.f1:>6.2f}  "
                  f"({score.true_positives}/{score.predicted}/{score.expected})")
    seed = seed_recall(ex)
    rows["seed/relations"] = {"recall": round(seed.recall, 3), "precision": round(seed.precision, 3),
                              "counts": [seed.true_positives, seed.predicted, seed.expected]}
    print(f"{'seed':<10} {'relations':<10} {seed.precision:>6.2f} {seed.recall:>6.2f} {seed.f1:>6.2f}  "
          f"({seed.true_positives}/{seed.predicted}/{seed.expected} curated triples)")


def _scorer(dev: Path):
    path = dev.parent.parent / "eval" / "score_extraction.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _above(graph, before, threshold: float):
    """The graph with the new claims under ``threshold`` (and the direct edges only they support) taken out."""
    from rdflib import URIRef

    confidence, subject, predicate, obj = (URIRef(KG_NS + "confidence"), URIRef(RDF_NS + "subject"),
                                           URIRef(RDF_NS + "predicate"), URIRef(RDF_NS + "object"))
    kept = graph.__class__()
    low, high = set(), set()
    for claim, value in graph.subject_objects(confidence):
        if (claim, confidence, value) in before:
            continue
        edge = (graph.value(claim, subject), graph.value(claim, predicate), graph.value(claim, obj))
        (low if float(value) < threshold else high).add((claim, edge))
    dropped_claims = {c for c, _ in low}
    dropped_edges = {e for _, e in low} - {e for _, e in high}
    for triple in graph:
        if triple[0] in dropped_claims or (triple in dropped_edges and triple not in before):
            continue
        kept.add(triple)
    return kept


def dev_set(dev: Path, rows: dict) -> None:
    """Recall, precision, F1 and actor recall per language, and precision per confidence band."""
    scorer = _scorer(dev)
    if scorer is None:
        print(f"dev set: no scorer beside {dev} (../shared/eval/score_extraction.py); skipped")
        return
    from click.testing import CliRunner
    from rdflib import Graph

    from kg.cli import cli

    runner = CliRunner()
    aliases = json.loads((dev / "aliases.json").read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="kg-bench-dev-"))
    env = {"KG_CACHE": "0"}
    try:
        base = work / "base"
        runner.invoke(cli, ["build", "--store", str(base)], env=env, catch_exceptions=False)
        runner.invoke(cli, ["export", "--store", str(base), "--format", "nt", "-o", str(work / "base.nt")], env=env)
        before = Graph().parse(work / "base.nt", format="nt")
        results = {band: [] for band in BANDS}
        started = time.perf_counter()
        for path in sorted((dev / "articles").glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            text = work / f"{gold['id']}.txt"
            text.write_text(gold["text"], encoding="utf-8")
            store = work / f"s-{gold['id']}"
            shutil.copytree(base, store, ignore=shutil.ignore_patterns("LOCK"))
            result = runner.invoke(cli, ["ingest", str(text), "--store", str(store), "--accept-above", "0",
                                         "--review", str(work / f"{gold['id']}.yaml")], env=env)
            if result.exit_code:
                print(f"{gold['id']}: kg ingest failed: {result.output.strip()[-200:]}")
                continue
            out = work / f"{gold['id']}.nt"
            runner.invoke(cli, ["export", "--store", str(store), "--format", "nt", "-o", str(out)], env=env)
            after = Graph().parse(out, format="nt")
            for band in BANDS:
                results[band].append(scorer.score(before, _above(after, before, band) if band else after, gold, aliases))
            shutil.rmtree(store, ignore_errors=True)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def totals(scored):
        gold_n = sum(r["gold"] for r in scored)
        found = sum(r["found"] for r in scored)
        added = sum(r["added"] for r in scored)
        correct = sum(r["correct"] for r in scored)
        recall, precision = found / max(1, gold_n), correct / max(1, added)
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        actors = sum(r["actors_found"] for r in scored) / max(1, sum(r["actors"] for r in scored))
        return recall, precision, f1, actors, added, correct

    print(f"\ndev set ({dev}), kg ingest --accept-above 0, {seconds:.0f} s:")
    print(f"{'set':6} {'articles':>8} {'recall':>7} {'precision':>9} {'F1':>5} {'actor recall':>12}")
    for lang in ("en", "ar", "all"):
        scored = [r for r in results[0.0] if lang == "all" or r["lang"] == lang]
        recall, precision, f1, actors, added, correct = totals(scored)
        rows[f"dev/{lang}"] = {"articles": len(scored), "recall": round(recall, 3), "precision": round(precision, 3),
                               "f1": round(f1, 3), "actor_recall": round(actors, 3)}
        print(f"{lang:6} {len(scored):>8} {recall:>7.2f} {precision:>9.2f} {f1:>5.2f} {actors:>12.2f}")
    print("\nprecision per confidence band (all languages; 'at or above' is what --accept-above would enter):")
    print(f"{'band':<11} {'relations':>9} {'correct':>7} {'precision':>9}   {'at or above: recall':>19} {'precision':>9}")
    for low, high in zip(BANDS, BANDS[1:] + (1.01,)):
        _, _, _, _, added_low, correct_low = totals(results[low])
        if high <= 1.0:
            _, _, _, _, added_high, correct_high = totals(results[high])
        else:
            added_high = correct_high = 0
        added, correct = added_low - added_high, correct_low - correct_high
        recall, precision, *_ = totals(results[low])
        label = f"{low:.2f}-{min(high, 1.0):.2f}"
        rows[f"dev/band/{label}"] = {"relations": added, "correct": correct,
                                     "precision": round(correct / added, 3) if added else None,
                                     "at_or_above": {"recall": round(recall, 3), "precision": round(precision, 3)}}
        share = f"{correct / added:>9.2f}" if added else f"{'-':>9}"
        print(f"{label:<11} {added:>9} {correct:>7} {share}   {recall:>19.2f} {precision:>9.2f}")


def speed(ex, dev: Path, rows: dict, repeat: int) -> None:
    from kg.extract.arabic import stems
    from kg.extract.text import variants

    texts = {"en": [], "ar": []}
    for path in sorted(glob.glob(str(dev / "articles" / "*.json"))):
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        texts[gold["lang"]].append(gold["text"][:2000])
    if not texts["en"]:
        from kg.datafiles import data_path
        texts["ar"] = [data_path("sources", "made-in-china-h200.ar.txt").read_text(encoding="utf-8")[:2000]]
    print()
    for lang, sample in texts.items():
        if not sample:
            continue
        ex.extract(sample[0], lang)  # the parser loads on first use
        spent = 0.0
        for _ in range(repeat):
            stems.cache_clear()  # every round reads the words as new: no article repeats in real news
            variants.cache_clear()
            started = time.process_time()
            for text in sample:
                ex.extract(text, lang)
            spent += time.process_time() - started
        per_second = repeat * len(sample) / spent
        rows[f"speed/{lang}"] = {"articles_per_s": round(per_second, 1), "path": ex.path,
                                 "mean_chars": round(sum(map(len, sample)) / len(sample))}
        print(f"speed {lang}: {per_second:.1f} articles of up to 2,000 characters a second on one core ({ex.path})")


_BIG = """
import resource, sys, time
from kg.extract import RuleExtractor
from kg.extract.gazetteer import Gazetteer
from kg.model.build import build
from kg.store.embedded import MEMORY, open_store
with open_store(MEMORY) as store:
    build(store)
    ex = RuleExtractor(Gazetteer.from_store(store))
text = open(sys.argv[1], encoding="utf-8").read()
ex.extract(text[:2000], "en")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
proposals, entities = ex.extract(text, "en")
print(len(text), len(proposals), base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time() - started)
"""


def big_text(dev: Path, mib: float, rows: dict) -> None:
    sample = [json.loads(Path(p).read_text(encoding="utf-8"))["text"]
              for p in sorted(glob.glob(str(dev / "articles" / "dev_en_*.json")))]
    if not sample:
        return
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as handle:
        written = 0
        while written < mib * 1024 * 1024:
            for text in sample:
                handle.write(text + "\n\n")
                written += len(text.encode("utf-8")) + 2
    try:
        out = subprocess.run([sys.executable, "-c", _BIG, handle.name], capture_output=True, text=True, check=True)
        chars, proposals, base_kib, peak_kib, seconds = out.stdout.split()
    finally:
        os.unlink(handle.name)
    rows[f"big/{mib:g}MiB"] = {"chars": int(chars), "proposals": int(proposals), "rss_before_mib": int(base_kib) // 1024,
                               "peak_rss_mib": int(peak_kib) // 1024, "cpu_s": round(float(seconds), 1)}
    print(f"big text: {mib:g} MiB of English ({int(chars):,} characters) in {float(seconds):.0f} s CPU, "
          f"{int(proposals):,} proposals; peak memory {int(peak_kib) // 1024} MiB "
          f"({int(base_kib) // 1024} MiB before the text was read)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--no-dev", action="store_true", help="skip the dev set (it ingests 24 articles)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds over the speed sample")
    parser.add_argument("--big-mib", type=float, default=5, help="size of the big text (0 skips it)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "extraction.json")
    args = parser.parse_args()
    rows: dict = {}
    ex = extractor()
    gold_and_seed(ex, args.gold, rows)
    if not args.no_dev and args.dev.is_dir():
        dev_set(args.dev, rows)
    speed(ex, args.dev, rows, args.repeat)
    if args.big_mib and args.dev.is_dir():
        big_text(args.dev, args.big_mib, rows)
    rows["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                       "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
