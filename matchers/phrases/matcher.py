"""Find North Korean origin phrasing in listing text and origin attributes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from matchers.phrases.fuzzy import FuzzyPairFinder
from matchers.phrases.negation import NegationScope
from matchers.phrases.text import Hit, KeywordIndex, LabelSet, covered, drop_nested, normalize
from matchers.rules import PhraseRule, PhraseRules
from matchers.types import Reason

# Given normalized text, the spans of North Korean place names in it (see matchers.places).
PlaceSpans = Callable[[str], list[tuple[int, int]]]


@dataclass(frozen=True)
class _Tag:
    rule: PhraseRule | None  # None marks a suppressor phrase


def _reason(rule_id: str, weight: float, text: str, detail: str, field: str) -> Reason:
    return Reason(
        kind="phrase", score=weight, detail=detail, matched_text=text, rule=rule_id, source="rules", field=field
    )


class PhraseMatcher:
    """Compiled once from ``origin_phrases.yml``; ``match_text`` is a pure function of its input."""

    def __init__(self, rules: PhraseRules, origin_labels: Iterable[str], nk_place_spans: PlaceSpans) -> None:
        entries: list[tuple[str, _Tag, bool]] = []
        self._origin_values: dict[str, PhraseRule] = {}
        for rule in rules.rules:
            for pattern in rule.patterns:
                if rule.scope == "origin_value":
                    self._origin_values[normalize(pattern)] = rule
                else:
                    entries.append((pattern, _Tag(rule), rule.prefix))
        entries.extend((s, _Tag(None), True) for s in rules.suppressors)
        self._index = KeywordIndex(entries)
        self._origin_keys = LabelSet(origin_labels)
        self._negation = NegationScope(rules.negation)
        self._fuzzy = FuzzyPairFinder(rules.fuzzy)
        self._nk_place_spans = nk_place_spans
        self._context = rules.context_window_chars

    def match_text(self, text: str, field: str) -> list[Reason]:
        norm = normalize(text)
        if not norm:
            return []
        hits = self._index.find(norm)
        suppressed = [(h.start, h.end) for h in hits if h.payload.rule is None]
        rule_hits = [h for h in hits if h.payload.rule is not None and not covered(h, suppressed)]
        reasons: list[Reason] = []
        place_spans: list[tuple[int, int]] | None = None
        for hit in drop_nested(rule_hits):
            rule = hit.payload.rule
            assert rule is not None  # suppressors were filtered out above
            if rule.needs_place_context:
                if place_spans is None:
                    place_spans = self._nk_place_spans(norm)
                if not self._near_place(hit, place_spans):
                    continue
            if self._negation.cue(norm, hit.start, hit.end) is not None:
                continue
            where = " next to a North Korean place" if rule.needs_place_context else ""
            detail = f'origin phrase "{hit.text}"{where} ({rule.language}, rule {rule.id})'
            reasons.append(_reason(rule.id, rule.weight, hit.text, detail, field))
        exact = [(h.start, h.end) for h in rule_hits]
        for fuzzy in self._fuzzy.find(norm):
            if any(s < fuzzy.end and fuzzy.start < e for s, e in exact):
                continue
            if self._negation.cue(norm, fuzzy.start, fuzzy.end) is not None:
                continue
            detail = f'origin phrase "{fuzzy.text}", a misspelling of "{fuzzy.target}"'
            reasons.append(_reason("fuzzy." + fuzzy.target.replace(" ", "_"), fuzzy.weight, fuzzy.text, detail, field))
        return reasons

    def match_attributes(self, attributes: Mapping[str, str]) -> list[Reason]:
        """Origin codes ("KP", "PRK", "조선") count only as the whole value of an origin attribute;
        every attribute is also searched as "name: value" text so "원산지: 조선" reads as written."""
        reasons: list[Reason] = []
        for key, value in attributes.items():
            field = f"attributes.{key}"
            rule = self._origin_values.get(normalize(value)) if key in self._origin_keys else None
            if rule is not None:
                detail = f'origin attribute "{key}" is "{value}", which means North Korea (rule {rule.id})'
                reasons.append(_reason(rule.id, rule.weight, value, detail, field))
            reasons.extend(self.match_text(f"{key}: {value}", field))
        return reasons

    def _near_place(self, hit: Hit[_Tag], spans: list[tuple[int, int]]) -> bool:
        return any(hit.start - self._context <= end and start <= hit.end + self._context for start, end in spans)
