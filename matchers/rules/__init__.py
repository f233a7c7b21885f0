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

from matchers.rules.gazetteer import Gazetteer
from watchlists.datafile import load_yaml

RULES_DIR = Path(__file__).resolve().parent

CategoryId = Literal["wig", "eyelash", "rattan_bag"]


class Strict(BaseModel):
    """Base of every rule model: unknown keys are errors and loaded rules cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PhraseRule(Strict):
    id: str
    # "claim": the phrase says the goods were made there; "name": it names the country (a claim on a
    # target-category listing unless a mention cue is near, otherwise a mention).
    nature: Literal["claim", "name"] = "claim"
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


class Negation(Strict):
    """How far negation reaches; the cues themselves are per language in origin_vocabulary.yml."""

    window_chars: int = Field(gt=0)
    cjk_window_chars: int = Field(gt=0)
    clause_breaks: str
    # Latin/Cyrillic cues govern a phrase only across these words ("not made in", "keine Ware aus").
    transparent_words: list[str]
    # Korean, Japanese and Chinese cues right after the phrase, one particle between allowed.
    after_particles: list[str]
    # How far (characters, within the clause) a clause-final negation after the phrase reaches.
    after_clause_chars: int = Field(gt=0)
    # A coordinated list between a cue and the phrase ("not made in China, Vietnam or North Korea")
    # holds at most this many items, each a country name (the country table) of at most this many words.
    max_list_items: int = Field(gt=0)
    max_item_words: int = Field(gt=0)
    # Words allowed between the last list item and the phrase ("..., or from the DPRK").
    list_glue_words: list[str]
    # "DPRK-free", "DPRK free": "free" after the phrase negates it unless a word it qualifies follows
    # ("North Korea free shipping" is not a negation).
    free_cues: list[str]
    free_not_negating_before: list[str]


class FuzzyPair(Strict):
    first: str
    second: str
    weight: float = Field(gt=0, le=1)


class Fuzzy(Strict):
    max_distance: int = Field(ge=1, le=2)
    min_token_length: int = Field(ge=3)
    pairs: list[FuzzyPair]


class PhraseRules(Strict):
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


class Place(Strict):
    id: str
    kind: Literal["nk", "hub"]
    names: list[str] = Field(min_length=1)
    # Names that are also ordinary words or places elsewhere (Indonesian "rajin", Busan's 남포동)
    # count only on wig/eyelash/rattan listings.
    ambiguous: bool = False
    # Names that are also ordinary words or other places (나선 "spiral", 惠山 a district of Wuxi): they
    # count only when the listing names North Korea some other way.
    needs_context: list[str] = Field(default_factory=list)
    note: str = ""

    @model_validator(mode="after")
    def _context_names_are_names(self) -> Place:
        unknown = sorted(set(self.needs_context) - set(self.names))
        if unknown:
            raise ValueError(f"needs_context names not in names: {unknown}")
        return self


class PlaceScores(Strict):
    nk_location: float = Field(gt=0, le=1)
    nk_text: float = Field(gt=0, le=1)
    hub_location: float = Field(gt=0, le=1)
    hub_text: float = Field(gt=0, le=1)


class PlaceRules(Strict):
    scores: PlaceScores
    # Where the seller or goods are; origin labels (origin_labels.yml) count as locations too.
    location_attribute_keys: list[str]
    suppressors: list[str]
    places: list[Place]


class Category(Strict):
    id: CategoryId
    keywords: list[str] = Field(default_factory=list)
    # Both a material and an object word are needed ("rattan" + "bag"): rattan alone is furniture.
    materials: list[str] = Field(default_factory=list)
    objects: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class CategoryRules(Strict):
    score: float = Field(gt=0, le=1)
    title_weight: float = Field(gt=0)
    min_evidence: float = Field(gt=0)
    # Keyword occurrences beyond this many in one field add no evidence (and cost no time).
    max_hits_per_field: int = Field(gt=0)
    categories: list[Category]


class ContactRules(Strict):
    nk_phone_score: float = Field(gt=0, le=1)
    kp_domain_score: float = Field(gt=0, le=1)
    watchlist_phone_score: float = Field(gt=0, le=1)
    watchlist_email_score: float = Field(gt=0, le=1)
    watchlist_website_score: float = Field(gt=0, le=1)
    watchlist_identifier_score: float = Field(gt=0, le=1)
    min_phone_digits: int = Field(ge=6)
    min_identifier_length: int = Field(ge=4)
    # Path segments that are a site's root page, not a storefront: "example.cn/en/" is "example.cn".
    root_path_segments: list[str]


class Mentions(Strict):
    # A name that is only mentioned (a book about North Korea, a sanctions statement): its own score,
    # and the ceiling on a listing whose only origin evidence is mentions (no claim, seller, contact).
    score: float = Field(gt=0, le=1)
    ceiling: float = Field(gt=0, le=1)


class Scoring(Strict):
    flag_threshold: float = Field(gt=0, le=1)
    mentions: Mentions
    # Text beyond this many characters per field is not screened; the cut is recorded in the result.
    max_field_chars: int = Field(gt=0)
    review_threshold: float = Field(gt=0, le=1)
    # Each reason contributes weight[kind] * score to a noisy-OR: 1 - prod(1 - w * s).
    kind_weights: dict[Literal["seller", "entity_mention", "phrase", "contact", "place", "category"], float]
    # Multiplier on a kind's contribution when the listing is not wig/eyelash/rattan.
    off_category_factor: dict[Literal["seller", "entity_mention", "phrase", "contact", "place"], float]
    target_categories: list[CategoryId] = Field(min_length=1)


class LanguageNegation(Strict):
    before: list[str] = Field(default_factory=list)
    # Han cues that negate a whole clause ("不是在朝鲜加工"); other Han cues must touch the phrase.
    clause: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    # Clause-final verb negations after the phrase, a few words away allowed ("북한산 원료는 사용하지 않습니다").
    after_clause: list[str] = Field(default_factory=list)
    list_joiners: list[str] = Field(default_factory=list)


class LanguageVocabulary(Strict):
    """One language's compact origin vocabulary; matchers.phrases.vocabulary generates the forms."""

    language: str
    spaced: bool = True  # words separated by spaces: hyphenated and run-together variants exist
    traditional: bool = False  # also write every form in Traditional Chinese characters
    inflections: dict[str, list[str]] = Field(default_factory=dict)
    names: list[str] = Field(min_length=1)
    acronyms: list[str] = Field(default_factory=list)
    adjectives: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    claims_before: list[str] = Field(default_factory=list)
    claims_after: list[str] = Field(default_factory=list)
    claim_nouns: list[str] = Field(default_factory=list)
    claim_words: list[str] = Field(default_factory=list)
    mention_cues: list[str] = Field(default_factory=list)
    negation: LanguageNegation = Field(default_factory=LanguageNegation)

    @model_validator(mode="after")
    def _inflections_defined(self) -> LanguageVocabulary:
        import re

        forms = [*self.names, *self.adjectives, *self.claims_before, *self.claims_after]
        used = {m for form in forms for m in re.findall(r"<(\w+)>", form)}
        missing = sorted(used - set(self.inflections))
        if missing:
            raise ValueError(f"inflection sets used but not defined: {missing}")
        return self


class VocabularyWeights(Strict):
    claim: float = Field(gt=0, le=1)
    name: float = Field(gt=0, le=1)
    joint_venture: float = Field(gt=0, le=1)


class CountryField(Strict):
    alpha2: str = Field(min_length=2, max_length=2)
    locales: list[str]
    extra_names: list[str]


class OriginVocabulary(Strict):
    weights: VocabularyWeights
    country_field: CountryField
    languages: list[LanguageVocabulary] = Field(min_length=1)


class OriginLabels(Strict):
    """Attribute labels whose value is the goods' origin, in every language extraction knows."""

    labels: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class Rules:
    origin_labels: OriginLabels
    phrases: PhraseRules
    vocabulary: OriginVocabulary
    places: PlaceRules
    categories: CategoryRules
    contacts: ContactRules
    scoring: Scoring
    gazetteer: Gazetteer | None = None  # DPRK divisions in every script (places_gazetteer.yml)


M = TypeVar("M", bound=BaseModel)


def load_model(path: Path, model: type[M]) -> M:
    """Read one rule file into ``model``; raises ValueError naming the file, the line (for YAML
    syntax errors) or the bad key, and the reason."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}{line}: invalid YAML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ValueError(f"{path}: {where}: {first['msg']} ({exc.error_count()} error(s))") from exc


def load_rules(directory: Path = RULES_DIR) -> Rules:
    """Read and validate every rule file; raises ValueError naming the file and the bad key."""
    rules = Rules(
        origin_labels=load_model(directory / "origin_labels.yml", OriginLabels),
        phrases=load_model(directory / "origin_phrases.yml", PhraseRules),
        vocabulary=load_yaml(directory / "origin_vocabulary.yml", OriginVocabulary),
        places=load_model(directory / "places.yml", PlaceRules),
        categories=load_model(directory / "categories.yml", CategoryRules),
        contacts=load_model(directory / "contacts.yml", ContactRules),
        scoring=load_model(directory / "scoring.yml", Scoring),
        gazetteer=load_yaml(directory / "places_gazetteer.yml", Gazetteer),
    )
    defined = {c.id for c in rules.categories.categories}
    missing = sorted(set(rules.scoring.target_categories) - defined)
    if missing:
        raise ValueError(
            f"{directory / 'scoring.yml'}: target_categories: {missing} not defined in categories.yml "
            f"(defined: {sorted(defined)})"
        )
    return rules
