from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.sitegen.catalog import CATALOG_FILE, CatalogError, load_catalog


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = CATALOG_FILE.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "catalog.yml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    bad = _broken_copy(tmp_path, "    slug: Synthetic-Bob-Wig", "    slgu: Synthetic-Bob-Wig")
    line = next(n for n, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "slgu:" in text)
    with pytest.raises(CatalogError) as caught:
        load_catalog(bad)
    assert f"{bad}:{line}" in str(caught.value)
    assert "slgu" in str(caught.value)


def test_unknown_seller_is_an_error(tmp_path: Path) -> None:
    bad = _broken_copy(tmp_path, "    seller: guangzhou-silkline\n", "    seller: guangzhou-silklnie\n")
    with pytest.raises(CatalogError, match="unknown seller 'guangzhou-silklnie'"):
        load_catalog(bad)


def test_flagged_listing_needs_signals(tmp_path: Path) -> None:
    bad = _broken_copy(tmp_path, "      signals: [{kind: phrase, text: 北朝鮮製}]\n", "")
    with pytest.raises(CatalogError, match="needs signals"):
        load_catalog(bad)


def test_catalog_covers_the_brief() -> None:
    catalog = load_catalog()
    products = [listing for listing in catalog.listings if listing.kind == "product" and listing.is_listing]
    assert len(products) >= 30
    assert {listing.lang for listing in products} == {"en", "zh", "ja", "ko"}
    assert sum(listing.trap is not None for listing in catalog.listings) >= 6
    kinds = {signal.kind for listing in catalog.listings for signal in listing.expected.signals}
    assert kinds == {"phrase", "seller", "contact", "place"}


def test_designated_sellers_match_the_real_ofac_rows(realdata: Path) -> None:
    """Seller names presented as designated entities must point at real SDN rows (name and aliases)."""
    sanctions = realdata / "sanctions"
    with (sanctions / "ofac_sdn_2024-05-03_DPRK_excerpt.csv").open(encoding="latin-1", newline="") as handle:
        sdn = {row[0].strip(): row[1].strip() for row in csv.reader(handle) if row}
    with (sanctions / "ofac_alt_2025-08_DPRK_aliases_excerpt.csv").open(encoding="latin-1", newline="") as handle:
        aliases: dict[str, set[str]] = {}
        for row in csv.reader(handle):
            if row:
                aliases.setdefault(row[0].strip(), set()).add(row[3].strip())
    designated = [seller for seller in load_catalog().sellers if seller.designated is not None]
    assert len(designated) >= 4
    for seller in designated:
        assert seller.designated is not None
        entry = seller.designated.entry
        assert sdn[entry] == seller.designated.listed_name, seller.id
        known = {sdn[entry], *aliases.get(entry, set())}
        quoted = seller.designated.variant.removeprefix("alias ").split(" of the alias ")[-1]
        if seller.designated.variant != "exact name":
            assert any(name in quoted for name in known), seller.id
        # contacts of real designated companies never name a person
        assert not any("person" in label.lower() or "联系人" in label for label in seller.contacts), seller.id
