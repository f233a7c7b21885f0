from __future__ import annotations

import pytest

from matchers.category import CategoryClassifier
from matchers.rules import Rules
from matchers.types import ScreenInput


@pytest.fixture(scope="module")
def categories(rules: Rules) -> CategoryClassifier:
    return CategoryClassifier(rules.categories)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Lace front wig 13x4", "wig"),
        ("真人发假发 女", "wig"),
        ("发套 短发", "wig"),
        ("手勒 发块", "wig"),
        ("인모 가발", "wig"),
        ("人毛ウィッグ", "wig"),
        ("Парик натуральный", "wig"),
        ("Peluca natural", "wig"),
        ("Perruque lace", "wig"),
        ("Echthaar-Perücke", "wig"),
        ("3D mink false eyelashes", "eyelash"),
        ("假睫毛 10对", "eyelash"),
        ("인조 속눈썹", "eyelash"),
        ("つけまつげ", "eyelash"),
        ("Накладные ресницы", "eyelash"),
        ("Pestañas postizas", "eyelash"),
        ("Rattan bag round", "rattan_bag"),
        ("Handwoven rattan crossbody purse", "rattan_bag"),
        ("藤编包 手提", "rattan_bag"),
        ("草编 沙滩包", "rattan_bag"),
        ("라탄 가방", "rattan_bag"),
        ("Bolso de ratán", "rattan_bag"),
        ("Rattan garden chair", "other"),
        ("Eyelash curler", "other"),
        ("LED lamp", "other"),
        ("Cake topper", "other"),
    ],
)
def test_classify(categories: CategoryClassifier, title: str, expected: str) -> None:
    category, reasons = categories.classify(ScreenInput(title=title))
    assert category == expected
    if expected == "other":
        assert reasons == []
    else:
        (reason,) = reasons
        assert reason.kind == "category"
        assert reason.rule == f"category.{expected}"
        assert reason.score <= 0.2


def test_title_outweighs_description(categories: CategoryClassifier) -> None:
    listing = ScreenInput(title="Rattan handbag", description="pairs well with false lashes")
    assert categories.classify(listing)[0] == "rattan_bag"


def test_attributes_count(categories: CategoryClassifier) -> None:
    assert categories.classify(ScreenInput(title="Item 2231", attributes={"Type": "Wig"}))[0] == "wig"
