"""The extractor's quality and speed: P/R/F1 on the gold articles, recall on the seed, articles per second.

    python bench/extraction.py [--gold tests/gold] [--repeat 50]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.model.build import build
from kg.extract import RuleExtractor
from kg.extract.evaluate import evaluate_gold, seed_recall
from kg.extract.gazetteer import Gazetteer
from kg.datafiles import data_path
from kg.store.embedded import MEMORY, open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "gold")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "extraction.json")
    args = parser.parse_args()
    with open_store(MEMORY) as store:
        build(store)
        extractor = RuleExtractor(Gazetteer.from_store(store))
    rows = {}
    print(f"{'set':<10} {'kind':<10} {'P':>6} {'R':>6} {'F1':>6}  (tp/predicted/expected)")
    for lang in ("en", "ar"):
        for kind, score in evaluate_gold(extractor, args.gold / lang, lang).items():
            rows[f"{lang}/{kind}"] = {"precision": round(score.precision, 3), "recall": round(score.recall, 3),
                                      "f1": round(score.f1, 3), "counts": [score.true_positives, score.predicted, score.expected]}
            print(f"{lang:<10} {kind:<10} {score.precision:>6.2f} {score.recall:>6.2f} {score.f1:>6.2f}  "
                  f"({score.true_positives}/{score.predicted}/{score.expected})")
    seed = seed_recall(extractor)
    rows["seed/relations"] = {"recall": round(seed.recall, 3), "precision": round(seed.precision, 3),
                              "counts": [seed.true_positives, seed.predicted, seed.expected]}
    print(f"{'seed':<10} {'relations':<10} {seed.precision:>6.2f} {seed.recall:>6.2f} {seed.f1:>6.2f}  "
          f"({seed.true_positives}/{seed.predicted}/{seed.expected} curated triples)")
    text = data_path("sources", "made-in-china-h200.ar.txt").read_text(encoding="utf-8")
    started = time.perf_counter()
    for _ in range(args.repeat):
        extractor.extract(text, "ar")
    per_second = args.repeat / (time.perf_counter() - started)
    rows["speed"] = {"articles_per_s": round(per_second, 1), "chars_per_s": round(per_second * len(text))}
    print(f"speed: {per_second:.1f} seed articles per second ({per_second * len(text):,.0f} characters/s)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
