"""The profiles' hints against real saved pages (../shared/realdata; skipped when absent): selectors drift,
so each site whose pages we hold is checked on them, not only on our hand-written fixtures."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crawler.extract import extract_page
from crawler.sites import load_profile

ALIBABA_PAGE = "d8830de9c46d6699a8ad00ed1f9c22754f64e74051ceb6c3a900a39efa1ce181.html.gz"

# site, saved page, its URL, expected (field -> value; "~" prefix: the field contains the value)
CASES = [
    (
        "aliexpress",
        "marketplace-pages/aliexpress.html",
        "https://he.aliexpress.com/item/32993251330.html",
        {"seller_name": "Summer Technology Co.,Ltd.", "seller_location": "China", "listing_id": "32993251330"},
    ),
    (
        "ebay",
        "marketplace-pages/ebay.html",
        "https://www.ebay.com/itm/323606288437",
        {
            "title": "~Outdoor Wicker Patio Furniture Sofa 3 Seater",
            "seller_name": "bestchoiceproducts",
            "seller_location": "Rancho Cucamonga, California, United States",
        },
    ),
    (
        "amazon",
        "marketplace-pages/amazon_com_B07FNW9FGJ_tshirt_2025__Soko101.html",
        "https://www.amazon.com/dp/B07FNW9FGJ",
        {"title": "Got Data Funny Business Data Analyst T-Shirt", "seller_name": "", "origin": "Imported"},
    ),
    (
        "amazon",
        "marketplace-pages/amazon_es_B07JH148DF_2025__jserrano-teina.html",
        "https://www.amazon.es/dp/B07JH148DF",
        {"title": "~Hercules DJMonitor 32", "seller_name": "", "origin": "China"},
    ),
    (
        "alibaba",
        f"product-extraction-benchmark/html/{ALIBABA_PAGE}",
        "https://www.alibaba.com/product-detail/Lemon-Cheese-Garlic-Ginger-Handheld-Stainless_62320522213.html",
        {"seller_name": "Huizhou Yongli Industrial Co., Ltd.", "origin": "Guangdong, China"},
    ),
]


@pytest.mark.realdata
@pytest.mark.parametrize(("site", "page", "url", "expected"), CASES, ids=[c[1].split("/")[-1][:40] for c in CASES])
def test_profile_hints_read_real_pages(
    realdata: Path, site: str, page: str, url: str, expected: dict[str, str]
) -> None:
    path = realdata / page
    body = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    ex = extract_page(body, url, hints=load_profile(site).hints())
    assert ex.kind == "product"
    for name, value in expected.items():
        found = getattr(ex, name)
        if value.startswith("~"):
            assert value[1:] in found, name
        else:
            assert found == value, name
