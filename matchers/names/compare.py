"""Compare two prepared names: align their tokens feature by feature, apply the distinctive-token rule.

Each aligned pair records which feature made it agree (exact, romanization, spacing, Hanja reading,
spelling, synonym), so the score can be explained. The score is a weighted Dice coefficient; the gates
that follow it are what stop "Korea Trading Corporation" or "Hana Tour" from matching on shared words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import NamedTuple

from rapidfuzz.distance import OSA, Indel

from matchers.names.phonetic import fold
from matchers.names.rules import NameSettings, TokenClass
from matchers.names.tokenize import Token, TokenizedName


class Unit(NamedTuple):
    """One token, or adjacent name tokens joined ('nam'+'chon'+'gang'), as one comparable spelling.

    A named tuple, not a frozen dataclass: every query builds a handful of these, and a frozen
    dataclass sets each field through ``object.__setattr__``, which cost a fifth of the query time.
    """

    start: int
    end: int  # token span [start, end)
    cls: TokenClass
    text: str
    key: str
    keys: frozenset[str]  # key and its variant spellings
    readings: frozenset[str]
    weight: float  # total weight of the spanned tokens
    joined: bool  # spans more than one token


# What a token costs when it is left unaligned, as list positions (the score ceiling sums by kind):
# a place counts less, a name, seller-goods or sector word is penalised, a generic word just loses its
# weight. A goods word (hair, wig, beauty) on one side only is a distinctive difference: "X Beauty
# Group" is another company than X GROUP, or at best a weaker lead.
OPTIONAL, NAME, SECTOR, OTHER = 0, 1, 2, 3


def _unaligned_kind(token: Token, goods: frozenset[str]) -> int:
    if token.cls == "place":
        return OPTIONAL
    if token.cls == "name" or (token.cls == "descriptor" and token.key in goods):
        return NAME
    return SECTOR if token.cls == "descriptor" else OTHER


_NO_KEYS: frozenset[str] = frozenset()


@lru_cache(maxsize=262144)
def _spellings(key: str, variants: frozenset[str]) -> frozenset[str]:
    """One shared set per spelling: a million indexed names repeat the same keys."""
    return frozenset([key, *variants])


# Readings of a joined span of pinyin tokens ("jin"+"xiang"): the tokenizer's Hanja table, injected.
Readings = Callable[[str], frozenset[str]]


def _no_readings(text: str) -> frozenset[str]:
    return frozenset()


@dataclass(frozen=True, slots=True)
class PreparedName:
    raw: str
    tokens: tuple[Token, ...]
    dropped: tuple[str, ...]
    weights: tuple[float, ...]
    common: tuple[bool, ...]  # per token: a name token too short, too frequent or too ordinary to match alone
    goods: tuple[bool, ...]  # per token: a seller-goods word (hair, wig): a difference when unmatched
    units: tuple[Unit, ...]
    total: float
    has_name: bool
    kinds: tuple[int, ...]  # per token: OPTIONAL, NAME, SECTOR or OTHER
    kind_totals: tuple[float, float, float, float]  # token weight by kind
    # Built once per name so a comparison loops over name units only and looks the other words up.
    name_units: tuple[int, ...]  # positions in ``units`` of name units (single and joined)
    word_units: tuple[int, ...]  # positions of the other units (one token each)
    words_by_key: dict[tuple[TokenClass, str], tuple[int, ...]]  # (class, canonical word) -> positions


@dataclass(frozen=True, slots=True)
class Pair:
    query: Unit
    candidate: Unit
    feature: str
    similarity: float

    @property
    def contribution(self) -> float:
        return self.similarity * (self.query.weight + self.candidate.weight)


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float
    pairs: tuple[Pair, ...]
    rejected: str | None  # why the distinctive-token rule refused the match, or None


def prepare(
    raw: str,
    tokenized: TokenizedName,
    is_common: dict[str, bool],
    config: NameSettings,
    goods: frozenset[str] = frozenset(),
    readings: Readings = _no_readings,
) -> PreparedName:
    """Weigh the tokens of a name and build its comparable units.

    ``is_common`` maps common name keys; ``goods`` are the descriptors sellers add to any name (hair,
    wig), a distinctive difference when only one name has them; ``readings`` gives the Sino-Korean
    readings of a joined pinyin span.
    """
    tokens = tokenized.tokens
    short = config.short_token_length
    class_weights = {
        "name": config.weights.name,
        "descriptor": config.weights.descriptor,
        "generic": config.weights.generic,
        "place": config.weights.place,
    }
    # One pass over the tokens builds every per-token table: this runs once per query, on the hot path.
    weights: list[float] = []
    common: list[bool] = []
    kinds: list[int] = []
    units: list[Unit] = []
    kind_totals = [0.0, 0.0, 0.0, 0.0]
    words_by_key: dict[tuple[TokenClass, str], list[int]] = {}
    name_units: list[int] = []
    word_units: list[int] = []
    for i, t in enumerate(tokens):
        is_name = t.cls == "name"
        is_common_token = is_name and (len(t.key) <= short or t.dictionary or is_common.get(t.key, False))
        weight = config.weights.common_name if is_common_token else class_weights[t.cls]
        kind = _unaligned_kind(t, goods)
        weights.append(weight)
        common.append(is_common_token)
        kinds.append(kind)
        kind_totals[kind] += weight
        # Only name units are compared by spelling; other words are looked up by (class, key).
        keys = _spellings(t.key, t.variants) if is_name else _NO_KEYS
        units.append(Unit(i, i + 1, t.cls, t.text, t.key, keys, t.readings, weight, False))
        if is_name:
            name_units.append(i)
        else:
            word_units.append(i)
            words_by_key.setdefault((t.cls, t.key), []).append(i)
    for start in range(len(tokens)):
        for end in range(start + 2, min(len(tokens), start + config.max_joined_tokens) + 1):
            span = tokens[start:end]
            if any(t.cls != "name" for t in span):
                break
            text = "".join(t.text for t in span)
            key = fold(text)
            joined = readings(text).union(*(t.readings for t in span)) or _NO_KEYS
            weight = sum(weights[start:end])
            name_units.append(len(units))
            units.append(Unit(start, end, "name", text, key, _spellings(key, _NO_KEYS), joined, weight, True))
    return PreparedName(
        raw=raw,
        tokens=tokens,
        dropped=tokenized.dropped,
        weights=tuple(weights),
        common=tuple(common),
        goods=tuple(t.cls == "descriptor" and t.key in goods for t in tokens),
        units=tuple(units),
        total=sum(weights),
        has_name=NAME in kinds,
        kinds=tuple(kinds),
        kind_totals=(kind_totals[0], kind_totals[1], kind_totals[2], kind_totals[3]),
        name_units=tuple(name_units),
        word_units=tuple(word_units),
        words_by_key={key: tuple(positions) for key, positions in words_by_key.items()},
    )


def name_feature(query: Unit, candidate: Unit, config: NameSettings) -> tuple[str, float] | None:
    """The feature that makes two name units agree (exact, romanization ...) and its score, or None."""
    joined = query.joined or candidate.joined
    features = config.features
    if query.text == candidate.text or not query.keys.isdisjoint(candidate.keys):
        if joined:
            return "spacing", features.spacing
        return ("exact", features.exact) if query.text == candidate.text else ("romanization", features.romanization)
    if query.key in candidate.readings or candidate.key in query.readings:
        return "hanja_reading", features.hanja_reading
    # Misspellings rarely hit the first letter; requiring it keeps Pyongjin apart from Yongjin.
    query_length, candidate_length = len(query.key), len(candidate.key)
    shorter = min(query_length, candidate_length)
    if shorter < config.spelling_min_length or query.key[0] != candidate.key[0]:
        return None
    # Indel similarity is at most 2 * shorter / (sum of lengths): a length gap that alone keeps the
    # ratio below spelling_min_ratio needs more than one edit, so neither test below can pass.
    if abs(query_length - candidate_length) > 1 and 2 * shorter < config.spelling_min_ratio * (
        query_length + candidate_length
    ):
        return None
    # One slip in a long word; in a short one a letter is a syllable (Daedong is not Daesong).
    # Two swapped letters are a typing slip in a word of any length; no romanization swaps letters.
    long_enough = shorter >= config.one_edit_min_length
    one_edit = OSA.distance(query.key, candidate.key, score_cutoff=1) <= 1
    swapped = one_edit and query_length == candidate_length and sorted(query.key) == sorted(candidate.key)
    if one_edit and (long_enough or swapped):
        return "spelling", features.spelling
    ratio = Indel.normalized_similarity(query.key, candidate.key, score_cutoff=config.spelling_min_ratio)
    if ratio >= config.spelling_min_ratio:
        return "spelling", features.spelling * ratio
    return None


# An alignment option: sort key fields first (surest agreement, narrowest spans, largest contribution,
# then the units' order so ties resolve the same way every time), then the feature and its score.
_Option = tuple[float, int, float, int, int, str, float]


# Which feature makes two name units agree, and its score: ``name_feature`` with the settings bound,
# possibly cached (the index caches it: the same token pairs recur across sellers).
NameFeature = Callable[[Unit, Unit], "tuple[str, float] | None"]


def name_feature_for(config: NameSettings) -> NameFeature:
    return partial(name_feature, config=config)


def _name_options(query: PreparedName, candidate: PreparedName, feature: NameFeature) -> list[_Option]:
    """Every pair of name units that agrees by some feature.

    Two joined spans are never compared: their single tokens are compared instead.
    """
    options: list[_Option] = []
    candidate_units = candidate.units
    for q_index in query.name_units:
        q_unit = query.units[q_index]
        for c_index in candidate.name_units:
            c_unit = candidate_units[c_index]
            if q_unit.joined and c_unit.joined:
                continue
            found = feature(q_unit, c_unit)
            if found is not None:
                weight = q_unit.weight + c_unit.weight
                span = q_unit.end - q_unit.start + c_unit.end - c_unit.start
                options.append((-found[1], span, -found[1] * weight, q_index, c_index, found[0], found[1]))
    return options


def _word_options(query: PreparedName, candidate: PreparedName, config: NameSettings) -> list[_Option]:
    """Pairs of other words that agree: the same class and canonical word, so looked up, not scanned."""
    options: list[_Option] = []
    candidate_units = candidate.units
    exact, synonym = config.features.exact, config.features.synonym
    for q_index in query.word_units:
        q_unit = query.units[q_index]
        for c_index in candidate.words_by_key.get((q_unit.cls, q_unit.key), ()):
            c_unit = candidate_units[c_index]
            feature, similarity = ("exact", exact) if q_unit.text == c_unit.text else ("synonym", synonym)
            weight = q_unit.weight + c_unit.weight
            options.append((-similarity, 2, -similarity * weight, q_index, c_index, feature, similarity))
    return options


def _align(query: PreparedName, candidate: PreparedName, options: list[_Option]) -> list[Pair]:
    # Surest agreement first (an exact word before a reading of a longer joined span that contains it),
    # then single tokens before joined ones, so joined units only fill what single tokens cannot.
    options.sort()
    used_query: set[int] = set()
    used_candidate: set[int] = set()
    chosen = []
    for *_, q_index, c_index, feature, similarity in options:
        q_unit, c_unit = query.units[q_index], candidate.units[c_index]
        q_span = range(q_unit.start, q_unit.end)
        c_span = range(c_unit.start, c_unit.end)
        if not used_query.isdisjoint(q_span) or not used_candidate.isdisjoint(c_span):
            continue
        used_query.update(q_span)
        used_candidate.update(c_span)
        chosen.append(Pair(q_unit, c_unit, feature, similarity))
    return chosen


def _unmatched(name: PreparedName, covered: set[int], classes: tuple[TokenClass, ...]) -> list[Token]:
    return [t for i, t in enumerate(name.tokens) if i not in covered and t.cls in classes]


def _unmatched_distinctive(name: PreparedName, covered: set[int]) -> bool:
    """A name token or a seller-goods word that found no partner: the names differ in what they name."""
    return any(i not in covered and (t.cls == "name" or name.goods[i]) for i, t in enumerate(name.tokens))


def _rejection(
    query: PreparedName,
    candidate: PreparedName,
    pairs: list[Pair],
    covered_query: set[int],
    covered_candidate: set[int],
) -> str | None:
    """The distinctive-token rule: why these names must not match even if many words agree, or None."""
    if query.has_name != candidate.has_name:
        return "only one name has a distinctive token"
    if not query.has_name:
        # Nothing distinctive on either side ("Korea Zinc Industrial Group"): every word must agree.
        # Places aside: sellers add their city and the lists add KOREA.
        everything: tuple[TokenClass, ...] = ("descriptor", "generic")
        if _unmatched(query, covered_query, everything) or _unmatched(candidate, covered_candidate, everything):
            return "no distinctive token, and not every word agrees"
        if not any(p.query.cls == "descriptor" for p in pairs):
            return "a place or generic word alone is not distinctive"
        return None
    name_pairs = [p for p in pairs if p.query.cls == "name"]
    if not name_pairs:
        return "no distinctive token agrees"
    distinctive = any(
        not all(query.common[p.query.start : p.query.end])
        or not all(candidate.common[p.candidate.start : p.candidate.end])
        for p in name_pairs
    )
    if not distinctive and len(pairs) == 1:
        return "a single common or short token agrees and nothing else does"
    if not distinctive and (
        _unmatched_distinctive(query, covered_query) or _unmatched_distinctive(candidate, covered_candidate)
    ):
        return "only common, short or dictionary words agree and another distinctive word is unmatched"
    content: tuple[TokenClass, ...] = ("name", "descriptor")
    if (
        not distinctive
        and _unmatched(query, covered_query, content)
        and _unmatched(candidate, covered_candidate, content)
    ):
        return "only a common or short token agrees and the other words differ"
    return None


def _unmatched_weights(name: PreparedName, covered: set[int]) -> tuple[float, float, float]:
    """Weight of the unaligned optional (place, seller goods), name and sector tokens of ``name``."""
    place = names = sector = 0.0
    for i, (kind, weight) in enumerate(zip(name.kinds, name.weights, strict=True)):
        if i in covered:
            continue
        if kind == OPTIONAL:
            place += weight
        elif kind == NAME:
            names += weight
        elif kind == SECTOR:
            sector += weight
    return place, names, sector


def _score(query: PreparedName, candidate: PreparedName, config: NameSettings, options: list[_Option]) -> Comparison:
    pairs = _align(query, candidate, options)
    covered_query = {i for p in pairs for i in range(p.query.start, p.query.end)}
    covered_candidate = {i for p in pairs for i in range(p.candidate.start, p.candidate.end)}
    rejected = _rejection(query, candidate, pairs, covered_query, covered_candidate)
    if rejected is not None:
        return Comparison(0.0, tuple(pairs), rejected)
    query_place, query_names, query_sector = _unmatched_weights(query, covered_query)
    candidate_place, candidate_names, candidate_sector = _unmatched_weights(candidate, covered_candidate)
    # Sellers add their city and goods, the lists add KOREA: such words on one side only count for less.
    total = query.total + candidate.total - (1.0 - config.one_side_only_factor) * (query_place + candidate_place)
    score = sum(p.contribution for p in pairs) / total if total else 0.0
    score -= config.unmatched_name_penalty * (query_names + candidate_names)
    score -= config.unmatched_sector_penalty * (query_sector + candidate_sector)
    return Comparison(min(max(score, 0.0), 1.0), tuple(pairs), None)


def compare(query: PreparedName, candidate: PreparedName, config: NameSettings) -> Comparison:
    """Weighted Dice of the aligned tokens, less a penalty for distinctive words found on one side only.

    The Dice score alone ranks MINISTRY OF STATE SECURITY PRISONS BUREAU close to MINISTRY OF STATE
    SECURITY; a word like PRISONS that one name has and the other lacks names a different entry, so it
    costs more than its share of the weight. So does a sector word on one side only (BANK); the seller
    goods given to ``prepare`` (hair, wig) cost nothing extra.
    """
    options = _name_options(query, candidate, name_feature_for(config)) + _word_options(query, candidate, config)
    return _score(query, candidate, config, options)


def _score_ceiling(query: PreparedName, candidate: PreparedName, config: NameSettings, options: list[_Option]) -> float:
    """A score ``compare`` cannot exceed, from which tokens could align at all (no alignment needed).

    The best case aligns every token some option covers, at the best option's similarity. That case is
    also the best ratio: aligning a token adds its full weight above the line and at most that much below
    (a place counted at a share). Tokens no option covers stay unmatched in every alignment, so their
    penalties are certain. Needs 0 <= one_side_only_factor <= 1 and penalties >= 0 (rules.py checks).
    """
    best = 0.0
    covered_query: set[int] = set()
    covered_candidate: set[int] = set()
    for option in options:
        best = max(best, option[6])
        q_unit, c_unit = query.units[option[3]], candidate.units[option[4]]
        covered_query.update(range(q_unit.start, q_unit.end))
        covered_candidate.update(range(c_unit.start, c_unit.end))
    # Weight by kind of the tokens some option covers: few tokens, so cheaper than their complement.
    aligned = [0.0, 0.0, 0.0, 0.0]
    for i in covered_query:
        aligned[query.kinds[i]] += query.weights[i]
    for i in covered_candidate:
        aligned[candidate.kinds[i]] += candidate.weights[i]
    query_totals, candidate_totals = query.kind_totals, candidate.kind_totals
    unaligned_optional = query_totals[OPTIONAL] + candidate_totals[OPTIONAL] - aligned[OPTIONAL]
    total = query.total + candidate.total - (1.0 - config.one_side_only_factor) * unaligned_optional
    if not total:
        return 0.0
    unaligned_names = query_totals[NAME] + candidate_totals[NAME] - aligned[NAME]
    unaligned_sector = query_totals[SECTOR] + candidate_totals[SECTOR] - aligned[SECTOR]
    return (
        best * sum(aligned) / total
        - config.unmatched_name_penalty * unaligned_names
        - config.unmatched_sector_penalty * unaligned_sector
    )


# Float sums in another order may differ in the last bits: a ceiling this close to the floor is compared.
_CEILING_SLACK = 1e-9


def compare_at_least(
    query: PreparedName,
    candidate: PreparedName,
    config: NameSettings,
    floor: float,
    feature: NameFeature | None = None,
) -> Comparison | None:
    """``compare``, or None when the names are refused or cannot score ``floor``: for screening many.

    Most candidates a blocking key brings in share no distinctive token that aligns, or align too little
    to reach the threshold; both are known from the feature options alone, before the alignment and the
    distinctive-token rule run.
    """
    if query.has_name != candidate.has_name:
        return None
    options = _name_options(query, candidate, feature or name_feature_for(config))
    if query.has_name and not options:
        return None  # no distinctive token agrees
    options += _word_options(query, candidate, config)
    if _score_ceiling(query, candidate, config, options) < floor - _CEILING_SLACK:
        return None
    comparison = _score(query, candidate, config, options)
    return comparison if comparison.rejected is None and comparison.score >= floor else None
