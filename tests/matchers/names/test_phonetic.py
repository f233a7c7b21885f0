from __future__ import annotations

import pytest

from matchers.names.hangul import romanize
from matchers.names.hanja import HanjaTable
from matchers.names.phonetic import fold
from matchers.names.rules import load_name_rules


@pytest.mark.parametrize(
    "variants",
    [
        ("paeksol", "baekseol", "paekseol"),
        ("taesong", "daesong", "taeseong"),
        ("unha", "eunha"),
        ("chosun", "choson", "joseon"),
        ("ryonbong", "ryenbong", "yonbong", "lyonbong"),
        ("amroggang", "amnokkang"),
        ("chisong", "jiseong"),
        ("kumsang", "geumsang"),
    ],
)
def test_romanization_variants_share_one_key(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1


@pytest.mark.parametrize(("left", "right"), [("paeksol", "paekho"), ("taesong", "tangun"), ("hana", "hanil")])
def test_different_names_keep_different_keys(left: str, right: str) -> None:
    assert fold(left) != fold(right)


@pytest.mark.parametrize(
    ("hangul", "rr", "mr"),
    [("백설", "baekseol", "paeksŏl"), ("조선", "joseon", "chosŏn"), ("압록강", "amnokgang", "amnokkang")],
)
def test_hangul_romanizes_in_both_systems(hangul: str, rr: str, mr: str) -> None:
    assert romanize(hangul) == rr
    assert romanize(hangul, system="mr") == mr
    assert fold(rr) == fold(mr.replace("ŏ", "o"))


def test_romanize_rejects_unknown_system() -> None:
    with pytest.raises(ValueError, match="unknown romanization system"):
        romanize("백설", system="yale")


def test_pinyin_gets_the_sino_korean_readings_of_its_characters() -> None:
    rules = load_name_rules()
    readings_of_pinyin = HanjaTable(rules.hanja, rules.settings.max_hanja_readings).readings_of_pinyin
    # 志成: zhi cheng / 지성 chi song (OFAC 22603); 金祥: jin xiang / 금상 kum sang (OFAC 23476)
    assert fold("chisong") in readings_of_pinyin("zhicheng")
    assert fold("kumsang") in readings_of_pinyin("jinxiang")
    assert readings_of_pinyin("paeksol") == frozenset()
