from __future__ import annotations

import pytest
from sqlite_utils import Database

from db import open_db


@pytest.fixture
def db() -> Database:
    return open_db(memory=True)


@pytest.fixture
def listing() -> dict[str, object]:
    return {
        "platform": "demo.example",
        "listing_key": "/product/lace-wig-1.html",
        "url": "http://demo.example/product/lace-wig-1.html",
        "kind": "product",
        "title": "Hand-tied lace front wig",
        "description": "Remy hair, hand-tied in North Korea",
        "price": "35.00",
        "currency": "USD",
        "seller_name": "Dandong Kumsang Trade",
        "seller_url": "http://demo.example/seller/kumsang.html",
        "seller_location": "Dandong, Liaoning",
        "attributes": {"Place of Origin": "Liaoning, China"},
        "contacts": ["+850 2 381 1234"],
        "category": "wig",
    }
