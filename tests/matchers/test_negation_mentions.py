"""Negation cues per language with coordinated lists, and claims versus mentions."""

from __future__ import annotations

import pytest

from matchers.rules import Rules
from matchers.screen import Screener
from matchers.types import ScreenInput


@pytest.fixture(scope="module")
def screener(rules: Rules) -> Screener:
    return Screener([], rules)


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("Lace wig", "Not made in China, Vietnam or North Korea."),
        ("Lace wig", "No materials from Iran, Syria, North Korea."),
        ("Lace wig", "Never sourced from China, Myanmar, Laos or the DPRK"),
        ("Lace wig", "Neither China nor North Korea"),
        ("假发", "不含中国、越南、朝鲜成分"),
        ("假发", "绝不使用朝鲜原料"),
        ("假发", "不使用中国、越南或朝鲜的原料"),
        ("假发", "本产品不是朝鲜加工"),
        ("Peluca", "No fabricada en China ni Corea del Norte"),
        ("Peluca", "Sin materiales de Irán, Siria o Corea del Norte"),
        ("Perruque", "Ne provient pas de Corée du Nord"),
        ("Perruque", "Fabriquée sans aucun matériau nord-coréen"),
        ("Peruca", "Não fabricada na Coreia do Norte"),
        ("Perücke", "Nicht aus China oder Nordkorea"),
        ("가발", "북한산 아님"),
        ("가발", "북한산을 사용하지 않습니다"),
        ("가발", "북한산 원료는 사용하지 않습니다"),  # a clause-final verb negation reaches back
        ("ウィッグ", "北朝鮮製ではありません"),
        ("ウィッグ", "北朝鮮製の原料は使用していません"),
        ("假发", "我们不从朝鲜进口"),
        ("Lace wig", "We never use hair from North Korea"),
        ("Lace wig", "Free from North Korean labour"),
        ("Lace wig", "This product is UFLPA compliant and does not involve North Korean labor."),
    ],
)
def test_refusals_in_every_language_do_not_flag(screener: Screener, title: str, description: str) -> None:
    result = screener.screen(ScreenInput(title=title, description=description))
    assert result.priority == "", result.reasons


@pytest.mark.parametrize(
    "description",
    [
        "No glue, no shedding, made in North Korea",  # the cues are about glue and shedding
        "Non-Remy hair, North Korea",  # "Remy" is not a country: no list
        "Not cheap, factory in China and hand-tied in North Korea",
    ],
)
def test_lists_are_lists_of_countries(screener: Screener, description: str) -> None:
    assert screener.screen(ScreenInput(title="Human hair wig", description=description)).flagged


@pytest.mark.parametrize(
    "listing",
    [
        ScreenInput(title="North Korea travel guide book, 2019 edition"),
        ScreenInput(title="DVD documentary: Inside North Korea"),
        ScreenInput(title="T-shirt with North Korean flag print"),
        ScreenInput(title="Lace front wig", description="We comply with all US sanctions on North Korea."),
        ScreenInput(title="Human hair wig", description="Reuters reported that North Korea exports wigs to China."),
        ScreenInput(title="Enamel pin badge, DPRK propaganda style"),
        ScreenInput(title="北朝鲜 旅游 纪念品 明信片"),
        ScreenInput(title="Lace wig", description="Reuters: North Korean workers make wigs for export to China."),
        ScreenInput(title="Lace wig", description="Supply chain audited for forced labour from North Korea."),
    ],
)
def test_a_mention_is_at_most_a_low_lead_and_says_so(screener: Screener, listing: ScreenInput) -> None:
    result = screener.screen(listing)
    assert result.priority == "low"
    phrases = [r for r in result.reasons if r.kind == "phrase"]
    assert phrases
    assert all(r.rule.startswith("mention.") for r in phrases)
    assert all("a mention, not an origin claim" in r.detail for r in phrases)


@pytest.mark.parametrize(
    "listing",
    [
        ScreenInput(title="Book stand", description="Made in North Korea, solid wood"),
        ScreenInput(title="Souvenir mug", description="Factory located in North Korea"),
        ScreenInput(title="Ginseng tea", attributes={"Country of origin": "Korea, Dem. People's Rep."}),
        ScreenInput(title="Lace wig", description="Hand-tied in North Korea, as seen in the news"),
        ScreenInput(title="Lace wig", description="Our North Korean workers hand-knot every wig."),
    ],
)
def test_a_claim_flags_on_any_product(screener: Screener, listing: ScreenInput) -> None:
    result = screener.screen(listing)
    assert result.flagged
    assert any("claim" in r.detail or "origin attribute" in r.detail for r in result.reasons if r.kind == "phrase")


def test_korean_noun_negation_stays_local(screener: Screener) -> None:
    # 엉킴없음 says the hair does not tangle; it does not negate 북한산.
    assert screener.screen(ScreenInput(title="북한산 인모 엉킴없음 가발")).flagged


@pytest.mark.parametrize(
    "listing",
    [
        ScreenInput(title="Desk lamp", seller_location="Pyongyang, North Korea"),
        ScreenInput(title="Desk lamp", seller_name="DPRK Trading Co"),
        ScreenInput(title="Lace wig", attributes={"Place of origin": "CN; KP"}),
        ScreenInput(title="Lace wig 🇰🇵"),
    ],
)
def test_seller_fields_origin_lists_and_the_flag_emoji(screener: Screener, listing: ScreenInput) -> None:
    assert screener.screen(listing).flagged


def test_a_mention_backed_by_a_contact_is_a_flag(screener: Screener) -> None:
    listing = ScreenInput(title="North Korea travel guide book", contacts=("+850 2 381 2345",))
    assert screener.screen(listing).flagged


def test_a_country_named_on_a_target_listing_still_reads_as_origin(screener: Screener) -> None:
    result = screener.screen(ScreenInput(title="Накладные ресницы, Северная Корея"))
    assert result.flagged
    assert [r.rule for r in result.reasons if r.kind == "phrase"] == ["ru.name"]
