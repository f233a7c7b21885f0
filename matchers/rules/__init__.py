"""Load and validate the matcher rule files in this folder.

Every threshold, weight, keyword and phrase the matchers use lives in the YAML files beside this
module; the code only interprets them. Unknown keys are errors, so a typo in a rule file fails
loudly instead of silently switching a rule off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

RULES_DIR = Path(__file__).resolve().parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhraseRule(_Strict):
    id: str
    language: str
    weight: float = Field(gt=0, le=1)
    patterns: list[str] = Field(min_length=1)
    # Fires only when a North Korean place is named close by ("来料加工" means little on its own).
    needs_place_context: bool = False
    # "text": anywhere in the text; "origin_value": only as the whole value of an origin attribute.
    scope: Literal["text", "origin_value"] = "text"
    # Match word beginnings only, for inflected languages ("nordkorea" in "nordkoreanische").
    prefix: bool = False
    note: str = ""


class Negation(_Strict):
    window_chars: int = Field(gt=0)
    cjk_window_chars: int = Field(gt=0)
    after_window_chars: int = Field(gt=0)
    clause_breaks: str
    before: list[str]
    after: list[str]


class FuzzyPair(_Strict):
    first: str
    second: str
    weight: float = Field(gt=0, le=1)


class Fuzzy(_Strict):
    max_distance: int = Field(ge=1, le=2)
    min_token_length: int = Field(ge=3)
    pairs: list[FuzzyPair]


class PhraseRules(_Strict):
    origin_attribute_keys: list[str]
    context_window_chars: int = Field(gt=0)
    suppressors: list[str]
    negation: Negation
    fuzzy: Fuzzy
    rules: list[PhraseRule]

    @model_validator(mode="after")
    def _unique(self) -> PhraseRules:
        ids = [r.id for r in self.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule ids: {dupes}")
        return self


class Place(_Strict):
    id: str
    kind: Literal["nk", "hub"]
    names: list[str] = Field(min_length=1)
    # Names that are also ordinary words or places elsewhere (Indonesian "rajin", Busan's 남포동)
    # count only on wig/eyelash/rattan listings.
    ambiguous: bool = False
    note: str = ""


class PlaceScores(_Strict):
    nk_location: float = Field(gt=0, le=1)
    nk_text: float = Field(gt=0, le=1)
    hub_location: float = Field(gt=0, le=1)
    hub_text: float = Field(gt=0, le=1)


class PlaceRules(_Strict):
    scores: PlaceScores
    location_attribute_keys: list[str]
    suppressors: list[str]
    places: list[Place]


class Category(_Strict):
    id: Literal["wig", "eyelash", "rattan_bag"]
    keywords: list[str] = Field(default_factory=list)
    # Both a material and an object word are needed ("rattan" + "bag"): rattan alone is furniture.
    materials: list[str] = Field(default_factory=list)
    objects: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class CategoryRules(_Strict):
    score: float = Field(gt=0, le=1)
    title_weight: float = Field(gt=0)
    min_evidence: float = Field(gt=0)
    categories: list[Category]


class ContactRules(_Strict):
    nk_phone_score: float = Field(gt=0, le=1)
    kp_domain_score: float = Field(gt=0, le=1)
    watchlist_phone_score: float = Field(gt=0, le=1)
    watchlist_email_score: float = Field(gt=0, le=1)
    watchlist_website_score: float = Field(gt=0, le=1)
    watchlist_identifier_score: float = Field(gt=0, le=1)
    min_phone_digits: int = Field(ge=6)
    min_identifier_length: int = Field(ge=4)


class Scoring(_Strict):
    flag_threshold: float = Field(gt=0, le=1)
    review_threshold: float = Field(gt=0, le=1)
    # Each reason contributes weight[kind] * score to a noisy-OR: 1 - prod(1 - w * s).
    kind_weights: dict[Literal["seller", "phrase", "contact", "place", "category"], float]
    # Multiplier on a kind's contribution when the listing is not wig/eyelash/rattan.
    off_category_factor: dict[Literal["seller", "phrase", "contact", "place"], float]
    target_categories: list[str]


@dataclass(frozen=True)
class Rules:
    phrases: PhraseRules
    places: PlaceRules
    categories: CategoryRules
    contacts: ContactRules
    scoring: Scoring


M = TypeVar("M", bound=BaseModel)


def _load(path: Path, model: type[M]) -> M:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: invalid YAML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ValueError(f"{path}: {where}: {first['msg']} ({exc.error_count()} error(s))") from exc


def load_rules(directory: Path = RULES_DIR) -> Rules:
    """Read and validate every rule file; raises ValueError naming the file and the bad key."""
    return Rules(
        phrases=_load(directory / "origin_phrases.yml", PhraseRules),
        places=_load(directory / "places.yml", PlaceRules),
        categories=_load(directory / "categories.yml", CategoryRules),
        contacts=_load(directory / "contacts.yml", ContactRules),
        scoring=_load(directory / "scoring.yml", Scoring),
    )
