"""The extraction benchmark's scorer for truth-file sets (the held-out test set's format), on a small set
written here: pages in a temporary folder, one gzipped, one truth line each."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_sets", ROOT / "benchmarks" / "extraction_sets.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


SETS = _scorer()

PAGES = {
    # A plain B2B offer: price, supplier row and origin row, no structured data.
    "offer": (
        "<html><body><h1>Hand-tied human hair wig</h1><p class='price'>US$ 35.00 / piece</p>"
        "<table><tr><th>Supplier</th><td>Hunchun Hair Products Co., Ltd.</td></tr>"
        "<tr><th>Place of Origin</th><td>Jilin, China</td></tr></table></body></html>",
        {"price": "35.00", "currency": "USD", "seller": "Hunchun Hair Products Co., Ltd.", "origin": "China"},
    ),
    # Structured data only: JSON-LD offer with its seller.
    "jsonld": (
        '<html><head><script type="application/ld+json">{"@type": "Product", "name": "Mink lashes",'
        '"offers": {"@type": "Offer", "price": "2.50", "priceCurrency": "USD",'
        '"seller": {"@type": "Organization", "name": "Qingdao Lash Co."}}}</script></head>'
        "<body><h1>Mink lashes</h1><p>$2.50</p></body></html>",
        {"price": "2.50", "currency": "USD", "seller": "Qingdao Lash Co.", "origin": None},
    ),
    # The shop sells its own goods: the truth names no third-party seller.
    "shop": (
        "<html><body><h1>Rattan bag</h1><span class='price'>€ 19,90</span>"
        "<footer><a href='/about'>About Us</a></footer></body></html>",
        {"price": "19.90", "currency": "EUR", "seller": None, "origin": None},
    ),
}


@pytest.fixture
def truth_set(tmp_path: Path) -> Path:
    lines = []
    for number, (page_id, (html, truth)) in enumerate(PAGES.items()):
        name = f"pages/{page_id}.html" + (".gz" if number == 0 else "")
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        data = html.encode("utf-8")
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        row = {"id": page_id, "file": name, "url": f"https://shop.example/item/{number}1234.html", "site": "shop",
               "kind": "product", "seller_location": None, "encoding": "utf-8", **truth}  # fmt: skip
        lines.append(json.dumps(row))
    (tmp_path / "truth.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_scores_ours_and_the_extruct_floor(truth_set: Path) -> None:
    ours, floor = SETS.score_truth_set(truth_set / "truth.jsonl", truth_set)
    assert (ours.system, floor.system, ours.pages) == ("originwatch", "extruct", 3)
    assert ours.price["f1"] == 1.0
    assert ours.seller == 1.0
    assert ours.origin == 1.0
    # extruct reads markup only: the JSON-LD page's price and seller, nothing of the plain pages.
    assert floor.price["precision"] == 1.0
    assert floor.price["recall"] == pytest.approx(1 / 3)
    assert floor.seller == pytest.approx(2 / 3)  # the JSON-LD seller, and the shop's "no seller"


@pytest.mark.parametrize(
    ("truth", "answer", "is_site", "right"),
    [
        ("Hunchun Hair Co., Ltd.", "hunchun  hair co., ltd.", False, True),
        ("Hunchun Hair Co., Ltd.", "Hunchun Hair", False, True),  # containment
        ("Hunchun Hair Co., Ltd.", "", False, False),
        ("Hunchun Hair Co., Ltd.", "Ltd", False, True),  # contained, but see the next case
        ("Hunchun Hair Co., Ltd.", "Co", False, False),  # too short to count as contained
        (None, "", False, True),
        (None, "About Us", False, False),
        ("Amazon.com", "", True, True),
        ("Amazon.com", "Amazon.com", True, True),
        ("Amazon.com", "Some Reseller", True, False),
    ],
)
def test_seller_rule(truth: str | None, answer: str, is_site: bool, right: bool) -> None:
    assert SETS.same_name(truth, answer, site="amazon", truth_is_site=is_site) is right


def test_price_counts_follow_the_zyte_rule() -> None:
    assert SETS.price_counts("19.99", "19.990") == (1, 0, 0)
    assert SETS.price_counts("19.99", "17.00") == (0, 1, 1)
    assert SETS.price_counts(None, "5") == (0, 1, 0)
    assert SETS.price_counts("5", "") == (0, 0, 1)
    assert SETS.price_counts(None, "") == (0, 0, 0)


def test_malformed_truth_line_names_its_line(tmp_path: Path) -> None:
    truth = tmp_path / "truth.jsonl"
    truth.write_text('{"id": "a", "file": "a.html", "price": null, "seller": null, "origin": null}\n{oops\n')
    with pytest.raises(ValueError, match=r"truth.jsonl:2: not JSON"):
        SETS.read_truth(truth)
