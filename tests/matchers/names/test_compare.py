from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from matchers.names import NameIndex
from matchers.names.compare import PreparedName, compare, compare_at_least, prepare
from matchers.names.rules import NameRules, NameSettings, load_name_rules
from matchers.names.tokenize import Tokenizer
from matchers.rules import RULES_DIR
from watchlists.model import Entity

SELLERS = [
    "Dandong Kumsang Trade",
    "Dandong Jinxiang Hair Products Co., Ltd.",
    "Korea Paek Sol Trading",
    "Nam Chon Gang Trading",
    "Namchongnag Trading",
    "Hana Tour",
    "Korea Zinc Company",
    "Xuchang Jinhai Hair Products Co., Ltd.",
    "Chisong Metallic Material Co",
    "Ryonha Machinery J/V",
    "Yanji Songda Wigs Store",
]


def _prepared(names: list[str], rules: NameRules, tokenizer: Tokenizer) -> list[PreparedName]:
    config, goods = rules.settings, frozenset(rules.lexicon.seller_goods)
    readings = tokenizer.hanja.readings_of_pinyin
    return [prepare(name, tokenizer.tokenize(name), {}, config, goods, readings) for name in names]


@pytest.mark.parametrize("floor", [0.0, 0.5, 0.8, 0.95])
def test_screening_comparison_skips_only_what_cannot_reach_the_floor(
    dprk_entities: list[Entity], floor: float, name_rules: NameRules, tokenizer: Tokenizer
) -> None:
    """compare_at_least must keep every pair compare() scores at the floor or above, with the same score."""
    config: NameSettings = name_rules.settings
    listed = _prepared([alias.name for entity in dprk_entities for alias in entity.all_names()], name_rules, tokenizer)
    kept = 0
    for query in _prepared(SELLERS, name_rules, tokenizer) + listed:
        for candidate in listed:
            full = compare(query, candidate, config)
            screened = compare_at_least(query, candidate, config, floor)
            if full.rejected is None and full.score >= floor:
                assert screened == full, (query.raw, candidate.raw)
                kept += 1
            else:
                assert screened is None, (query.raw, candidate.raw)
    assert kept >= len(listed)  # at least every name against itself


def test_candidate_choice_does_not_depend_on_key_order(dprk_entities: list[Entity], name_rules: NameRules) -> None:
    """The same query gives the same hits however the index was filled (ties go to the earlier name)."""
    forward = NameIndex(dprk_entities, name_rules)
    backward = NameIndex(list(reversed(dprk_entities)), name_rules)
    for seller in SELLERS:
        assert {r.entity_id for r in forward.match(seller)} == {r.entity_id for r in backward.match(seller)}


def test_settings_that_would_break_the_score_ceiling_are_refused(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    path = rules / "name_features.yml"
    path.write_text(path.read_text().replace("one_side_only_factor: 0.5", "one_side_only_factor: 1.5"))
    with pytest.raises(ValueError, match=r"name_features\.yml: one_side_only_factor"):
        load_name_rules(rules)
