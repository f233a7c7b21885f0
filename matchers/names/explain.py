"""Write a name match for a reviewer: which words agreed, by which feature, and what was ignored."""

from __future__ import annotations

from matchers.names.compare import Comparison, Pair, PreparedName
from watchlists.model import Alias, Entity

_FEATURE_WORDS = {
    "exact": "exactly",
    "romanization": "as romanization variants",
    "spacing": "once spacing is ignored",
    "hanja_reading": "as pinyin and Sino-Korean readings of the same characters",
    "spelling": "allowing a misspelling",
    "synonym": "as synonyms",
    "initialism": "as the initials of the listed name",
}


def _pair_text(pair: Pair) -> str:
    if pair.query.text == pair.candidate.text:
        return pair.query.text
    return f"{pair.query.text}~{pair.candidate.text}"


def _by_feature(pairs: list[Pair]) -> str:
    groups: dict[str, list[str]] = {}
    for pair in pairs:
        groups.setdefault(pair.feature, []).append(_pair_text(pair))
    return ", ".join(f"{'+'.join(texts)} {_FEATURE_WORDS[feature]}" for feature, texts in groups.items())


def describe(
    *,
    field_label: str,
    query: PreparedName,
    alias: Alias,
    entity: Entity,
    source_label: str,
    comparison: Comparison,
    score: float,
    weak_support: Alias | None,
    reading_only: bool = False,
    goods_only: bool = False,
) -> str:
    names = [p for p in comparison.pairs if p.query.cls == "name"]
    others = [p for p in comparison.pairs if p.query.cls != "name"]
    parts = []
    if names:
        parts.append(f"distinctive tokens {_by_feature(names)}")
    if others:
        parts.append("also agree: " + ", ".join(f"{_pair_text(p)} ({p.query.cls})" for p in others))
    if query.dropped:
        parts.append("legal forms ignored")
    if goods_only:
        paired = {i for p in comparison.pairs for i in range(p.query.start, p.query.end)}
        added = sorted({t.text for i, t in enumerate(query.tokens) if query.goods[i] and i not in paired})
        what = f"the seller adds {'+'.join(added)}" if added else "the listed name has a goods word the seller lacks"
        parts.append(f"{what}, so a lead for review, not a hit")
    if reading_only:
        parts.append("only a Sino-Korean reading agrees, so a lead for review, not a hit")
    if weak_support is not None:
        parts.append(f"weak alias '{weak_support.name}' also agrees")
    which = "primary name" if alias.kind == "primary" else ("weak alias" if alias.quality == "weak" else "alias")
    listed = f"{source_label} {entity.entity_id}"
    if alias.kind != "primary":
        listed += f" {entity.name}"
    return f"{field_label} '{query.raw}' ~ {which} '{alias.name}' of {listed} — {'; '.join(parts)} (score {score:.2f})"
