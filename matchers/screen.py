"""Screen one listing: run every matcher and combine their reasons into a flag decision.

Weights and the flag threshold live in matchers/rules/scoring.yml; this module only applies them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from matchers.category import CategoryClassifier
from matchers.contacts import ContactIndex
from matchers.names import NameIndex
from matchers.phrases import PhraseMatcher, normalize
from matchers.places import PlaceIndex
from matchers.rules import Rules, Scoring, load_rules
from matchers.types import Reason, ScreenInput, ScreenResult
from watchlists.model import Entity

_TEXT_FIELDS = ("id", "url", "title", "description", "seller_name", "seller_location", "seller_url")


class NameMatcher(Protocol):
    def match(self, name: str, *, field: str = ...) -> list[Reason]: ...


class Screener:
    """Built once per watchlist and rule set; ``screen`` is then a pure function of the listing."""

    def __init__(
        self,
        entities: Sequence[Entity],
        rules: Rules | None = None,
        *,
        name_index: NameMatcher | None = None,
    ) -> None:
        self.rules = rules if rules is not None else load_rules()
        self._places = PlaceIndex(self.rules.places)
        self._phrases = PhraseMatcher(self.rules.phrases, self._places.nk_spans)
        self._contacts = ContactIndex(entities, self.rules.contacts)
        self._categories = CategoryClassifier(self.rules.categories)
        self._names: NameMatcher = name_index if name_index is not None else NameIndex(entities)
        self._targets = frozenset(self.rules.scoring.target_categories)

    def screen(self, listing: ScreenInput) -> ScreenResult:
        category, reasons = self._categories.classify(listing)
        on_target = category in self._targets
        for field in ("title", "description", "seller_name", "seller_location"):
            text = getattr(listing, field)
            if text:
                reasons.extend(self._phrases.match_text(text, field))
        reasons.extend(self._phrases.match_attributes(listing.attributes))
        reasons.extend(self._contacts.match(listing))
        reasons.extend(self._places.match(listing, target_category=on_target))
        if listing.seller_name.strip():
            reasons.extend(self._names.match(listing.seller_name, field="seller_name"))
        unique = deduplicate(reasons)
        score = combine(unique, on_target, self.rules.scoring)
        scoring = self.rules.scoring
        priority = "high" if score >= scoring.flag_threshold else "low" if score >= scoring.review_threshold else ""
        return ScreenResult(
            flagged=priority == "high",
            priority=priority,
            score=score,
            reasons=tuple(unique),
            category=category,
        )


def deduplicate(reasons: Sequence[Reason]) -> list[Reason]:
    """One reason per (kind, rule, entity, matched text), keeping the strongest; strongest first."""
    best: dict[tuple[str, str, str | None, str], Reason] = {}
    for reason in reasons:
        key = (reason.kind, reason.rule, reason.entity_id, normalize(reason.matched_text))
        if key not in best or reason.score > best[key].score:
            best[key] = reason
    return sorted(best.values(), key=lambda r: (r.kind == "category", -r.score))


def combine(reasons: Sequence[Reason], on_target: bool, scoring: Scoring) -> float:
    """Strongest weighted reason per kind, then noisy-OR across kinds: different kinds of evidence
    (a seller match and an origin phrase) reinforce each other; repeats of one kind do not."""
    strongest: dict[str, float] = {}
    for reason in reasons:
        weight = scoring.kind_weights.get(reason.kind, 0.0)
        if not on_target and reason.kind != "category":
            weight *= scoring.off_category_factor.get(reason.kind, 1.0)
        value = min(1.0, max(0.0, weight * reason.score))
        strongest[reason.kind] = max(value, strongest.get(reason.kind, 0.0))
    remaining = 1.0
    for value in strongest.values():
        remaining *= 1.0 - value
    return 1.0 - remaining


def screen_input_from_dict(d: Mapping[str, Any]) -> ScreenInput:
    """Validate one ``match --input`` JSON object. Every field is optional; keys the screener does not
    read (price, images, expected ...) are ignored, except ``origin`` (the extraction layer's origin
    value), which is kept as the attribute "origin" unless an attribute already holds that value, so
    no origin claim is lost."""
    if not isinstance(d, Mapping):
        raise ValueError(f"expected a JSON object, got {type(d).__name__}")
    values: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        value = d.get(name)
        if value is None:
            continue
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"field {name!r} must be a string, got {type(value).__name__}: {value!r}")
        values[name] = value
    attributes = _attributes(d.get("attributes"))
    origin = d.get("origin")
    if origin is not None:
        if not isinstance(origin, str):
            raise ValueError(f"field 'origin' must be a string, got {type(origin).__name__}")
        if origin and origin not in attributes.values():
            key = "origin" if "origin" not in attributes else "origin (extracted)"
            attributes[key] = origin
    return ScreenInput(**values, attributes=attributes, contacts=_contacts(d.get("contacts")))


def _attributes(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"field 'attributes' must be an object of strings, got {type(value).__name__}")
    attributes: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(item, str):
            raise ValueError(f"attribute {key!r} must be a string, got {type(item).__name__}: {item!r}")
        attributes[str(key)] = item
    return attributes


def _contacts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"field 'contacts' must be a list of strings, got {type(value).__name__}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ValueError(f"contacts[{index}] must be a string, got {type(item).__name__}: {item!r}")
    return tuple(value)
