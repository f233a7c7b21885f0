"""Score the extraction layer, and extruct's markup-only reading, on a set described by a truth file.

A truth file holds one JSON object per line: id, file (the page, gzip or not, relative to the pages
folder), url (or null), site, kind, price (a decimal string or null), currency, seller (or null),
seller_is_site (optional), seller_location, origin, encoding.

Price F1 follows Zyte's benchmark: one predicted price per page compared as a Decimal; a wrong price is a
false positive and, when an answer existed, also a false negative. Seller and origin accuracy count a page
right when the normalised answer (case-folded, white space collapsed) equals or contains the truth, or the
other way round; a page whose truth is null (or the site itself) is right when the answer is empty or the
site's own name.
"""

from __future__ import annotations

import gzip
import json
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.extract import decode_html, extract_page

MIN_CONTAINED_CHARS = 3  # "Ltd" inside every company name is no match


@dataclass(frozen=True)
class Answer:
    price: str = ""
    seller: str = ""
    origin: str = ""
    source: str = ""  # where our seller came from, for --misses


@dataclass(frozen=True)
class SetScore:
    system: str
    pages: int
    price: dict[str, float]
    seller: float
    origin: float


def read_truth(path: Path) -> list[dict[str, Any]]:
    """The truth rows; a malformed line fails loudly with its line number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from exc
        missing = [key for key in ("id", "file", "price", "seller", "origin") if key not in row]
        if missing:
            raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
        rows.append(row)
    return rows


def read_page(path: Path) -> bytes:
    body = path.read_bytes()
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def normalise(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _site_label(row: dict[str, Any]) -> str:
    host = urlsplit(row.get("url") or "").hostname or ""
    labels = [label for label in host.split(".") if label not in {"www", "com", "co", "net", "org"}]
    return normalise(row.get("site") or (labels[0] if labels else ""))


def same_name(truth: str | None, answer: str, *, site: str = "", truth_is_site: bool = False) -> bool:
    """Normalised equality or containment; a null (or site) truth wants no name, or the site's own."""
    expected, got = normalise(truth), normalise(answer)
    if not expected or truth_is_site:
        squeezed = got.replace(" ", "")
        return not got or (bool(site) and site.replace(" ", "") in squeezed) or (bool(expected) and expected in got)
    if not got:
        return False
    shorter = min(expected, got, key=len)
    return expected == got or (len(shorter) >= MIN_CONTAINED_CHARS and (expected in got or got in expected))


def price_counts(truth: str | None, answer: str) -> tuple[int, int, int]:
    try:
        expected = Decimal(truth) if truth else None
        got = Decimal(answer) if answer else None
    except InvalidOperation:
        got = None
    if got is None:
        return (0, 0, 1 if expected is not None else 0)
    if expected is not None and got == expected:
        return (1, 0, 0)
    return (0, 1, 1 if expected is not None else 0)


def f1(counts: list[tuple[int, int, int]]) -> dict[str, float]:
    tp, fp, fn = (sum(column) for column in zip(*counts, strict=True)) if counts else (0, 0, 0)
    precision = 1.0 if fp == fn == 0 else tp / (tp + fp) if tp + fp else 0.0
    recall = 1.0 if fp == fn == 0 else tp / (tp + fn) if tp + fn else 0.0
    return {"f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "precision": precision, "recall": recall}  # fmt: skip


def ours(body: bytes, url: str) -> Answer:
    ex = extract_page(body, url)
    return Answer(ex.price, ex.seller_name, ex.origin, f"{ex.sources.get('price', '-')}; seller: {ex.seller_source}")


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _nodes(value)


def _name(value: Any) -> str:
    if isinstance(value, list):
        return next((name for name in map(_name, value) if name), "")
    if isinstance(value, dict):
        return _name(value.get("name"))
    return str(value) if isinstance(value, str | int | float) else ""


def extruct_reading(body: bytes, url: str) -> Answer:
    """What extruct reads from the markup alone: the first Product's offer price, offer seller and
    countryOfOrigin, else OpenGraph's product:price:amount."""
    import extruct

    text, _ = decode_html(body)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            data = extruct.extract(
                text,
                base_url=url,
                syntaxes=["json-ld", "microdata", "opengraph", "rdfa"],
                uniform=True,
                errors="ignore",
            )
        except Exception:  # extruct raises on markup it cannot parse; the floor then reads nothing
            return Answer()
    price = seller = origin = ""
    for node in _nodes([data.get("json-ld", []), data.get("microdata", []), data.get("rdfa", [])]):
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not any(str(kind).rsplit("/", 1)[-1] == "Product" for kind in kinds):
            continue
        offers = node.get("offers")
        for offer in offers if isinstance(offers, list) else [offers]:
            if isinstance(offer, dict):
                price = price or _name(offer.get("price") or offer.get("lowPrice"))
                seller = seller or _name(offer.get("seller"))
        origin = origin or _name(node.get("countryOfOrigin"))
    for og in data.get("opengraph", []):
        if isinstance(og, dict):
            price = price or _name(og.get("product:price:amount") or og.get("og:price:amount"))
    try:
        price = format(Decimal(price.replace(",", "")), "f") if price else ""
    except InvalidOperation:
        price = ""
    return Answer(price, seller, origin)


def score_truth_set(truth_file: Path, pages: Path, *, show_misses: bool = False) -> list[SetScore]:
    rows = read_truth(truth_file)
    bodies = {row["id"]: read_page(pages / row["file"]) for row in rows}
    scores = []
    for system, read in (("originwatch", ours), ("extruct", extruct_reading)):
        prices, sellers, origins = [], 0, 0
        for row in rows:
            url = row.get("url") or (pages / row["file"]).resolve().as_uri()
            answer = read(bodies[row["id"]], url)
            site = _site_label(row)
            price_row = price_counts(row["price"], answer.price)
            seller_ok = same_name(
                row["seller"], answer.seller, site=site, truth_is_site=bool(row.get("seller_is_site"))
            )
            origin_ok = same_name(row["origin"], answer.origin)
            prices.append(price_row)
            sellers += seller_ok
            origins += origin_ok
            if show_misses and system == "originwatch":
                for what, ok, expected, got in (
                    ("price", not any(price_row[1:]), row["price"], answer.price),
                    ("seller", seller_ok, row["seller"], answer.seller),
                    ("origin", origin_ok, row["origin"], answer.origin),
                ):
                    if not ok:
                        print(what, row["id"], repr(expected), repr(got), answer.source, sep="\t", file=sys.stderr)
        n = len(rows) or 1
        scores.append(SetScore(system, len(rows), f1(prices), sellers / n, origins / n))
    return scores
