"""Screen one listing: run every matcher and combine their reasons into a flag decision.

Weights and the flag threshold live in matchers/rules/scoring.yml; this module only applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from matchers.canonical import Canonical, canonicalize
from matchers.category import CategoryClassifier
from matchers.contacts import ContactIndex
from matchers.listing import screen_input_from_dict
from matchers.names import NameIndex
from matchers.names.rules import NameRules
from matchers.phrases import PhraseMatcher, normalize
from matchers.phrases.segment import Segmenter
from matchers.places import PlaceIndex
from matchers.rules import Rules, Scoring, load_rules
from matchers.types import Reason, ScreenInput, ScreenResult
from watchlists.model import Entity

__all__ = ["NameMatcher", "Screener", "combine", "deduplicate", "screen_input_from_dict"]

# Contact rules that name North Korea itself (not a watchlist entry): context for ambiguous place names.
_NK_CONTACT_RULES = frozenset({"contact.nk_phone", "contact.kp_domain"})


class NameMatcher(Protocol):
    def match(self, name: str, *, field: str = ...) -> list[Reason]: ...

    def mentions(self, text: str, *, field: str) -> list[Reason]: ...


class Screener:
    """Built once per watchlist and rule set; ``screen`` is then a pure function of the listing."""

    def __init__(
        self,
        entities: Sequence[Entity],
        rules: Rules | None = None,
        *,
        name_index: NameMatcher | None = None,
        segmenter: Segmenter | None = None,
        name_rules: NameRules | None = None,
    ) -> None:
        self.rules = rules if rules is not None else load_rules()
        labels = self.rules.origin_labels.labels
        self._places = PlaceIndex(self.rules.places, labels, self.rules.gazetteer)
        self._phrases = PhraseMatcher.from_rules(self.rules, self._places.nk_spans, segmenter)
        self._contacts = ContactIndex(entities, self.rules.contacts)
        self._categories = CategoryClassifier(self.rules.categories)
        self._names: NameMatcher = name_index if name_index is not None else NameIndex(entities, name_rules)
        self._targets = frozenset(self.rules.scoring.target_categories)

    def screen(self, listing: ScreenInput) -> ScreenResult:
        listing, truncated = _truncate(listing, self.rules.scoring.max_field_chars)
        # Every matcher reads the canonical text (matchers.canonical), made once per field; reasons
        # are then mapped back to the original text.
        canon = _canonical_fields(listing)
        view = _canonical_view(listing, canon)
        category, reasons = self._categories.classify(view)
        on_target = category in self._targets
        for field in ("title", "description", "seller_name", "seller_location"):
            if getattr(listing, field):
                reasons.extend(self._phrases.match_text(canon[field], field, on_target=on_target))
        reasons.extend(self._phrases.match_attributes(listing.attributes, on_target=on_target))
        reasons.extend(self._contacts.match(view))
        nk_context = any(r.kind == "phrase" or r.rule in _NK_CONTACT_RULES for r in reasons)
        reasons.extend(self._places.match(view, target_category=on_target, nk_context=nk_context))
        if view.seller_name.strip():
            reasons.extend(self._names.match(view.seller_name, field="seller_name"))
        for field in ("title", "description"):  # a listed company named as maker or partner
            reasons.extend(self._names.mentions(getattr(view, field), field=field))
        reasons = [_in_original(r, canon) for r in reasons]
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
            truncated=truncated,
        )


_CANONICAL_FIELDS = ("title", "description", "seller_name", "seller_location")


def _truncate(listing: ScreenInput, limit: int) -> tuple[ScreenInput, tuple[str, ...]]:
    """Cut every text field to ``limit`` characters; the cut fields are named in the result."""
    cut: dict[str, str] = {}
    for field in _CANONICAL_FIELDS:
        value = getattr(listing, field)
        if len(value) > limit:
            cut[field] = value[:limit]
    attributes = listing.attributes
    long_attributes = [k for k, v in attributes.items() if len(v) > limit]
    if long_attributes:
        attributes = {k: v[:limit] for k, v in attributes.items()}
    if not cut and not long_attributes:
        return listing, ()
    names = (*cut, *(f"attributes.{k}" for k in long_attributes))
    shortened = replace(
        listing,
        title=listing.title[:limit],
        description=listing.description[:limit],
        seller_name=listing.seller_name[:limit],
        seller_location=listing.seller_location[:limit],
        attributes=attributes,
    )
    return shortened, names


def _canonical_fields(listing: ScreenInput) -> dict[str, Canonical]:
    canon = {field: canonicalize(getattr(listing, field)) for field in _CANONICAL_FIELDS}
    canon.update((f"attributes.{k}", canonicalize(v)) for k, v in listing.attributes.items())
    return canon


def _canonical_view(listing: ScreenInput, canon: dict[str, Canonical]) -> ScreenInput:
    return replace(
        listing,
        title=canon["title"].text,
        description=canon["description"].text,
        seller_name=canon["seller_name"].text,
        seller_location=canon["seller_location"].text,
        attributes={k: canon[f"attributes.{k}"].text for k in listing.attributes},
    )


def _in_original(reason: Reason, canon: dict[str, Canonical]) -> Reason:
    """The reason with its matched text as the listing wrote it (matchers saw canonical text)."""
    field = canon.get(reason.field or "")
    if field is None or not reason.matched_text or reason.matched_text in field.source:
        return reason
    original = field.find_original(reason.matched_text)
    return reason if original is None else replace(reason, matched_text=original)


def deduplicate(reasons: Sequence[Reason]) -> list[Reason]:
    """One reason per (kind, rule, entity, matched text), keeping the strongest; strongest first."""
    best: dict[tuple[str, str, str | None, str], Reason] = {}
    for reason in reasons:
        key = (reason.kind, reason.rule, reason.entity_id, normalize(reason.matched_text))
        if key not in best or reason.score > best[key].score:
            best[key] = reason
    return sorted(best.values(), key=lambda r: (r.kind == "category", -r.score))


def is_mention(reason: Reason) -> bool:
    """A phrase that names North Korea without claiming the goods come from there."""
    return reason.kind == "phrase" and reason.rule.startswith("mention.")


def combine(reasons: Sequence[Reason], on_target: bool, scoring: Scoring) -> float:
    """Strongest weighted reason per kind, then noisy-OR across kinds: different kinds of evidence
    (a seller match and an origin phrase) reinforce each other; repeats of one kind do not.

    Mentions lift a listing at most to ``mentions.ceiling`` unless a claim, a watchlist match or a
    contact backs them: a book about North Korea is a low-priority lead, never a flag by itself."""
    mentions = [r for r in reasons if is_mention(r)]
    if not mentions:
        return _noisy_or(reasons, on_target, scoring)
    # A claim, a watchlist match (seller or named entity) or a contact backs a mention.
    backed = any(
        (r.kind == "phrase" and not is_mention(r)) or r.kind not in ("phrase", "place", "category") for r in reasons
    )
    score = _noisy_or(reasons, on_target, scoring)
    if backed:
        return score
    without = _noisy_or([r for r in reasons if not is_mention(r)], on_target, scoring)
    return max(without, min(score, scoring.mentions.ceiling))


def _noisy_or(reasons: Sequence[Reason], on_target: bool, scoring: Scoring) -> float:
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
