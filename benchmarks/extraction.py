"""Extraction quality in one run, on every set at hand, with extruct's markup-only reading beside ours.

1. Zyte's public product-extraction benchmark (the development set): price / SKU / availability precision,
   recall and F1 computed exactly as that benchmark's evaluate.py does, next to the published outputs of
   Zyte, Diffbot and extruct (checked against metrics.json to prove the metric code).
2. Sets described by a truth file (one JSON object per line: id, file, url, site, kind, price, currency,
   seller, seller_is_site, seller_location, origin, encoding; `file` relative to the pages folder): the
   marketplace pages of ../shared/realdata (development, truth in tests/crawler/extract/data/) and the
   held-out test set in tests/data/extraction_test/ when present. Each prints price F1, seller accuracy and
   origin accuracy for originwatch and for extruct's reading of the page's markup (JSON-LD, microdata,
   RDFa, OpenGraph) alone: the floor any layer must beat.

    .venv/bin/python benchmarks/extraction.py [--realdata PATH] [--test-set DIR] [--misses]

--misses prints every miss of our layer (on stderr): the accepted values, ours, the layer or place it came
from and the page, so heuristics are tuned on evidence, not guesses. Never run it on the test set while
developing: that set is scored, not studied.
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
# The script's own folder holds benchmarks/queue.py, whose name is the standard library's: keep it off the path.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks")]

from benchmarks.extraction_sets import score_truth_set  # noqa: E402
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


COMPARED_FIELDS = ("title", "description", "price", "price_max", "currency", "sku", "availability", "seller_name",
                   "seller_location", "origin", "kind")  # fmt: skip


def cost_line(bench: Path, truth: dict[str, Any]) -> str:
    """CPU time per page with fields that structured data settled skipped in the DOM layer, against every
    DOM search run, and how many extracted fields the skipping changed (it must be none)."""
    bodies = [
        (gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()), row["url"]) for key, row in truth.items()
    ]
    timings, outputs = {}, {}
    for skip in (False, True):
        started = time.process_time()
        outputs[skip] = [extract_page(body, url, skip_settled=skip) for body, url in bodies]
        timings[skip] = 1000 * (time.process_time() - started) / len(bodies)
    changed = sum(
        getattr(full, name) != getattr(fast, name)
        for full, fast in zip(outputs[False], outputs[True], strict=True)
        for name in COMPARED_FIELDS
    )
    return (
        f"cost: {timings[True]:.0f} ms CPU/page skipping DOM searches for settled fields, {timings[False]:.0f} ms "
        f"running them all ({100 * (1 - timings[True] / timings[False]):.0f}% saved); {changed} field(s) differ."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    parser.add_argument(
        "--misses", "--show-errors", action="store_true", help="print every miss of our extractor, with its source"
    )
    parser.add_argument(
        "--test-set", type=Path, default=ROOT / "tests" / "data" / "extraction_test", help="folder holding truth.jsonl"
    )
    parser.add_argument("--no-test-set", action="store_true", help="score the development sets only")
    parser.add_argument(
        "--dev-truth", type=Path, default=ROOT / "tests" / "crawler" / "extract" / "data" / "marketplace_truth.jsonl"
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
    print(cost_line(bench, truth))
    print("metric code reproduces metrics.json" if mismatches == 0 else f"{mismatches} published figure(s) differ")
    sets = [("marketplace pages (dev)", args.dev_truth, args.realdata / "marketplace-pages")]
    if not args.no_test_set:
        sets.append(("test set (held out)", args.test_set / "truth.jsonl", args.test_set))
    print("\n| set | system | pages | price F1 | price P | price R | seller acc. | origin acc. |")
    print("|---|---|---|---|---|---|---|---|")
    for label, truth_file, pages in sets:
        if not truth_file.is_file() or not pages.is_dir():
            print(f"| {label} | - | not found: {truth_file} | | | | | |")
            continue
        for row in score_truth_set(truth_file, pages, show_misses=args.misses and "test" not in label):
            print(
                f"| {label} | {row.system} | {row.pages} | {row.price['f1']:.3f} | {row.price['precision']:.3f} "
                f"| {row.price['recall']:.3f} | {row.seller:.3f} | {row.origin:.3f} |"
            )
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
