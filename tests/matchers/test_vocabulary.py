"""Origin vocabulary generated per language from morphology, and the country-field table."""

from __future__ import annotations

import pytest

from matchers.phrases.vocabulary import (
    Form,
    acronym_forms,
    compounds,
    country_field_names,
    generate,
    inflect,
    spellings,
)
from matchers.rules import Rules


@pytest.fixture(scope="module")
def forms(rules: Rules) -> dict[tuple[str, str], Form]:
    return {(f.language, f.pattern): f for f in generate(rules.vocabulary)}


def test_inflection_compound_and_spelling_expansions() -> None:
    expected = ["norcoreano", "norcoreana", "norcoreanos", "norcoreanas"]
    assert inflect("norcorean<g>", {"g": ["o", "a", "os", "as"]}) == expected
    assert compounds("nord|korea") == ["nordkorea", "nord-korea", "nord korea"]
    assert spellings("corée du nord", spaced=True) == [
        "corée du nord",
        "corée-du-nord",
        "coréedunord",
        "coree du nord",
        "coree-du-nord",
        "coreedunord",
    ]
    assert acronym_forms("dprk") == ["dprk", "d.p.r.k", "d.p.r.k.", "d. p. r. k."]


@pytest.mark.parametrize(
    ("language", "pattern", "nature"),
    [
        ("en", "north-korea", "name"),
        ("en", "northkorea", "name"),  # hashtags: "#northkorea"
        ("en", "dprk", "name"),
        ("en", "🇰🇵", "name"),  # the flag emoji
        ("en", "north korea hand-tied", "claim"),
        ("it", "nordcorea", "name"),
        ("es", "norcorea", "name"),
        ("en", "madeinnorthkorea", "claim"),
        ("en", "hand-tied in the dprk", "claim"),
        ("en", "sourced from north korea", "claim"),
        ("en", "factory located in north korea", "claim"),
        ("en", "north korean hair", "claim"),
        ("en", "north korea-made", "claim"),
        ("es", "norcoreana", "name"),
        ("es", "norcoreanas", "name"),
        ("es", "hechas en corea del norte", "claim"),
        ("es", "fabricado en la rpdc", "claim"),
        ("pt", "norte-coreanos", "name"),
        ("pt", "feita na rdpc", "claim"),
        ("pt", "fabricado na coreia do norte", "claim"),
        ("fr", "nord-coréenne", "name"),
        ("fr", "nord-coreennes", "name"),
        ("fr", "fabriquées en rpdc", "claim"),
        ("it", "nordcoreani", "name"),
        ("de", "nord-korea", "name"),
        ("de", "nordkoreas", "name"),
        ("de", "kdvr", "name"),
        ("de", "nordkoreanische", "name"),
        ("de", "hergestellt in der kdvr", "claim"),
        ("ru", "северной кореи", "name"),
        ("ru", "северокорейские", "name"),
        ("ru", "произведено в кндр", "claim"),
        ("zh", "朝鲜加工", "claim"),
        ("zh", "朝鮮加工", "claim"),  # Traditional characters generated with OpenCC
        ("zh", "朝方", "name"),
        ("zh", "中朝合资", "claim"),
        ("zh", "中朝合營", "claim"),
        ("zh", "产地: 朝鲜", "claim"),
        ("ko", "북조선", "name"),
        ("ko", "이북", "name"),
        ("ko", "북한산", "claim"),
        ("ko", "북조선에서 제조", "claim"),
        ("ja", "北朝鮮製", "claim"),
    ],
)
def test_generated_forms(forms: dict[tuple[str, str], Form], language: str, pattern: str, nature: str) -> None:
    assert forms[(language, pattern)].nature == nature


def test_south_korea_is_never_generated(forms: dict[tuple[str, str], Form]) -> None:
    patterns = {p for _, p in forms}
    for south in ("korea", "south korea", "corea", "corée", "korea, rep", "republic of korea", "韩国", "한국"):
        assert south not in patterns


def test_country_field_table(rules: Rules) -> None:
    names = country_field_names(rules.vocabulary.country_field)
    north = [
        "kp",
        "prk",
        "408",
        "korea, dem. people's rep.",
        "korea, democratic people's republic of",
        "democratic people's republic of korea",
        "corée, république populaire démocratique de",
        "korea, demokratische volksrepublik",
        "朝鲜民主主义人民共和国",
        "조선민주주의인민공화국",
    ]
    for value in north:
        assert value in names
    for south in ("kr", "kor", "410", "korea, rep.", "korea, republic of", "south korea", "korea", "대한민국"):
        assert south not in names


def test_an_undefined_inflection_set_is_an_error(rules: Rules) -> None:
    language = rules.vocabulary.languages[0]
    with pytest.raises(ValueError, match="inflection sets used but not defined"):
        type(language).model_validate({**language.model_dump(), "adjectives": ["nord<nope>"]})
