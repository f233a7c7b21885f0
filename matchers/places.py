"""North Korean places and Chinese border hubs named by a listing.

Rules in rules/places.yml (hand-tuned places, hubs, suppressors) and rules/places_gazetteer.yml (every
DPRK province, special city, city and listed county in every script). Hubs count in the seller's
location, the seller's name and the text; North Korean places in the location and the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from matchers.phrases.text import Hit, KeywordIndex, LabelSet, covered, drop_nested, normalize
from matchers.rules import Place, PlaceRules
from matchers.rules.gazetteer import Gazetteer, GazetteerPlace
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


_HANGUL_SUFFIX = {"city": "시", "county": "군", "special_city": "시", "province": ""}
_HAN_SUFFIX = {"city": "市", "county": "郡", "special_city": "市", "province": ""}


def with_gazetteer(places: Iterable[Place], gazetteer: Gazetteer) -> list[Place]:
    """places.yml's places with the gazetteer's names added, then the gazetteer's other entries.

    A place in both keeps places.yml's flags and context names, and gains the gazetteer's spellings.
    Latin names count alone unless the entry is latin_ambiguous. Bare Hangul names of two syllables and
    Han names of up to three characters (China has an 安州, a 定州市, a 会宁 ...) need North Korean
    context; a Hangul name with its administrative suffix (온성군, 사리원시) counts alone unless South
    Korea has a place of that name.
    """
    listed = {place.id: place for place in places}
    merged = dict(listed)
    for entry in gazetteer.places:
        found = _place(entry)
        known = listed.get(entry.id)
        if known is None:
            merged[entry.id] = found
            continue
        added = [n for n in found.names if n not in known.names]
        merged[entry.id] = known.model_copy(
            update={
                "names": [*known.names, *added],
                "needs_context": [*known.needs_context, *(n for n in found.needs_context if n in added)],
            }
        )
    return list(merged.values())


def _plain(name: str) -> str:
    """A romanization as people type it: no breves, no apostrophes (P'yŏngan -> Pyongan)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'’ʼ‘`")


def _place(entry: GazetteerPlace) -> Place:
    latin = list(dict.fromkeys(v for name in (entry.mr, entry.rr, *entry.also) for v in (name, _plain(name))))
    hangul = [entry.hangul]
    suffix = _HANGUL_SUFFIX[entry.level]
    if suffix and not entry.hangul.endswith(suffix):
        hangul.append(entry.hangul + suffix)
    han = [entry.han] if entry.han else []
    if entry.han and _HAN_SUFFIX[entry.level]:
        han.append(entry.han + _HAN_SUFFIX[entry.level])
    context = [name for name in han if len(name) <= 3]
    context += [name for name in hangul if len(name) <= 2 or entry.south_korean_homonym]
    if entry.latin_ambiguous:
        context += latin
    names = list(dict.fromkeys([*latin, *hangul, *han]))
    return Place(
        id=entry.id,
        kind="nk",
        names=names,
        needs_context=list(dict.fromkeys(n for n in context if n in names)),
        note=entry.note,
    )


class PlaceIndex:
    def __init__(
        self, rules: PlaceRules, origin_labels: Iterable[str] = (), gazetteer: Gazetteer | None = None
    ) -> None:
        places = list(rules.places) if gazetteer is None else with_gazetteer(rules.places, gazetteer)
        entries: list[tuple[str, _Tag, bool]] = [
            (n, _Tag(PlaceName(p, n in p.needs_context)), False) for p in places for n in p.names
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
            if field == "seller_name" and place.kind != "hub":
                continue  # a North Korean place in a seller's name is the name matcher's business
            if name.needs_context and not context:
                continue
            reasons.append(self._reason(place, text, field, is_location))
        return reasons

    def _fields(self, listing: ScreenInput) -> list[tuple[str, str, bool]]:
        fields = [
            ("seller_location", listing.seller_location, True),
            ("seller_name", listing.seller_name, True),  # "Dandong Xinyu Hair Co." is located in Dandong
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
