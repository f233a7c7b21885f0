"""North Korean places and Chinese border hubs named by a listing (rules in rules/places.yml)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from matchers.phrases.text import Hit, KeywordIndex, LabelSet, covered, drop_nested, normalize
from matchers.rules import Place, PlaceRules
from matchers.types import Reason, ScreenInput


@dataclass(frozen=True)
class PlaceName:
    place: Place
    # The name is also an ordinary word or another place (나선 "spiral"): it counts only when the
    # listing names North Korea some other way.
    needs_context: bool

    @property
    def is_clear_nk(self) -> bool:
        """A North Korean place name that means nothing else: context for other signals."""
        return self.place.kind == "nk" and not self.place.ambiguous and not self.needs_context


@dataclass(frozen=True)
class _Tag:
    name: PlaceName | None  # None marks a suppressor ("pyongyang naengmyeon")


class PlaceIndex:
    def __init__(self, rules: PlaceRules, origin_labels: Iterable[str] = ()) -> None:
        entries: list[tuple[str, _Tag, bool]] = [
            (n, _Tag(PlaceName(p, n in p.needs_context)), False) for p in rules.places for n in p.names
        ]
        entries.extend((s, _Tag(None), True) for s in rules.suppressors)
        self._index = KeywordIndex(entries)
        self._scores = rules.scores
        # Where the goods were made is where they are located, as far as places are concerned.
        self._location_keys = LabelSet(rules.location_attribute_keys) | LabelSet(origin_labels)

    def find(self, normalized_text: str) -> list[Hit[PlaceName]]:
        """Place names in normalized text, minus those inside a suppressor phrase."""
        hits = self._index.find(normalized_text)
        suppressed = [(h.start, h.end) for h in hits if h.payload.name is None]
        kept = [h for h in hits if h.payload.name is not None and not covered(h, suppressed)]
        return [Hit(h.start, h.end, h.text, h.payload.name) for h in drop_nested(kept) if h.payload.name]

    def nk_spans(self, normalized_text: str) -> list[tuple[int, int]]:
        """Spans of clear North Korean place names, the context some phrase rules need
        (Indonesian "rajin" must not turn "factory in" into a North Korean claim)."""
        return [(h.start, h.end) for h in self.find(normalized_text) if h.payload.is_clear_nk]

    def match(self, listing: ScreenInput, *, target_category: bool, nk_context: bool = False) -> list[Reason]:
        """Place reasons for one listing. Hubs and ambiguous places count only on target categories,
        because a Dandong seller of lamps tells us nothing about wigs. Names that need context count
        only when ``nk_context`` (another matcher found North Korea) or a clear North Korean place
        is named elsewhere in the listing."""
        found = [
            (field, hit.payload, hit.text, is_location)
            for field, text, is_location in self._fields(listing)
            for hit in self.find(normalize(text))
        ]
        context = nk_context or any(name.is_clear_nk for _, name, _, _ in found)
        reasons: list[Reason] = []
        for field, name, text, is_location in found:
            place = name.place
            if (place.kind == "hub" or place.ambiguous) and not target_category:
                continue
            if name.needs_context and not context:
                continue
            reasons.append(self._reason(place, text, field, is_location))
        return reasons

    def _fields(self, listing: ScreenInput) -> list[tuple[str, str, bool]]:
        fields = [
            ("seller_location", listing.seller_location, True),
            ("title", listing.title, False),
            ("description", listing.description, False),
        ]
        for key, value in listing.attributes.items():
            fields.append((f"attributes.{key}", value, key in self._location_keys))
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
