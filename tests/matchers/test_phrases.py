from __future__ import annotations

import pytest

from matchers.phrases import PhraseMatcher, normalize
from matchers.places import PlaceIndex
from matchers.rules import Rules


@pytest.fixture(scope="module")
def phrases(rules: Rules) -> PhraseMatcher:
    return PhraseMatcher.from_rules(rules, PlaceIndex(rules.places).nk_spans)


@pytest.mark.parametrize(
    "text",
    [
        "made in North Korea",
        "Made in N. Korea",
        "origin DPRK",
        "D.P.R. Korea",
        "DPR Korea",
        "Korea DPR",
        "Korea, Democratic People's Republic of",
        "Korea, Democratic People’s Republic of",  # typographic apostrophe
        "Korea (North)",
        "ＤＰＲＫ",  # full-width letters
        "朝鲜",
        "北朝鲜",
        "朝鲜产",
        "朝鲜加工",
        "朝鲜手勒毛",
        "朝鲜工人",
        "朝鲜工厂",
        "북한",
        "북한산 가발",
        "원산지: 조선",
        "원산지 : 조선",
        "北朝鮮製",
        "北朝鮮産",
        "КНДР",
        "Северная Корея",
        "Corea del Norte",
        "Corée du Nord",
        "Nordkorea",
        "nordkoreanische Wimpern",
        "North Korean factory",
        "Noth Korea",
        "N0rth Korea",
        "North Koera",
    ],
)
def test_origin_phrases_fire(phrases: PhraseMatcher, text: str) -> None:
    reasons = phrases.match_text(text, "title")
    assert reasons, f"{text!r} should fire"
    assert all(r.kind == "phrase" and r.source == "rules" and r.field == "title" for r in reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Korea",
        "Korean hair",
        "K-beauty lashes",
        "韩国",
        "Republic of Korea",
        "Korea, Republic of",
        "Made in Korea",
        "Beauty of Joseon",
        "Joseon dynasty costume wig",
        "The North Face jacket, Made in Korea",
        "延边朝鲜族自治州",
        "朝鲜族 头饰",
        "Pyongyang naengmyeon",
        "조선시대 가발",
        "조선 가발",  # 조선 outside an origin context
        "South Korea",
        "dprkn",  # no word boundary
    ],
)
def test_lookalikes_do_not_fire(phrases: PhraseMatcher, text: str) -> None:
    assert phrases.match_text(text, "title") == []


@pytest.mark.parametrize(
    "text",
    [
        "not processed in North Korea",
        "no North Korean materials",
        "not made in DPRK",
        "我们不在朝鲜加工",
        "非朝鲜加工",
        "与朝鲜无关",
        "북한산 아님",
        "북한산이 아닙니다",
        "kein Material aus Nordkorea",
        "ne provient pas de Corée du Nord",
        "sin materiales de Corea del Norte",
        "не производится в КНДР",
        "北朝鮮製ではありません",
        "not from N0rth Korea",
    ],
)
def test_negated_phrases_do_not_fire(phrases: PhraseMatcher, text: str) -> None:
    assert phrases.match_text(text, "description") == []


def test_negation_ends_at_clause_break(phrases: PhraseMatcher) -> None:
    reasons = phrases.match_text("No tangle, no shedding, made in North Korea", "description")
    assert [r.rule for r in reasons] == ["en.claim"]
    # A space separates unrelated claims in Chinese titles.
    assert phrases.match_text("假发 不掉发 朝鲜手工", "title")


def test_nested_phrase_reported_once(phrases: PhraseMatcher) -> None:
    # "朝鲜" inside "北朝鲜" and "north korea" inside "made in north korea" are one claim each.
    assert [r.matched_text for r in phrases.match_text("北朝鲜 真人发", "title")] == ["北朝鲜"]
    reasons = phrases.match_text("made in North Korea", "title")
    assert [r.rule for r in reasons] == ["en.claim"]


def test_processing_words_need_a_north_korean_place(phrases: PhraseMatcher) -> None:
    assert phrases.match_text("河南工厂来料加工", "description") == []
    near = phrases.match_text("新义州工厂来料加工", "description")
    assert any(r.rule == "zh.processing_near_nk_place" for r in near)
    assert phrases.match_text("Our factory in Vietnam, labour cost one third of China", "description") == []
    assert phrases.match_text("Our workers in Sinuiju, cost one third of China", "description")


def test_origin_codes_only_as_whole_origin_value(phrases: PhraseMatcher) -> None:
    assert phrases.match_attributes({"Place of Origin": "KP"})[0].rule == "attr.country_table"
    assert phrases.match_attributes({"Country of origin": "prk"})
    assert phrases.match_attributes({"원산지": "조선"})
    assert phrases.match_attributes({"SKU": "KP"}) == []
    assert phrases.match_attributes({"Place of Origin": "KP-200"}) == []
    assert phrases.match_attributes({"Brand": "조선"}) == []


def test_reason_explains_itself(phrases: PhraseMatcher) -> None:
    (reason,) = phrases.match_text("Hand-tied in North Korea", "description")
    assert '"Hand-tied in North Korea"' in reason.detail
    assert "origin claim" in reason.detail
    assert reason.matched_text == "Hand-tied in North Korea"  # as the listing wrote it
    assert 0 < reason.score <= 1


@pytest.mark.parametrize(
    "text",
    [
        "라탄 피크닉 가방 북한강 캠핑용",  # the North Han River
        "서울 은평구 북한산로 12",  # a Seoul street
        "북한산성 입구 매장",  # a Seoul fortress
        "朝鮮人参エキス配合 まつげ美容液",  # Korean ginseng
        "朝鲜蓟提取物 护发",  # artichoke
        "Gyeongju, Korea, North Gyeongsang",
        "Korea North Face White Label",
    ],
)
def test_words_containing_a_country_name_do_not_fire(phrases: PhraseMatcher, text: str) -> None:
    assert phrases.match_text(text, "title") == []


@pytest.mark.parametrize(
    "text",
    [
        "Non-Remy Human Hair Wig Made in North Korea",
        "No glue needed wig made in North Korea",
        "无痕朝鲜手勒假发",
        "无胶朝鲜手勒头套",
        "不掉发朝鲜手勒",
        "북한산 인모 엉킴없음",
        "Hand-tied wig made in North Korea, free shipping",
        "Made in North Korea free shipping",
    ],
)
def test_cue_about_something_else_does_not_negate(phrases: PhraseMatcher, text: str) -> None:
    assert phrases.match_text(text, "title")


@pytest.mark.parametrize(
    "text",
    [
        "Our supply chain is DPRK-free.",
        "100% North Korea free supply chain",
        "certified free of North Korean labour",
        "本产品并非在朝鲜加工",
        "我们不是朝鲜工厂",
        "无朝鲜成分",
        "북한과 무관한 제품",
        "We do not source any materials from North Korea",
    ],
)
def test_negations_that_govern_the_phrase(phrases: PhraseMatcher, text: str) -> None:
    assert phrases.match_text(text, "description") == []


@pytest.mark.parametrize(
    "label",
    [
        "Country/Region of Origin",
        "Country/Region of Manufacture",
        "Paese di origine",
        "原产地",
        "产地",
        "원산지",
        "原産国",
        "Origin (extracted)",
        "Place of origin:",
    ],
)
def test_origin_code_under_every_origin_label(phrases: PhraseMatcher, label: str) -> None:
    assert [r.rule for r in phrases.match_attributes({label: "KP"})] == ["attr.country_table"]


def test_reversed_country_names_count_as_origin_values_only(phrases: PhraseMatcher) -> None:
    assert phrases.match_attributes({"Country of Origin": "Korea, North"})
    assert phrases.match_attributes({"Country of Origin": "Korea North"})
    assert phrases.match_text("Korea, North Gyeongsang", "seller_location") == []
