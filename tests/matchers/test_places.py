from __future__ import annotations

import pytest

from matchers.phrases import normalize
from matchers.places import PlaceIndex
from matchers.rules import Rules
from matchers.types import ScreenInput


@pytest.fixture(scope="module")
def places(rules: Rules) -> PlaceIndex:
    return PlaceIndex(rules.places, rules.origin_labels.labels, rules.gazetteer)


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
    assert [h.payload.place.id for h in places.find(normalize(f"factory: {text}"))] == [place]


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


@pytest.mark.parametrize(
    "location",
    ["河南省许昌市先锋路88号", "江苏省无锡市惠山区", "서울 종로구 청진동 123", "역전거리 2층", "나선형 웨이브"],
)
def test_ordinary_words_and_other_places_are_not_north_korea(places: PlaceIndex, location: str) -> None:
    listing = ScreenInput(title="wig", seller_location=location)
    assert places.match(listing, target_category=True) == []


@pytest.mark.parametrize("word", ["나선", "선봉", "先锋", "惠山", "청진", "전거리"])
def test_names_that_are_also_words_need_north_korean_context(places: PlaceIndex, word: str) -> None:
    alone = ScreenInput(title=f"가발 {word}")
    assert places.match(alone, target_category=True) == []
    assert places.match(alone, target_category=True, nk_context=True)
    beside_clear_place = ScreenInput(title=f"가발 {word}", seller_location="함경북도")
    assert len(places.match(beside_clear_place, target_category=True)) == 2


def test_names_needing_context_give_no_phrase_context(places: PlaceIndex) -> None:
    assert places.nk_spans(normalize("先锋 工厂")) == []
    assert places.nk_spans(normalize("罗先 工厂")) == [(0, 2)]


def test_origin_labels_are_locations(places: PlaceIndex) -> None:
    for label in ("Country/Region of Origin", "原产地", "Origin (extracted)"):
        (reason,) = places.match(ScreenInput(attributes={label: "Sinuiju"}), target_category=True)
        assert "located" in reason.detail


def _ids(places: PlaceIndex, listing: ScreenInput, *, target: bool = True, context: bool = False) -> set[str]:
    return {r.rule for r in places.match(listing, target_category=target, nk_context=context)}


@pytest.mark.parametrize(
    ("location", "place"),
    [
        ("Onsong County", "onsong"),  # McCune-Reischauer without breves
        ("Onsŏng", "onsong"),  # with them
        ("Onseong", "onsong"),  # Revised Romanization
        ("온성군", "onsong"),  # Hangul with its suffix
        ("P'yŏngan-namdo", "south_pyongan"),
        ("Pyeongannam-do", "south_pyongan"),
        ("평안남도", "south_pyongan"),
        ("平安南道", "south_pyongan"),
        ("Sariwon", "sariwon"),
        ("사리원시", "sariwon"),
        ("Kanggye, Chagang", "kanggye"),
        ("Yodok", "yodok"),
    ],
)
def test_gazetteer_names_in_every_script(places: PlaceIndex, location: str, place: str) -> None:
    assert f"place.nk.{place}" in _ids(places, ScreenInput(seller_location=location))


@pytest.mark.parametrize(
    "text",
    [
        "구성이 좋은 가발",  # 구성 "composition", not Kusong
        "安州市",  # a Chinese Anzhou
        "Suncheon, Korea",  # South Korean Suncheon
        "순천시",  # ... in Hangul
        "Chongju",  # Cheongju in South Korea is spelt so too
        "Orang asli",  # Malay "person"
    ],
)
def test_gazetteer_names_that_are_words_or_places_elsewhere_need_context(places: PlaceIndex, text: str) -> None:
    assert _ids(places, ScreenInput(seller_location=text)) == set()
    assert _ids(places, ScreenInput(seller_location=text), context=True) != set()


def test_every_gazetteer_entry_is_reachable_by_its_romanizations(rules: Rules, places: PlaceIndex) -> None:
    assert rules.gazetteer is not None
    for entry in rules.gazetteer.places:
        for name in (entry.mr, entry.rr):
            found = {h.payload.place.id for h in places.find(normalize(name))}
            assert found, (entry.id, name)


@pytest.mark.parametrize(
    ("listing", "field"),
    [
        (ScreenInput(title="Lace wig", seller_location="단둥"), "seller_location"),
        (ScreenInput(title="Lace wig", seller_location="琿春"), "seller_location"),
        (ScreenInput(title="Lace wig", seller_name="丹东鑫宇发制品有限公司"), "seller_name"),
        (ScreenInput(title="Lace wig", seller_name="Hunchun Xinyu Hair Co"), "seller_name"),
        (ScreenInput(title="Lace wig", description="Our factory is in Hunchun, Jilin"), "description"),
    ],
)
def test_hubs_in_any_script_and_field_give_a_low_lead(
    places: PlaceIndex, rules: Rules, listing: ScreenInput, field: str
) -> None:
    reasons = places.match(listing, target_category=True)
    assert [r.field for r in reasons if r.rule.startswith("place.hub.")] == [field]
    assert all(rules.scoring.review_threshold <= r.score < rules.scoring.flag_threshold for r in reasons)
    assert places.match(listing, target_category=False) == []


def test_a_north_korean_place_in_a_seller_name_is_left_to_the_name_matcher(places: PlaceIndex) -> None:
    assert places.match(ScreenInput(seller_name="Pyongyang Trading"), target_category=True) == []
