"""The name-matching data files (legal forms, lexicon, Hanja readings, common words, feature weights).

The files live in ``matchers/rules``. Each is validated by a pydantic model that forbids unknown keys, so
a misspelt setting is an error naming the file and the key, never a silently ignored value.
``load_name_rules`` reads them once into a ``NameRules``, which is handed to ``NameIndex`` (and from it
to the tokenizer), like every other matcher's rules: nothing here is a module-level cache.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    # Ordinal words by number, in every spelling and language the lists use (SECOND / 2ND, FIRST / CHEIL):
    # name tokens whose key is the number, so the spellings agree with each other.
    ordinals: dict[str, list[str]]

    @model_validator(mode="after")
    def _goods_are_descriptors(self) -> Lexicon:
        unknown = sorted(set(self.seller_goods) - set(self.descriptors))
        if unknown:
            raise ValueError(f"seller_goods must name descriptors; unknown: {unknown}")
        return self


class HanjaReadings(Strict):
    readings: dict[str, tuple[str, str]]


class CommonWords(Strict):
    """Ordinary dictionary words: a name token that is one of them is never distinctive alone."""

    source: str = Field(min_length=1)
    words: str = Field(min_length=1)  # separated by white space

    def word_set(self) -> frozenset[str]:
        return frozenset(self.words.split())


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
    initialism: float


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
    max_postings_per_key: int = Field(ge=1)
    feature_cache_size: int = Field(ge=0)
    weak_alias_boost_cap: float
    initialism_min_length: int = Field(ge=2)
    hanja_reading_only_score: float = Field(gt=0, le=1)
    goods_difference_floor: float = Field(gt=0, le=1)
    goods_difference_score: float = Field(gt=0, le=1)
    mention: MentionSettings
    sources: dict[str, str]


class MentionSettings(Strict):
    """Watchlist names found inside a title or description: stricter than the seller field."""

    threshold: float = Field(gt=0, le=1)
    min_distinctive_tokens: int = Field(ge=1)
    min_agreeing_words: int = Field(ge=1)
    max_window_tokens: int = Field(ge=1)
    max_comparisons: int = Field(ge=1)
    min_cjk_chars: int = Field(ge=2)


NameSettings.model_rebuild()


@dataclass(frozen=True)
class NameRules:
    settings: NameSettings
    legal_forms: LegalForms
    lexicon: Lexicon
    hanja: HanjaReadings
    common_words: CommonWords


def load_name_rules(rules_dir: Path = RULES_DIR) -> NameRules:
    """Read and validate the name-matching files; raises ValueError naming the file and the bad key."""
    return NameRules(
        settings=load_model(rules_dir / "name_features.yml", NameSettings),
        legal_forms=load_model(rules_dir / "legal_forms.yml", LegalForms),
        lexicon=load_model(rules_dir / "name_lexicon.yml", Lexicon),
        hanja=load_model(rules_dir / "name_hanja_readings.yml", HanjaReadings),
        common_words=load_model(rules_dir / "name_common_words.yml", CommonWords),
    )
