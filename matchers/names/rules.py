"""Load the name-matching data files (legal forms, lexicon, Hanja readings, feature weights).

The files live in ``matchers/rules``. Each is validated by a pydantic model that forbids unknown keys, so
a misspelt setting is an error naming the file and the key, never a silently ignored value.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from matchers.rules import RULES_DIR, Strict, load_model

TokenClass = Literal["name", "descriptor", "generic", "place"]


class LegalForms(Strict):
    legal_forms: list[str]
    generic_words: dict[str, list[str]]
    stop_words: list[str]


class Lexicon(Strict):
    places: dict[str, list[str]]
    descriptors: dict[str, list[str]]
    seller_goods: list[str]

    @model_validator(mode="after")
    def _goods_are_descriptors(self) -> Lexicon:
        unknown = sorted(set(self.seller_goods) - set(self.descriptors))
        if unknown:
            raise ValueError(f"seller_goods must name descriptors; unknown: {unknown}")
        return self


class HanjaReadings(Strict):
    readings: dict[str, tuple[str, str]]


class Weights(Strict):
    name: float
    common_name: float
    descriptor: float
    generic: float
    place: float


class Features(Strict):
    exact: float
    romanization: float
    spacing: float
    hanja_reading: float
    spelling: float
    synonym: float


class NameSettings(Strict):
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
    # The score ceiling that skips hopeless candidates (compare.py) is only sound within these bounds.
    unmatched_name_penalty: float = Field(ge=0)
    one_side_only_factor: float = Field(ge=0, le=1)
    unmatched_sector_penalty: float = Field(ge=0)
    max_hanja_readings: int
    max_candidates: int
    feature_cache_size: int = Field(ge=0)
    weak_alias_boost_cap: float
    sources: dict[str, str]


@cache
def settings(rules_dir: Path = RULES_DIR) -> NameSettings:
    return load_model(rules_dir / "name_features.yml", NameSettings)


@cache
def legal_forms(rules_dir: Path = RULES_DIR) -> LegalForms:
    return load_model(rules_dir / "legal_forms.yml", LegalForms)


@cache
def lexicon(rules_dir: Path = RULES_DIR) -> Lexicon:
    return load_model(rules_dir / "name_lexicon.yml", Lexicon)


@cache
def hanja_readings(rules_dir: Path = RULES_DIR) -> HanjaReadings:
    return load_model(rules_dir / "name_hanja_readings.yml", HanjaReadings)
