"""Load the name-matching data files (legal forms, lexicon, Hanja readings, feature weights).

The files live in ``matchers/rules``. Each is validated by a pydantic model that forbids unknown keys, so
a misspelt setting is an error naming the file and the key, never a silently ignored value.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

TokenClass = Literal["name", "descriptor", "generic", "place"]
_Model = TypeVar("_Model", bound=BaseModel)


class NameRulesError(ValueError):
    """A name-matching data file is malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LegalForms(_Strict):
    legal_forms: list[str]
    generic_words: dict[str, list[str]]
    stop_words: list[str]


class Lexicon(_Strict):
    places: dict[str, list[str]]
    descriptors: dict[str, list[str]]
    seller_goods: list[str]

    @model_validator(mode="after")
    def _goods_are_descriptors(self) -> Lexicon:
        unknown = sorted(set(self.seller_goods) - set(self.descriptors))
        if unknown:
            raise ValueError(f"seller_goods must name descriptors; unknown: {unknown}")
        return self


class HanjaReadings(_Strict):
    readings: dict[str, tuple[str, str]]


class Weights(_Strict):
    name: float
    common_name: float
    descriptor: float
    generic: float
    place: float


class Features(_Strict):
    exact: float
    romanization: float
    spacing: float
    hanja_reading: float
    spelling: float
    synonym: float


class NameSettings(_Strict):
    threshold: float
    weights: Weights
    features: Features
    spelling_min_ratio: float
    spelling_min_length: int
    one_edit_min_length: int
    short_token_length: int
    common_token_min_entities: int
    common_token_max_share: float
    max_joined_tokens: int
    lexicon_typo_min_length: int
    glued_affix_min_length: int
    glued_remainder_min_length: int
    unmatched_name_penalty: float
    one_side_only_factor: float
    unmatched_sector_penalty: float
    max_hanja_readings: int
    max_candidates: int
    weak_alias_boost_cap: float
    sources: dict[str, str]


def _load_yaml(path: Path, model: type[_Model]) -> _Model:
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise NameRulesError(f"{path.name}{line}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise NameRulesError(f"{path.name}: {where}: {first['msg']}") from exc


@cache
def settings(rules_dir: Path = RULES_DIR) -> NameSettings:
    return _load_yaml(rules_dir / "name_features.yml", NameSettings)


@cache
def legal_forms(rules_dir: Path = RULES_DIR) -> LegalForms:
    return _load_yaml(rules_dir / "legal_forms.yml", LegalForms)


@cache
def lexicon(rules_dir: Path = RULES_DIR) -> Lexicon:
    return _load_yaml(rules_dir / "name_lexicon.yml", Lexicon)


@cache
def hanja_readings(rules_dir: Path = RULES_DIR) -> HanjaReadings:
    return _load_yaml(rules_dir / "name_hanja_readings.yml", HanjaReadings)
