from __future__ import annotations

from pathlib import Path

import pytest

from crawler.app.evaluate_names import hard_negatives
from matchers.names import NameIndex
from watchlists.model import Alias, Entity


def _top(index: NameIndex, name: str) -> str | None:
    hits = index.match(name)
    return hits[0].entity_id if hits else None


@pytest.mark.parametrize(
    ("seller", "entity_id"),
    [
        ("Dandong Kumsang Trade", "23476"),  # Korean reading of 金祥, as OFAC lists it
        ("Jinxiang Trading Co., Ltd.", "23476"),
        ("丹東金祥貿易有限公司", "23476"),  # Traditional Chinese
        ("Dandong Chisong Metal Materials", "22603"),  # 志成 read in Korean
        ("Chisong Metallic Material Co", "22603"),  # Korean reading meets pinyin ZHICHENG
        ("Baekseol Trading", "21724"),  # RR of PAEKSOL
        ("Paekso'l Trading Corp", "21724"),  # MR with apostrophe
        ("Korea Paeksol", "21724"),  # spacing: PAEK SOL
        ("백설무역회사", "21724"),  # Hangul
        ("Daesong Trading Co", "12219"),  # TAESONG
        ("Korea Ryenbong Corporation", "9347"),
        ("Korea Lyonbong General", "9347"),
        ("Ryonha Machinery J/V", "9527"),
        ("Eunha Trading", "12312"),  # UNHA
        ("Nam Chon Gang Trading", "11532"),  # NAMCHONGANG
        ("Amnokkang Development Bank", "11647"),  # AMROGGANG
        ("Namchongnag Trading", "11532"),  # transposed letters
        ("Dandong Jinxiang Trade Ceorporation", "23476"),  # misspelt legal form
        ("Jinxiangtrade Compnay", "23476"),  # generic word run into the name, misspelt legal form
        ("DandongJinxiang Trade Co", "23476"),  # place prefix run into the name
        ("Paeksol Tradnig Corp", "21724"),  # transposed letters in a generic word
        ("Korea Ryonha Machinery JointVenture", "9527"),  # two lexicon words run together
        ("Korea Ryonha Machinery Joint Venutre", "9527"),  # misspelt word of a lexicon phrase
    ],
)
def test_variant_families_find_their_entity(index: NameIndex, seller: str, entity_id: str) -> None:
    assert _top(index, seller) == entity_id


@pytest.mark.parametrize(
    "seller",
    [
        "Korea Trading Corporation",  # only generic and place words
        "Korea Zinc Company",  # the South Korean firm, not KOREA ZINC INDUSTRIAL GROUP
        "Hana Tour",  # one short common token, other words differ from HANA BANKING
        "Dandong",  # a place alone
        "Dandong Trading Co., Ltd.",
        "Xuchang Jinhai Hair Products Co., Ltd.",
        "",
    ],
)
def test_generic_and_look_alike_names_do_not_match(index: NameIndex, seller: str) -> None:
    assert index.match(seller) == []


def test_weak_alias_never_matches_alone(index: NameIndex) -> None:
    assert index.match("KOMID") == []
    assert index.match("Expo") == []


def test_weak_alias_can_raise_a_strong_match() -> None:
    entity = Entity("X1", "ofac-sdn", "KOREA HYOKSIN TRADING", aliases=[Alias("HYOKSIN EXPORT", "weak")])
    plain = NameIndex([Entity("X1", "ofac-sdn", "KOREA HYOKSIN TRADING")])
    boosted = NameIndex([entity])
    query = "Korea Hyoksin Export"
    base, raised = plain.match(query), boosted.match(query)
    assert base
    assert raised
    assert raised[0].score > base[0].score
    assert "weak alias 'HYOKSIN EXPORT' also agrees" in raised[0].detail


def test_reason_explains_the_match_for_a_reviewer(index: NameIndex) -> None:
    (reason,) = index.match("Dandong Chisong Metal Materials Co., Ltd.")
    assert reason.kind == "seller"
    assert reason.entity_id == "22603"
    assert reason.source == "ofac-sdn"
    assert reason.matched_text == "Dandong Chisong Metal Materials Co., Ltd."
    assert reason.field == "seller_name"
    assert reason.rule == "names.exact"
    assert 0.9 <= reason.score <= 1.0
    assert "OFAC 22603" in reason.detail
    assert "DANDONG CHISONG METAL MATERIALS COMPANY" in reason.detail
    assert "chisong" in reason.detail
    assert "legal forms ignored" in reason.detail


def test_reason_names_the_feature_that_decided(index: NameIndex) -> None:
    reason = index.match("Kumsang Trade")[0]
    assert reason.entity_id == "23476"
    assert reason.rule in {"names.exact", "names.hanja_reading"}
    assert index.match("Baekseol Trading")[0].rule == "names.romanization"
    assert index.match("Namchongang Co")[0].rule in {"names.exact", "names.spacing"}
    assert index.match("Namchongnag Trading")[0].rule == "names.spelling"
    assert "romanization variants" in index.match("Baekseol Trading")[0].detail


def test_threshold_and_limit_are_respected(dprk_entities: list[Entity]) -> None:
    strict = NameIndex(dprk_entities, threshold=0.99)
    assert strict.match("Daesong Trading Co") == []
    loose = NameIndex(dprk_entities, threshold=0.5)
    assert len(loose.match("Korea Paeksol Taesong Trading", limit=1)) == 1
    with pytest.raises(ValueError, match="threshold"):
        NameIndex(dprk_entities, threshold=1.5)


@pytest.mark.parametrize("seller", ["RI, Won Ho", "Ri Won Ho", "Won Ho Ri", "Ri Wonho"])
def test_person_names_match_in_any_order_and_spacing(seller: str) -> None:
    people = [
        Entity("19609", "ofac-sdn", "RI, Won Ho", schema="person"),
        Entity("19610", "ofac-sdn", "RI, Won Chol", schema="person"),
    ]
    assert _top(NameIndex(people), seller) == "19609"


def test_exact_strong_alias_always_matches() -> None:
    entity = Entity("KPe.055", "un-sc", "CHANG AN SHIPPING & TECHNOLOGY", aliases=[Alias("長安海連技術有限公司")])
    (reason,) = NameIndex([entity]).match("長安海連技術有限公司")
    assert (reason.entity_id, reason.score) == ("KPe.055", 1.0)


def test_glued_suffix_splits_off_an_import_word() -> None:
    index = NameIndex([Entity("Y1", "ofac-sdn", "YUANWEI IMPORT AND EXPORT CO., LTD.")])
    assert _top(index, "Yuanweiimport Co., Ltd.") == "Y1"
    assert _top(NameIndex([Entity("Q1", "ofac-sdn", "QINGDAO JINHAO TRADE CO")]), "QINGDAOJINHAO Trade") == "Q1"


def test_entry_whose_distinctive_words_all_agree_comes_first() -> None:
    entities = [
        Entity("20129", "ofac-sdn", "MINISTRY OF STATE SECURITY"),
        Entity("19789", "ofac-sdn", "MINISTRY OF STATE SECURITY PRISONS BUREAU"),
        Entity("12312", "ofac-sdn", "KOREA DAESONG BANK"),
        Entity("12313", "ofac-sdn", "KOREA DAESONG GENERAL TRADING CORPORATION"),
    ]
    index = NameIndex(entities)
    assert [r.entity_id for r in index.match("Ministry of State Security")] == ["20129"]
    assert [r.entity_id for r in index.match("Ministry of State Security Prisons Bureau")] == ["19789"]
    # A sector word (bank) on one side only points at a different entry.
    assert [r.entity_id for r in index.match("Korea Daesong Bank")] == ["12312"]
    assert _top(NameIndex(entities[3:]), "Korea Daesong Bank") is None


def test_a_seller_goods_word_is_a_difference_that_leaves_a_lead(index: NameIndex) -> None:
    (lead,) = [r for r in index.match("Dandong Kumsang Hair Products") if r.entity_id == "23476"]
    assert lead.score <= index.config.goods_difference_score < index.threshold
    assert "adds hair" in lead.detail
    listed = NameIndex([Entity("G1", "ofac-sdn", "KORYONG GROUP")])
    (plain,) = listed.match("Koryong Group")
    (beauty,) = listed.match("Koryong Beauty Group")
    assert beauty.score < plain.score
    assert beauty.score < listed.threshold


BUNDLED = Path(__file__).resolve().parents[3] / "watchlists" / "data" / "originwatch.yml"


def test_hard_negatives_and_place_names_match_nothing_on_the_bundled_list() -> None:
    from watchlists.importers import load

    bundled = load([BUNDLED], "yaml").entities
    places = [e for e in bundled if e.schema == "place"]
    assert places  # the bundled list names Dandong, Hunchun, Rason ...
    index = NameIndex(bundled)
    queries = [*hard_negatives(), *(a.name for e in places for a in e.all_names())]
    assert [(q, [r.entity_id for r in index.match(q)]) for q in queries if index.match(q)] == []


def test_vessels_and_aircraft_are_never_seller_names() -> None:
    index = NameIndex(
        [
            Entity("19572", "ofac-sdn", "GOLD STAR 3", schema="vessel"),
            Entity("A1", "ofac-sdn", "KORYONGHO AIR", schema="aircraft"),
            Entity("O1", "ofac-sdn", "KORYONGHO TRADING CORPORATION"),
        ]
    )
    assert index.match("GOLD STAR 3") == []
    assert [r.entity_id for r in index.match("Koryongho Air")] == []
    assert _top(index, "Koryongho Trading") == "O1"


def test_names_sharing_only_dictionary_words_do_not_match() -> None:
    index = NameIndex(
        [Entity("S1", "ofac-sdn", "GOLDEN STAR SHIPPING AGENCY"), Entity("S2", "ofac-sdn", "OCEAN TIGER")]
    )
    for seller in ("Golden Star Hair Products", "Golden Star Trading", "Tiger Shipping Agency", "Ocean Beauty"):
        assert _top(index, seller) is None, seller
    assert _top(index, "Golden Star Shipping Agency Co., Ltd.") == "S1"  # every word agrees


def test_a_match_only_by_sino_korean_reading_is_a_lead_not_a_hit(index: NameIndex) -> None:
    # "Jinsang" is not how 23476 spells its name; it shares only a Sino-Korean reading with JINXIANG.
    (lead,) = [r for r in index.match("Dandong Jinsang Trade") if r.entity_id == "23476"]
    assert lead.score <= index.config.hanja_reading_only_score
    assert "lead for review" in lead.detail
    (hit,) = [r for r in index.match("Dandong Jinxiang Trade") if r.entity_id == "23476"]
    assert hit.score >= index.threshold


@pytest.mark.parametrize(
    ("seller", "expected"),
    [
        ("련봉총회사", "9347"),  # Hangul, legal form 총회사
        ("조선련봉총회사", "9347"),
        ("태성무역상사", "12219"),  # 상사: trading firm
        ("Dandong Jinxiang Imp. & Exp. Co.,Ltd", "23476"),
        ("Dandong Jinxiang IMP.&EXP. CO.,LTD", "23476"),
        ("Jinxiang I/E Co., Ltd", "23476"),
        ("Jinxiang Imp & Exp Co", "23476"),
        ("Paeksol Mooyok", "21724"),  # a Korean generic word in another romanization (muyok)
    ],
)
def test_hangul_legal_forms_and_marketplace_abbreviations(index: NameIndex, seller: str, expected: str) -> None:
    assert _top(index, seller) == expected


def test_initials_match_the_names_they_abbreviate() -> None:
    index = NameIndex(
        [
            Entity("11581", "ofac-sdn", "KOREA KWANGSON BANKING CORP"),
            Entity("KPe.023", "un-sc", "DAEDONG CREDIT BANK (DCB)"),
        ]
    )
    assert _top(index, "KKBC") == "11581"
    assert _top(index, "DCB") == "KPe.023"
    assert _top(index, "Taedong Credit Bank") == "KPe.023"  # the parenthesised initials are not a word
    assert _top(index, "DCB Hair") is None  # initials alone, nothing else, or no match


def test_ordinals_and_korean_ordinals_agree() -> None:
    index = NameIndex(
        [
            Entity("22985", "ofac-sdn", "FIRST CREDIT BANK"),
            Entity("12215", "ofac-sdn", "SECOND ACADEMY OF NATURAL SCIENCES"),
        ]
    )
    assert _top(index, "Cheil Credit Bank") == "22985"
    assert _top(index, "2nd Academy of Natural Sciences") == "12215"
