from __future__ import annotations

import json

import pytest

from matchers.rules import Rules
from matchers.screen import Screener, combine, deduplicate, screen_input_from_dict
from matchers.types import Reason, ScreenInput
from watchlists.model import Alias, Entity

PARTNER = Entity(
    entity_id="T-1",
    source="test-list",
    name="Dandong Example Hair Trade Co., Ltd.",
    aliases=[Alias("Example Hair Trading")],
    emails=["boss@example-hair.cn"],
)


@pytest.fixture(scope="module")
def small(rules: Rules) -> Screener:
    return Screener([PARTNER], rules)


def test_clear_origin_phrase_flags(small: Screener) -> None:
    result = small.screen(ScreenInput(title="Lace wig", description="Hand-tied in North Korea"))
    assert result.flagged
    assert result.category == "wig"
    assert result.reasons[0].kind == "phrase"


def test_category_alone_never_flags(small: Screener) -> None:
    result = small.screen(ScreenInput(title="Lace front wig, 100% human hair"))
    assert not result.flagged
    assert [r.kind for r in result.reasons] == ["category"]
    assert result.score == 0.0


def test_hub_alone_never_flags(small: Screener) -> None:
    wig = small.screen(ScreenInput(title="Human hair wig", seller_location="Dandong, Liaoning"))
    assert not wig.flagged
    assert any(r.kind == "place" for r in wig.reasons)
    lamp = small.screen(ScreenInput(title="LED lamp", seller_location="Dandong, Liaoning"))
    assert not lamp.flagged
    assert lamp.reasons == ()


def test_seller_match_flags(small: Screener) -> None:
    result = small.screen(ScreenInput(title="Mink lashes", seller_name="Dandong Example Hair Trade Co Ltd"))
    seller = [r for r in result.reasons if r.kind == "seller"]
    assert result.flagged
    assert seller
    assert seller[0].entity_id == "T-1"


def test_watchlisted_contact_flags(small: Screener) -> None:
    result = small.screen(ScreenInput(title="Rattan bag", contacts=("Boss@Example-Hair.cn",)))
    assert result.flagged
    assert result.reasons[0].entity_id == "T-1"


def test_reasons_are_deduplicated(small: Screener) -> None:
    listing = ScreenInput(title="made in North Korea wig", description="Wig made in North Korea.")
    phrases = [r for r in small.screen(listing).reasons if r.kind == "phrase"]
    assert len(phrases) == 1


def test_combine_takes_strongest_per_kind_and_noisy_or_across(rules: Rules) -> None:
    def reason(kind: str, score: float) -> Reason:
        return Reason(kind=kind, score=score, detail="d", matched_text=kind, rule=kind)  # type: ignore[arg-type]

    two_places = [reason("place", 0.5), Reason("place", 0.5, "d", "other", "place")]
    assert combine(two_places, True, rules.scoring) == pytest.approx(0.5)
    mixed = [reason("place", 0.5), reason("phrase", 0.5)]
    assert combine(mixed, True, rules.scoring) == pytest.approx(0.75)
    assert combine([reason("category", 1.0)], True, rules.scoring) == 0.0
    off = rules.scoring.off_category_factor["place"]
    assert combine([reason("place", 0.5)], False, rules.scoring) == pytest.approx(0.5 * off)
    assert len(deduplicate([reason("phrase", 0.4), reason("phrase", 0.9)])) == 1


def test_screen_input_from_dict_reads_every_field() -> None:
    listing = screen_input_from_dict(
        {
            "id": 7,
            "url": "https://x.test/1",
            "title": "t",
            "description": "d",
            "seller_name": "s",
            "seller_location": "l",
            "seller_url": "u",
            "attributes": {"Origin": "KP"},
            "contacts": ["+850 2 381 8221"],
            "expected": True,
            "origin": "KP",  # already an attribute value: not repeated
        }
    )
    assert listing.id == "7"
    assert listing.attributes == {"Origin": "KP"}
    assert listing.contacts == ("+850 2 381 8221",)
    assert screen_input_from_dict({}) == ScreenInput()
    assert screen_input_from_dict({"origin": "DPRK"}).attributes == {"origin": "DPRK"}
    both = screen_input_from_dict({"origin": "DPRK", "attributes": {"origin": "China"}})
    assert both.attributes == {"origin": "China", "origin (extracted)": "DPRK"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": 3}, "'title' must be a string"),
        ({"attributes": ["a"]}, "'attributes' must be an object"),
        ({"attributes": {"Origin": 1}}, "attribute 'Origin' must be a string"),
        ({"contacts": "+850"}, "'contacts' must be a list"),
        ({"contacts": ["a", 5]}, "contacts[1] must be a string"),
        ({"origin": ["KP"]}, "'origin' must be a string"),
    ],
)
def test_screen_input_from_dict_rejects_wrong_types(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        screen_input_from_dict(data)


def test_result_serializes(small: Screener) -> None:
    result = small.screen(ScreenInput(title="Wig", description="made in DPRK"))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["flagged"] is True
    assert data["reasons"][0]["rule"] == "en.claim"


def test_every_origin_value_is_screened(small: Screener) -> None:
    listing = screen_input_from_dict({"title": "Human hair wig", "origin": "KP", "attributes": {"origin": "China"}})
    result = small.screen(listing)
    assert result.flagged
    assert [r.field for r in result.reasons if r.rule == "attr.country_table"] == ["attributes.origin (extracted)"]


def test_stored_listing_key_is_the_id() -> None:
    assert screen_input_from_dict({"listing_key": "shop:1", "id": 4}).id == "shop:1"
    assert screen_input_from_dict({"id": 4}).id == "4"


def test_place_name_that_is_also_a_word_counts_with_an_origin_phrase(small: Screener) -> None:
    alone = small.screen(ScreenInput(title="나선형 웨이브 가발", description="선봉 브랜드"))
    assert alone.reasons[0].kind == "category"
    with_phrase = small.screen(ScreenInput(title="북한 선봉 공장 가발"))
    assert {r.rule for r in with_phrase.reasons} >= {"ko.name", "place.nk.rason"}


def test_place_entities_are_not_seller_names(rules: Rules) -> None:
    dandong = Entity(entity_id="P-1", source="test-list", name="Dandong", schema="place", aliases=[Alias("丹东")])
    screener = Screener([PARTNER, dandong], rules)
    for seller in ("Dandong", "丹东"):
        result = screener.screen(ScreenInput(title="LED desk lamp", seller_name=seller))
        assert not result.flagged
        assert [r for r in result.reasons if r.kind == "seller"] == []
