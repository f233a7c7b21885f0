"""Screen one listing: run every matcher and combine their reasons into a flag decision.

Weights and the flag threshold live in matchers/rules/scoring.yml; this module only applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from matchers.category import CategoryClassifier
from matchers.contacts import ContactIndex
from matchers.listing import screen_input_from_dict
from matchers.names import NameIndex
from matchers.phrases import PhraseMatcher, normalize
from matchers.places import PlaceIndex
from matchers.rules import Rules, Scoring, load_rules
from matchers.types import Reason, ScreenInput, ScreenResult
from watchlists.model import Entity

__all__ = ["NameMatcher", "Screener", "combine", "deduplicate", "screen_input_from_dict"]

# Contact rules that name North Korea itself (not a watchlist entry): context for ambiguous place names.
_NK_CONTACT_RULES = frozenset({"contact.nk_phone", "contact.kp_domain"})


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
        labels = self.rules.origin_labels.labels
        self._places = PlaceIndex(self.rules.places, labels)
        self._phrases = PhraseMatcher(self.rules.phrases, labels, self._places.nk_spans)
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
        nk_context = any(r.kind == "phrase" or r.rule in _NK_CONTACT_RULES for r in reasons)
        reasons.extend(self._places.match(listing, target_category=on_target, nk_context=nk_context))
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
