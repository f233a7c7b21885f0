from __future__ import annotations

import pytest

from matchers.phrases import normalize
from matchers.places import PlaceIndex
from matchers.rules import Rules
from matchers.types import ScreenInput


@pytest.fixture(scope="module")
def places(rules: Rules) -> PlaceIndex:
    return PlaceIndex(rules.places)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Rason", "rason"),
        ("Rajin-Sonbong", "rason"),
        ("라선", "rason"),
        ("羅先", "rason"),
        ("罗先", "rason"),
        ("Sinuiju", "sinuiju"),
        ("신의주", "sinuiju"),
        ("新义州", "sinuiju"),
        ("Pyongyang", "pyongyang"),
        ("평양", "pyongyang"),
        ("平壤", "pyongyang"),
        ("Chongjin", "chongjin"),
        ("청진", "chongjin"),
        ("清津", "chongjin"),
        ("Hoeryong", "hoeryong"),
        ("Hamhung", "hamhung"),
        ("Kaesong", "kaesong"),
        ("Dandong", "dandong"),
        ("丹东", "dandong"),
        ("Hunchun", "hunchun"),
        ("珲春", "hunchun"),
        ("Tumen", "tumen"),
    ],
)
def test_place_names(places: PlaceIndex, text: str, place: str) -> None:
    assert [h.payload.id for h in places.find(normalize(f"factory: {text}"))] == [place]


@pytest.mark.parametrize(
    "text",
    [
        "Pyongyang naengmyeon",
        "평양냉면",
        "平壤冷面",
        "함흥냉면",
        "reason",
        "延边朝鲜族自治州",
        "남포동",
        "吉林省 延吉市",
    ],
)
def test_lookalikes(places: PlaceIndex, text: str) -> None:
    assert places.find(normalize(text)) == []


def test_hub_counts_only_on_target_category(places: PlaceIndex) -> None:
    listing = ScreenInput(title="LED lamp", seller_location="Dandong, Liaoning")
    assert places.match(listing, target_category=False) == []
    (reason,) = places.match(listing, target_category=True)
    assert reason.rule == "place.hub.dandong"
    assert reason.field == "seller_location"
    assert reason.score < 0.5


def test_north_korean_location_outranks_mention(places: PlaceIndex) -> None:
    located = places.match(ScreenInput(seller_location="Sinuiju"), target_category=False)
    mentioned = places.match(ScreenInput(description="via Sinuiju"), target_category=False)
    assert located[0].score > mentioned[0].score


def test_ambiguous_names_only_on_target_category(places: PlaceIndex) -> None:
    listing = ScreenInput(title="Buku tulis murid rajin")
    assert places.match(listing, target_category=False) == []
    assert places.match(ScreenInput(title="wig", description="workshop in Rajin"), target_category=True)


def test_location_attribute(places: PlaceIndex) -> None:
    (reason,) = places.match(ScreenInput(attributes={"Ships From": "Chongjin"}), target_category=True)
    assert reason.field == "attributes.Ships From"
    assert "located" in reason.detail
