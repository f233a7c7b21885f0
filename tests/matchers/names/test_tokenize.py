from __future__ import annotations

from matchers.names.rules import load_name_rules
from matchers.names.tokenize import TokenizedName, Tokenizer, normalize_text

_TOKENIZER = Tokenizer(load_name_rules())


def tokenize(name: str) -> TokenizedName:
    return _TOKENIZER.tokenize(name)


def _summary(name: str) -> list[tuple[str, str]]:
    return [(t.cls, t.key if t.cls != "name" else t.text) for t in tokenize(name).tokens]


def test_normalization_strips_breves_apostrophes_and_case() -> None:
    assert normalize_text("PAEKSO'L Chŏngjin, Co.") == "paeksol chongjin co"


def test_legal_forms_are_dropped_and_reported() -> None:
    tokenized = tokenize("CHINA DANDONG KUMSANG TRADE COMPANY, LIMITED")
    assert _summary("CHINA DANDONG KUMSANG TRADE COMPANY, LIMITED") == [
        ("place", "china"),
        ("place", "dandong"),
        ("name", "kumsang"),
        ("generic", "trade"),
    ]
    assert tokenized.dropped == ("company", "limited")


def test_joint_venture_spellings_are_one_generic_word() -> None:
    assert _summary("KOREA RYENHA MACHINERY J/V CORPORATION")[-1] == ("generic", "joint_venture")
    assert _summary("RYONHA MACHINERY JOINT VENTURE")[-1] == ("generic", "joint_venture")


def test_traditional_chinese_is_folded_and_romanized() -> None:
    simplified = _summary("丹东金祥贸易有限公司")
    assert simplified == _summary("丹東金祥貿易有限公司")
    assert simplified == [("place", "dandong"), ("name", "jinxiang"), ("generic", "trade")]


def test_hangul_company_name_is_romanized() -> None:
    assert _summary("조선백설무역회사") == [("place", "korea"), ("name", "baekseol"), ("generic", "trade")]


def test_misspelt_and_glued_lexicon_words_are_repaired() -> None:
    assert _summary("Jinxiang Tradnig Ceorporation") == [("name", "jinxiang"), ("generic", "trade")]
    assert _summary("Yuanweiimport") == [("name", "yuanwei"), ("generic", "import_export")]
    assert _summary("QINGDAOJINHAO") == [("place", "qingdao"), ("name", "jinhao")]
    assert _summary("Shippingco") == [("descriptor", "shipping")]


def test_korean_names_near_a_place_are_not_corrected_into_it() -> None:
    # DAEDONG is a bank's name, one letter from Dandong; NAMHUNG one letter from Hamhung.
    assert _summary("DAEDONG CREDIT BANK")[0] == ("name", "daedong")
    assert _summary("NAMHUNG") == [("name", "namhung")]


def test_hangul_legal_forms_are_dropped_like_latin_ones() -> None:
    assert _summary("조선련봉총회사") == [("place", "korea"), ("name", "ryeonbong")]
    assert tokenize("조선련봉총회사").dropped == ("chonghoesa",)
    assert _summary("백호무역상사") == [("name", "baekho"), ("generic", "trade")]


def test_marketplace_abbreviations_of_import_and_export() -> None:
    for written in ("Imp. & Exp. Co.,Ltd", "IMP.&EXP. CO.,LTD", "I/E Co., Ltd", "Imp & Exp Co", "Impex"):
        assert _summary(written) == [("generic", "import_export")], written


def test_korean_generic_words_in_other_romanizations_are_lexicon_words() -> None:
    # 무역 "trade" reaches the lists as muyok, mooyok, muyeok; the phonetic key is the same.
    assert _summary("Mooyok") == _summary("Muyeok") == [("generic", "trade")]


def test_ordinary_dictionary_words_are_marked() -> None:
    tokens = tokenize("Golden Tiger Paekho").tokens
    assert [t.dictionary for t in tokens] == [True, True, False]
