"""Quality gate: the generic layer over all 140 pages of Zyte's product-extraction benchmark.

Scored by the benchmark's own rule (one predicted price per page, compared as a Decimal against the
annotated values; F1 over all pages). The floor is the figure the layer reached when this gate was set;
raise it when the layer improves, never lower it to make a change pass.
"""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from crawler.extract import extract_page

PRICE_F1_FLOOR = 0.90


def price_f1(pairs: list[tuple[set[Decimal], Decimal | None]]) -> float:
    """The benchmark's F1: a wrong price is a false positive (and a false negative when an answer exists)."""
    tp = fp = fn = 0
    for true, predicted in pairs:
        if predicted is None:
            fn += bool(true)
        elif predicted in true:
            tp += 1
        else:
            fp += 1
            fn += bool(true)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.mark.realdata
@pytest.mark.quality_gate
def test_benchmark_pages_are_read_not_blocked_and_priced(realdata: Path) -> None:
    bench = realdata / "product-extraction-benchmark"
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    assert len(truth) == 140
    blocked = []
    pairs: list[tuple[set[Decimal], Decimal | None]] = []
    for key, annotation in truth.items():
        ex = extract_page(gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()), annotation["url"])
        if ex.kind == "blocked":
            blocked.append((annotation["url"], ex.block_reason))
        true = {Decimal(value) for value in annotation.get("price", [])}
        pairs.append((true, Decimal(ex.price) if ex.price else None))
    assert blocked == []
    assert price_f1(pairs) >= PRICE_F1_FLOOR
