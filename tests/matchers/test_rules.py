from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from matchers.names.rules import load_name_rules
from matchers.rules import RULES_DIR, load_rules


def test_bundled_rules_load() -> None:
    rules = load_rules()
    assert rules.scoring.flag_threshold > max(rules.places.scores.hub_location, rules.categories.score)
    assert len({r.id for r in rules.phrases.rules}) == len(rules.phrases.rules)


def _copy(tmp_path: Path) -> Path:
    for path in RULES_DIR.glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    scoring = folder / "scoring.yml"
    scoring.write_text(scoring.read_text(encoding="utf-8") + "flag_treshold: 0.4\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"scoring\.yml: flag_treshold: Extra inputs"):
        load_rules(folder)


def test_yaml_boolean_pattern_is_an_error(tmp_path: Path) -> None:
    # An unquoted "no" reads as false in YAML; the loader must refuse it rather than drop the cue.
    folder = _copy(tmp_path)
    vocabulary = folder / "origin_vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8").replace('before: ["not", "no",', 'before: ["not", no,')
    vocabulary.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"origin_vocabulary\.yml:\d+: languages\.0\.negation\.before\.1"):
        load_rules(folder)


def test_target_category_must_be_defined(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    categories = folder / "categories.yml"
    text = categories.read_text(encoding="utf-8")
    start = text.index("  - id: rattan_bag")
    categories.write_text(text[:start], encoding="utf-8")
    with pytest.raises(ValueError, match=r"scoring\.yml: target_categories: \['rattan_bag'\] not defined"):
        load_rules(folder)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "contacts.yml").write_text("nk_phone_score: 0.9\n  bad: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"contacts\.yml:\d+: invalid YAML"):
        load_rules(folder)


def test_name_rules_use_the_same_loader(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    features = folder / "name_features.yml"
    features.write_text(features.read_text(encoding="utf-8") + "treshold: 0.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"name_features\.yml: treshold: Extra inputs"):
        load_name_rules(folder)


def test_context_names_must_be_place_names(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    places = folder / "places.yml"
    places.write_text(
        places.read_text(encoding="utf-8").replace("[나선, 선봉, 先锋]", "[나선, 선봉, 先鋒X]"), encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"places\.yml: places\.0: .*needs_context names not in names"):
        load_rules(folder)
