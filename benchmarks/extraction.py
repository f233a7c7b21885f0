"""Price / SKU / availability precision, recall and F1 of the generic extraction layer on Zyte's public
product-extraction benchmark, computed exactly as that benchmark's evaluate.py does, next to the published
outputs of Zyte, Diffbot and extruct (checked against metrics.json to prove the metric code).

    .venv/bin/python benchmarks/extraction.py [--realdata PATH] [--misses]

--misses prints, for every page our layer gets wrong, the accepted values, our value, the layer our value
came from and the page URL (on stderr), so heuristics are tuned on evidence, not guesses.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract import extract_page  # noqa: E402

ATTRIBUTES = ("price", "sku", "availability", "InStock", "OutOfStock")
TpFpFn = tuple[int, int, int]


def hard_matching(true: set[Any], pred: Any | None) -> TpFpFn:
    """One predicted value against all accepted ones: a wrong value is a false positive and, when an
    answer existed, also a false negative; no prediction is a false negative only if an answer existed."""
    if pred is None:
        return (0, 0, 1 if true else 0)
    if pred in true:
        return (1, 0, 0)
    return (0, 1, 1 if true else 0)


def decimal_matching(true: set[str], pred: str | None) -> TpFpFn:
    """Prices compare as Decimal numbers; currency is not evaluated."""
    return hard_matching({Decimal(x) for x in true}, Decimal(pred) if pred is not None else None)


def scores(tp_fp_fns: list[TpFpFn]) -> dict[str, float]:
    tp, fp, fn = (sum(values) for values in zip(*tp_fp_fns, strict=True))
    precision = 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def evaluate(
    truth: dict[str, Any],
    prediction: dict[str, dict[str, str]],
    attribute: str,
    show: bool,
    sources: dict[str, dict[str, str]] | None = None,
) -> dict[str, float]:
    if truth.keys() != prediction.keys():
        raise ValueError("prediction keys do not match ground truth")
    matcher = decimal_matching if attribute == "price" else hard_matching
    rows = []
    support = 0
    for key in truth:
        true = set(truth[key].get(attribute, []))
        support += bool(true)
        pred = prediction[key].get(attribute)
        row = matcher(true, pred)
        if show and any(row[1:]):
            source = (sources or {}).get(key, {}).get(attribute, "-")
            print(attribute, sorted(true), repr(pred), source, truth[key]["url"][:100], sep="\t", file=sys.stderr)
        rows.append(row)
    return {**scores(rows), "support": support}


def to_prediction(extracted_price: str, sku: str, availability: str) -> dict[str, str]:
    """Our Extracted as the benchmark's prediction row; empty availability means InStock (README)."""
    row: dict[str, str] = {}
    try:
        if extracted_price:
            Decimal(extracted_price)
            row["price"] = extracted_price
    except InvalidOperation:
        pass
    if sku:
        row["sku"] = sku
    row["availability"] = availability or "InStock"
    row[row["availability"]] = row["availability"]
    return row


def run_ours(bench: Path, truth: dict[str, Any]) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]], float]:
    """(prediction rows, the layer each predicted field came from, seconds spent extracting)."""
    predictions = {}
    sources = {}
    bodies = {key: gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    started = time.perf_counter()
    for key, annotation in truth.items():
        ex = extract_page(bodies[key], annotation["url"])
        predictions[key] = to_prediction(ex.price, ex.sku, ex.availability)
        sources[key] = dict(ex.sources)
    return predictions, sources, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    parser.add_argument(
        "--misses", "--show-errors", action="store_true", help="print every miss of our extractor, with its source"
    )
    args = parser.parse_args()
    bench = args.realdata / "product-extraction-benchmark"
    if not (bench / "ground-truth.json").is_file():
        print(f"benchmark not found under {bench}", file=sys.stderr)
        return 2
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    published = json.loads((bench / "metrics.json").read_text(encoding="utf-8"))
    systems = {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted((bench / "output").glob("*.json"))
    }
    ours, sources, seconds = run_ours(bench, truth)
    systems["originwatch"] = ours
    print("| attribute | system | F1 | precision | recall | support | published F1 | check |")
    print("|---|---|---|---|---|---|---|---|")
    mismatches = 0
    for attribute in ATTRIBUTES:
        for name, prediction in systems.items():
            show = args.misses and name == "originwatch"
            m = evaluate(truth, prediction, attribute, show, sources if show else None)
            reference = published.get(name, {}).get(attribute, {}).get("f1")
            check = ""
            if reference is not None:
                same = abs(reference - m["f1"]) < 1e-9
                mismatches += not same
                check = "matches" if same else "MISMATCH"
            published_f1 = f"{reference:.3f}" if reference is not None else "-"
            print(
                f"| {attribute} | {name} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} "
                f"| {m['support']:.0f} | {published_f1} | {check} |"
            )
    print(f"\n{len(truth)} pages extracted in {seconds:.1f} s ({1000 * seconds / len(truth):.0f} ms/page).")
    print("metric code reproduces metrics.json" if mismatches == 0 else f"{mismatches} published figure(s) differ")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
