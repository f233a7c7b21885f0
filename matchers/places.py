"""North Korean places and Chinese border hubs named by a listing (rules in rules/places.yml)."""

from __future__ import annotations

from dataclasses import dataclass

from matchers.phrases.text import Hit, KeywordIndex, covered, drop_nested, normalize
from matchers.rules import Place, PlaceRules
from matchers.types import Reason, ScreenInput


@dataclass(frozen=True)
class _Tag:
    place: Place | None  # None marks a suppressor ("pyongyang naengmyeon")


class PlaceIndex:
    def __init__(self, rules: PlaceRules) -> None:
        entries: list[tuple[str, _Tag, bool]] = [(n, _Tag(p), False) for p in rules.places for n in p.names]
        entries.extend((s, _Tag(None), True) for s in rules.suppressors)
        self._index = KeywordIndex(entries)
        self._scores = rules.scores
        self._location_keys = frozenset(normalize(k) for k in rules.location_attribute_keys)

    def find(self, normalized_text: str) -> list[Hit[Place]]:
        """Place names in normalized text, minus those inside a suppressor phrase."""
        hits = self._index.find(normalized_text)
        suppressed = [(h.start, h.end) for h in hits if h.payload.place is None]
        kept = [h for h in hits if h.payload.place is not None and not covered(h, suppressed)]
        return [Hit(h.start, h.end, h.text, h.payload.place) for h in drop_nested(kept) if h.payload.place]

    def nk_spans(self, normalized_text: str) -> list[tuple[int, int]]:
        """Spans of unambiguous North Korean place names, the context some phrase rules need
        (Indonesian "rajin" must not turn "factory in" into a North Korean claim)."""
        hits = self.find(normalized_text)
        return [(h.start, h.end) for h in hits if h.payload.kind == "nk" and not h.payload.ambiguous]

    def match(self, listing: ScreenInput, *, target_category: bool) -> list[Reason]:
        """Place reasons for one listing. Hubs and ambiguous names count only on target categories,
        because a Dandong seller of lamps tells us nothing about wigs."""
        reasons: list[Reason] = []
        for field, text, is_location in self._fields(listing):
            for hit in self.find(normalize(text)):
                place = hit.payload
                if (place.kind == "hub" or place.ambiguous) and not target_category:
                    continue
                reasons.append(self._reason(place, hit.text, field, is_location))
        return reasons

    def _fields(self, listing: ScreenInput) -> list[tuple[str, str, bool]]:
        fields = [
            ("seller_location", listing.seller_location, True),
            ("title", listing.title, False),
            ("description", listing.description, False),
        ]
        for key, value in listing.attributes.items():
            fields.append((f"attributes.{key}", value, normalize(key) in self._location_keys))
        return [f for f in fields if f[1]]

    def _reason(self, place: Place, text: str, field: str, is_location: bool) -> Reason:
        s = self._scores
        if place.kind == "nk":
            score = s.nk_location if is_location else s.nk_text
            what = "seller or goods located in" if is_location else "mentions"
            detail = f'{what} North Korean place "{text}" ({place.id})'
        else:
            score = s.hub_location if is_location else s.hub_text
            what = "seller located in" if is_location else "mentions"
            detail = f'{what} Chinese border hub "{text}" ({place.id}); weak signal on a target category'
        return Reason(
            kind="place",
            score=score,
            detail=detail,
            matched_text=text,
            rule=f"place.{place.kind}.{place.id}",
            source="rules",
            field=field,
        )
