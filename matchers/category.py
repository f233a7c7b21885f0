"""Which target category a listing belongs to: wig | eyelash | rattan_bag | other."""

from __future__ import annotations

from dataclasses import dataclass

from matchers.phrases.text import KeywordIndex, drop_nested, normalize, uncovered
from matchers.rules import CategoryRules
from matchers.types import Reason, ScreenInput

OTHER = "other"


@dataclass(frozen=True)
class _Tag:
    category: str
    role: str  # "keyword" | "material" | "object" | "exclude"


class CategoryClassifier:
    def __init__(self, rules: CategoryRules) -> None:
        entries: list[tuple[str, _Tag, bool]] = []
        for category in rules.categories:
            for role, words in (
                ("keyword", category.keywords),
                ("material", category.materials),
                ("object", category.objects),
                ("exclude", category.exclude),
            ):
                entries.extend((w, _Tag(category.id, role), False) for w in words)
        self._index = KeywordIndex(entries)
        self._order: list[str] = [c.id for c in rules.categories]
        self._score = rules.score
        self._title_weight = rules.title_weight
        self._min_evidence = rules.min_evidence
        self._max_hits = rules.max_hits_per_field

    def _evidence(self, text: str) -> dict[str, tuple[float, str]]:
        """Per category: keyword evidence in this text and the first word that supplied it."""
        hits = self._index.find(normalize(text), limit=self._max_hits)
        excluded = [(h.start, h.end) for h in hits if h.payload.role == "exclude"]
        found: dict[str, tuple[float, str]] = {}
        materials: dict[str, str] = {}
        objects: set[str] = set()
        # "false lashes" is one keyword, not also "lashes".
        for hit in uncovered(drop_nested(hits), excluded):
            tag = hit.payload
            if tag.role == "exclude":
                continue
            if tag.role == "keyword":
                count, word = found.get(tag.category, (0.0, hit.text))
                found[tag.category] = (count + 1.0, word)
            elif tag.role == "material":
                materials.setdefault(tag.category, hit.text)
            else:
                objects.add(tag.category)
        for category, word in materials.items():
            if category in objects and category not in found:
                found[category] = (1.0, word)
        return found

    def classify(self, listing: ScreenInput) -> tuple[str, list[Reason]]:
        """The best-supported category (title counts double) and one low-score reason explaining it."""
        totals: dict[str, float] = {}
        words: dict[str, str] = {}
        fields = [("title", listing.title, self._title_weight), ("description", listing.description, 1.0)]
        fields.extend((f"attributes.{k}", f"{k} {v}", 1.0) for k, v in listing.attributes.items())
        first_field: dict[str, str] = {}
        for field, text, weight in fields:
            if not text:
                continue
            for category, (count, word) in self._evidence(text).items():
                totals[category] = totals.get(category, 0.0) + count * weight
                words.setdefault(category, word)
                first_field.setdefault(category, field)
        if not totals:
            return OTHER, []
        best = max(totals, key=lambda c: (totals[c], -self._order.index(c)))
        if totals[best] < self._min_evidence:
            return OTHER, []
        detail = f'category {best}: "{words[best]}" in {first_field[best]} (keyword weight {totals[best]:g})'
        reason = Reason(
            kind="category",
            score=self._score,
            detail=detail,
            matched_text=words[best],
            rule=f"category.{best}",
            source="rules",
            field=first_field[best],
        )
        return best, [reason]
