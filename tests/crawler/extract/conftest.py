from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement


@pytest.fixture
def parse() -> Callable[[str], HtmlElement]:
    """Small inline HTML -> lxml document, as the layers receive it."""

    def parse_html(html: str) -> HtmlElement:
        return lxml.html.document_fromstring(html)

    return parse_html


@pytest.fixture
def marketplace_page(realdata: Path) -> Callable[[str], bytes]:
    def read(name: str) -> bytes:
        matches = sorted((realdata / "marketplace-pages").glob(name))
        if not matches:
            pytest.skip(f"{name} is absent from realdata")
        return matches[0].read_bytes()

    return read


@pytest.fixture
def alibaba_benchmark_page(realdata: Path) -> tuple[str, bytes]:
    """(url, html) of the Alibaba page(s) in the product-extraction benchmark, found via ground-truth urls."""
    bench = realdata / "product-extraction-benchmark"
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    key, row = next((k, v) for k, v in truth.items() if "alibaba.com" in v["url"])
    return row["url"], gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "quality_gate: scores the layer on a whole real-page benchmark; fails when quality regresses"
    )
