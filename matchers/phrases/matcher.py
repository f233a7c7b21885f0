"""Find North Korean origin phrasing in listing text and origin attributes, and tell a claim
("made in North Korea", "朝鲜加工", an origin field) from a mere mention (a book about North Korea,
a flag pin, a sanctions statement, quoted news)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from matchers.canonical import Canonical, canonicalize
from matchers.phrases.fuzzy import FuzzyPairFinder
from matchers.phrases.negation import NegationCues, NegationScope
from matchers.phrases.segment import Segmenter, shared_segmenter
from matchers.phrases.text import Hit, KeywordIndex, LabelSet, drop_nested, normalize, uncovered
from matchers.phrases.vocabulary import Form, country_field_names, country_names, generate
from matchers.rules import OriginVocabulary, PhraseRules, Rules
from matchers.types import Reason

# Given normalized text, the spans of North Korean place names in it (see matchers.places).
PlaceSpans = Callable[[str], list[tuple[int, int]]]
# How far (characters, within one sentence) a mention cue reaches from a country name.
_MENTION_WINDOW = 60
_SENTENCE_BREAKS = ".!?;\n。！？；"
_SELLER_FIELDS = frozenset({"seller_location", "seller_name"})
# Separators of a list of origins in one attribute value ("CN; KP", "China / KP", "中国、朝鲜").
_VALUE_PARTS = re.compile(r"\s*[,;/|、，]\s*")


@dataclass(frozen=True)
class _Tag:
    form: Form | None = None  # a generated name or claim
    rule_id: str = ""  # a context rule (needs a North Korean place)
    weight: float = 0.0
    language: str = ""
    suppressor: bool = False
    mention_cue: bool = False


def _reason(rule_id: str, weight: float, text: str, detail: str, field: str) -> Reason:
    return Reason(
        kind="phrase", score=weight, detail=detail, matched_text=text, rule=rule_id, source="rules", field=field
    )


def _leftmost_longest(hits: list[Hit[_Tag]]) -> list[Hit[_Tag]]:
    """Of hits that overlap ("made in north korea" and "north korea wig" in "made in north korea
    wig"), keep the longer: one claim is one reason. ``hits`` come sorted by start."""
    kept: list[Hit[_Tag]] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            if hit.end - hit.start > kept[-1].end - kept[-1].start:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def negation_cues(vocabulary: OriginVocabulary) -> NegationCues:
    languages = vocabulary.languages
    locales = tuple(vocabulary.country_field.locales)
    return NegationCues(
        before=tuple(c for lang in languages for c in lang.negation.before),
        clause=tuple(c for lang in languages for c in lang.negation.clause),
        after=tuple(c for lang in languages for c in lang.negation.after),
        after_clause=tuple(c for lang in languages for c in lang.negation.after_clause),
        list_joiners=tuple(c for lang in languages for c in lang.negation.list_joiners),
        list_items=country_names(locales) | country_field_names(vocabulary.country_field),
    )


class PhraseMatcher:
    """Compiled once from ``origin_vocabulary.yml`` and ``origin_phrases.yml``; ``match_text`` is
    then a pure function of its input."""

    def __init__(
        self,
        rules: PhraseRules,
        vocabulary: OriginVocabulary,
        origin_labels: Iterable[str],
        nk_place_spans: PlaceSpans,
        *,
        mention_score: float,
        segmenter: Segmenter | None = None,
    ) -> None:
        entries: list[tuple[str, _Tag, bool]] = []
        for rule in rules.rules:
            tag = _Tag(rule_id=rule.id, weight=rule.weight, language=rule.language)
            entries.extend((pattern, tag, rule.prefix) for pattern in rule.patterns)
        entries.extend((form.pattern, _Tag(form=form), False) for form in generate(vocabulary))
        entries.extend((s, _Tag(suppressor=True), True) for s in rules.suppressors)
        cues = {cue for lang in vocabulary.languages for cue in lang.mention_cues}
        entries.extend((c, _Tag(mention_cue=True), False) for c in cues)
        self._index = KeywordIndex(entries)
        self._country_values = country_field_names(vocabulary.country_field)
        self._country_alpha2 = vocabulary.country_field.alpha2
        self._field_weight = vocabulary.weights.claim
        self._origin_keys = LabelSet(origin_labels)
        self._negation = NegationScope(rules.negation, negation_cues(vocabulary))
        self._fuzzy = FuzzyPairFinder(rules.fuzzy)
        self._nk_place_spans = nk_place_spans
        self._context = rules.context_window_chars
        self._mention_score = mention_score
        self._segmenter = segmenter if segmenter is not None else shared_segmenter()

    @classmethod
    def from_rules(cls, rules: Rules, nk_place_spans: PlaceSpans, segmenter: Segmenter | None = None) -> PhraseMatcher:
        return cls(
            rules.phrases,
            rules.vocabulary,
            rules.origin_labels.labels,
            nk_place_spans,
            mention_score=rules.scoring.mentions.score,
            segmenter=segmenter,
        )

    def match_text(
        self, text: str | Canonical, field: str, *, on_target: bool = True, origin_field: bool = False
    ) -> list[Reason]:
        """Origin phrases in one field. ``on_target``: the listing is a wig, eyelash or rattan bag,
        where naming North Korea with no claim verb still reads as an origin; ``origin_field``: the
        text is an origin attribute, where any naming of the country is a claim. Matched text is
        the substring of ``text`` as given."""
        canon = text if isinstance(text, Canonical) else canonicalize(text)
        norm = canon.text
        # Where the seller is, or what it calls itself, is about the seller, not a topic: a seller
        # located in North Korea is evidence on any product.
        origin_field = origin_field or field in _SELLER_FIELDS
        if not norm:
            return []
        hits = self._index.find(norm)
        suppressed = [(h.start, h.end) for h in hits if h.payload.suppressor]
        cues = sorted(h.start for h in hits if h.payload.mention_cue)
        candidates = [h for h in hits if not (h.payload.suppressor or h.payload.mention_cue)]
        rule_hits = [h for h in uncovered(candidates, suppressed) if self._aligned(norm, h)]
        reasons: list[Reason] = []
        place_spans: list[tuple[int, int]] | None = None
        for hit in _leftmost_longest(drop_nested(rule_hits)):
            tag = hit.payload
            if tag.form is None:  # a context rule: only beside a North Korean place
                if place_spans is None:
                    place_spans = self._nk_place_spans(norm)
                if not self._near_place(hit, place_spans):
                    continue
            if self._negation.cue(norm, hit.start, hit.end) is not None:
                continue
            shown = canon.original(hit.start, hit.end)
            reasons.append(self._classify(hit, shown, norm, cues, field, on_target, origin_field))
        exact = [(h.start, h.end) for h in rule_hits]
        for fuzzy in self._fuzzy.find(norm):
            if any(s < fuzzy.end and fuzzy.start < e for s, e in exact):
                continue
            if self._negation.cue(norm, fuzzy.start, fuzzy.end) is not None:
                continue
            shown = canon.original(fuzzy.start, fuzzy.end)
            rule = "fuzzy." + fuzzy.target.replace(" ", "_")
            if not (on_target or origin_field) or self._mention_near(norm, fuzzy.start, fuzzy.end, cues):
                detail = f'mentions "{shown}", a misspelling of "{fuzzy.target}", with no origin claim: a mention'
                reasons.append(_reason("mention." + rule, self._mention_score, shown, detail, field))
                continue
            detail = f'origin phrase "{shown}", a misspelling of "{fuzzy.target}"'
            reasons.append(_reason(rule, fuzzy.weight, shown, detail, field))
        return reasons

    def _classify(
        self, hit: Hit[_Tag], shown: str, norm: str, cues: list[int], field: str, on_target: bool, origin_field: bool
    ) -> Reason:
        tag = hit.payload
        form = tag.form
        if form is None:
            detail = f'origin phrase "{shown}" next to a North Korean place (rule {tag.rule_id})'
            return _reason(tag.rule_id, tag.weight, shown, detail, field)
        rule_id = f"{form.language}.{form.kind}"
        # "North Korean workers" is a claim in an advert and a topic in a news quote or a sanctions
        # statement; a claim verb ("made in") is a claim either way.
        if form.kind == "noun_claim" and not origin_field and self._mention_near(norm, hit.start, hit.end, cues):
            detail = (
                f'mentions "{shown}" next to words of a mention (news, sanctions, compliance ...): '
                f"a mention, not an origin claim ({form.language})"
            )
            return _reason(f"mention.{form.language}", self._mention_score, shown, detail, field)
        if form.nature == "claim":
            what = "a Sino-North Korean joint venture" if form.kind == "joint_venture" else "an origin claim"
            detail = f'origin claim "{shown}": {what} ({form.language}, rule {rule_id})'
            return _reason(rule_id, form.weight, shown, detail, field)
        if origin_field:
            where = "the seller's own field" if field in _SELLER_FIELDS else "origin field"
            detail = f'{where} names North Korea: "{shown}" ({form.language}, rule {rule_id})'
            return _reason(rule_id, self._field_weight, shown, detail, field)
        mention_cue = self._mention_near(norm, hit.start, hit.end, cues)
        if mention_cue or not on_target:
            why = (
                "next to words of a mention (book, flag, sanctions, news ...)"
                if mention_cue
                else "on a listing outside wigs, eyelashes and rattan bags"
            )
            detail = f'mentions North Korea ("{shown}") {why}: a mention, not an origin claim ({form.language})'
            return _reason(f"mention.{form.language}", self._mention_score, shown, detail, field)
        detail = (
            f'names North Korea: "{shown}" on a target-category listing, no claim verb '
            f"({form.language}, rule {rule_id})"
        )
        return _reason(rule_id, form.weight, shown, detail, field)

    def _mention_near(self, norm: str, start: int, end: int, cues: list[int]) -> bool:
        """Is a mention cue within the window and the same sentence? ``cues`` is sorted, so this
        looks only at the cues inside the window."""
        for index in range(bisect_left(cues, start - _MENTION_WINDOW), len(cues)):
            cue = cues[index]
            if cue > end + _MENTION_WINDOW:
                break
            lo, hi = (cue, start) if cue < start else (end, cue)
            if not any(c in _SENTENCE_BREAKS for c in norm[lo:hi]):
                return True
        return False

    def _aligned(self, norm: str, hit: Hit[_Tag]) -> bool:
        form = hit.payload.form
        # A name must be a whole word; a claim must at least start one ("朝鲜产品" is 朝鲜 + 产品).
        check_end = form is not None and form.nature == "name"
        return self._segmenter.aligned(norm, hit.start, hit.end, check_end=check_end)

    def match_attributes(self, attributes: Mapping[str, str], *, on_target: bool = True) -> list[Reason]:
        """An origin attribute whose whole value is a North Korea entry of the country table
        (ISO codes KP / PRK / 408, UN and World Bank names ...) is a claim; every attribute is also
        searched as "name: value" text so "원산지: 조선" reads as written."""
        reasons: list[Reason] = []
        for key, value in attributes.items():
            field = f"attributes.{key}"
            is_origin = key in self._origin_keys
            if is_origin and self._is_country_value(value):
                detail = (
                    f'origin attribute "{key}" is "{value}", the country table entry for North Korea '
                    f"(ISO 3166 {self._country_alpha2})"
                )
                reasons.append(_reason("attr.country_table", self._field_weight, value, detail, field))
            reasons.extend(self.match_text(f"{key}: {value}", field, on_target=on_target, origin_field=is_origin))
        return reasons

    def _is_country_value(self, value: str) -> bool:
        """The whole value, or one part of a list of origins ("CN; KP", "China / KP"), is in the table."""
        whole = normalize(value)
        if whole in self._country_values:
            return True
        return any(part in self._country_values for part in _VALUE_PARTS.split(whole) if part)

    def _near_place(self, hit: Hit[_Tag], spans: list[tuple[int, int]]) -> bool:
        return any(hit.start - self._context <= end and start <= hit.end + self._context for start, end in spans)
