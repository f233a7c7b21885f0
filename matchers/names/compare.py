"""Compare two prepared names: align their tokens feature by feature, apply the distinctive-token rule.

Each aligned pair records which feature made it agree (exact, romanization, spacing, Hanja reading,
spelling, synonym), so the score can be explained. The score is a weighted Dice coefficient; the gates
that follow it are what stop "Korea Trading Corporation" or "Hana Tour" from matching on shared words.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Indel

from matchers.names.hanja import readings_of_pinyin
from matchers.names.phonetic import fold
from matchers.names.rules import NameSettings, TokenClass
from matchers.names.tokenize import Token, TokenizedName


@dataclass(frozen=True, slots=True)
class Unit:
    """One token, or adjacent name tokens joined ('nam'+'chon'+'gang'), as one comparable spelling."""

    start: int
    end: int  # token span [start, end)
    cls: TokenClass
    text: str
    key: str
    keys: frozenset[str]  # key and its variant spellings
    readings: frozenset[str]
    weight: float  # total weight of the spanned tokens


@dataclass(frozen=True, slots=True)
class PreparedName:
    raw: str
    tokens: tuple[Token, ...]
    dropped: tuple[str, ...]
    weights: tuple[float, ...]
    common: tuple[bool, ...]  # per token: a name token too short or too frequent to match alone
    units: tuple[Unit, ...]
    total: float
    has_name: bool


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


def prepare(raw: str, tokenized: TokenizedName, is_common: dict[str, bool], config: NameSettings) -> PreparedName:
    """Weigh the tokens of a name and build its comparable units. ``is_common`` maps common name keys."""
    tokens = tokenized.tokens
    short = config.short_token_length
    common = tuple(t.cls == "name" and (len(t.key) <= short or is_common.get(t.key, False)) for t in tokens)
    class_weights = config.weights.model_dump()
    weights = tuple(
        config.weights.common_name if is_common_token else class_weights[t.cls]
        for t, is_common_token in zip(tokens, common, strict=True)
    )
    units = [
        Unit(i, i + 1, t.cls, t.text, t.key, frozenset([t.key, *t.variants]), t.readings, weights[i])
        for i, t in enumerate(tokens)
    ]
    for start in range(len(tokens)):
        for end in range(start + 2, min(len(tokens), start + config.max_joined_tokens) + 1):
            span = tokens[start:end]
            if any(t.cls != "name" for t in span):
                break
            text = "".join(t.text for t in span)
            key = fold(text)
            readings = readings_of_pinyin(text) | frozenset().union(*(t.readings for t in span))
            units.append(Unit(start, end, "name", text, key, frozenset([key]), readings, sum(weights[start:end])))
    return PreparedName(
        raw=raw,
        tokens=tokens,
        dropped=tokenized.dropped,
        weights=weights,
        common=common,
        units=tuple(units),
        total=sum(weights),
        has_name=any(t.cls == "name" for t in tokens),
    )


def _name_feature(query: Unit, candidate: Unit, config: NameSettings) -> tuple[str, float] | None:
    joined = query.end - query.start > 1 or candidate.end - candidate.start > 1
    features = config.features
    if query.text == candidate.text or query.keys & candidate.keys:
        if joined:
            return "spacing", features.spacing
        return ("exact", features.exact) if query.text == candidate.text else ("romanization", features.romanization)
    if query.key in candidate.readings or candidate.key in query.readings:
        return "hanja_reading", features.hanja_reading
    # Misspellings rarely hit the first letter; requiring it keeps Pyongjin apart from Yongjin.
    if min(len(query.key), len(candidate.key)) >= config.spelling_min_length and query.key[0] == candidate.key[0]:
        # One slip in a long word; in a short one a letter is a syllable (Daedong is not Daesong).
        # Two swapped letters are a typing slip in a word of any length; no romanization swaps letters.
        long_enough = min(len(query.key), len(candidate.key)) >= config.one_edit_min_length
        one_edit = OSA.distance(query.key, candidate.key, score_cutoff=1) <= 1
        swapped = one_edit and len(query.key) == len(candidate.key) and sorted(query.key) == sorted(candidate.key)
        if one_edit and (long_enough or swapped):
            return "spelling", features.spelling
        ratio = Indel.normalized_similarity(query.key, candidate.key)
        if ratio >= config.spelling_min_ratio:
            return "spelling", features.spelling * ratio
    return None


def _feature(query: Unit, candidate: Unit, config: NameSettings) -> tuple[str, float] | None:
    if query.cls != candidate.cls:
        return None
    if query.end - query.start > 1 and candidate.end - candidate.start > 1:
        return None  # two joined spans: their single tokens are compared instead
    if query.cls == "name":
        return _name_feature(query, candidate, config)
    if query.key != candidate.key:
        return None
    return ("exact", config.features.exact) if query.text == candidate.text else ("synonym", config.features.synonym)


def _align(query: PreparedName, candidate: PreparedName, config: NameSettings) -> list[Pair]:
    options = []
    for q_unit in query.units:
        for c_unit in candidate.units:
            found = _feature(q_unit, c_unit, config)
            if found is not None:
                options.append(Pair(q_unit, c_unit, found[0], found[1]))
    # Surest agreement first (an exact word before a reading of a longer joined span that contains it),
    # then single tokens before joined ones, so joined units only fill what single tokens cannot.
    options.sort(
        key=lambda p: (
            -p.similarity,
            p.query.end - p.query.start + p.candidate.end - p.candidate.start,
            -p.contribution,
        )
    )
    used_query: set[int] = set()
    used_candidate: set[int] = set()
    chosen = []
    for pair in options:
        q_span = range(pair.query.start, pair.query.end)
        c_span = range(pair.candidate.start, pair.candidate.end)
        if used_query.intersection(q_span) or used_candidate.intersection(c_span):
            continue
        used_query.update(q_span)
        used_candidate.update(c_span)
        chosen.append(pair)
    return chosen


def _unmatched(name: PreparedName, covered: set[int], classes: tuple[TokenClass, ...]) -> list[Token]:
    return [t for i, t in enumerate(name.tokens) if i not in covered and t.cls in classes]


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
        _unmatched(query, covered_query, ("name",)) or _unmatched(candidate, covered_candidate, ("name",))
    ):
        return "only a common or short token agrees and another distinctive word is unmatched"
    content: tuple[TokenClass, ...] = ("name", "descriptor")
    if (
        not distinctive
        and _unmatched(query, covered_query, content)
        and _unmatched(candidate, covered_candidate, content)
    ):
        return "only a common or short token agrees and the other words differ"
    return None


def _unmatched_weights(name: PreparedName, covered: set[int], goods: frozenset[str]) -> tuple[float, float, float]:
    """Weight of the unaligned optional (place, seller goods), name and sector tokens of ``name``."""
    place = names = sector = 0.0
    for i, (token, weight) in enumerate(zip(name.tokens, name.weights, strict=True)):
        if i in covered:
            continue
        if token.cls == "place" or (token.cls == "descriptor" and token.key in goods):
            place += weight
        elif token.cls == "name":
            names += weight
        elif token.cls == "descriptor" and token.key not in goods:
            sector += weight
    return place, names, sector


def compare(
    query: PreparedName, candidate: PreparedName, config: NameSettings, goods: frozenset[str] = frozenset()
) -> Comparison:
    """Weighted Dice of the aligned tokens, less a penalty for distinctive words found on one side only.

    The Dice score alone ranks MINISTRY OF STATE SECURITY PRISONS BUREAU close to MINISTRY OF STATE
    SECURITY; a word like PRISONS that one name has and the other lacks names a different entry, so it
    costs more than its share of the weight. So does a sector word on one side only (BANK); ``goods``
    are the descriptors sellers add to any name (hair, wig), which cost nothing extra.
    """
    pairs = _align(query, candidate, config)
    covered_query = {i for p in pairs for i in range(p.query.start, p.query.end)}
    covered_candidate = {i for p in pairs for i in range(p.candidate.start, p.candidate.end)}
    rejected = _rejection(query, candidate, pairs, covered_query, covered_candidate)
    if rejected is not None:
        return Comparison(0.0, tuple(pairs), rejected)
    query_place, query_names, query_sector = _unmatched_weights(query, covered_query, goods)
    candidate_place, candidate_names, candidate_sector = _unmatched_weights(candidate, covered_candidate, goods)
    # Sellers add their city and goods, the lists add KOREA: such words on one side only count for less.
    total = query.total + candidate.total - (1.0 - config.one_side_only_factor) * (query_place + candidate_place)
    score = sum(p.contribution for p in pairs) / total if total else 0.0
    score -= config.unmatched_name_penalty * (query_names + candidate_names)
    score -= config.unmatched_sector_penalty * (query_sector + candidate_sector)
    return Comparison(min(max(score, 0.0), 1.0), tuple(pairs), None)
