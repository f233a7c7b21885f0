"""Measure NameIndex on a watchlist: hold out each strong alias, query with it, expect its own entity.

Positives: each strong alias of an organization (weak aliases never match alone, so they are not
queries). The index holds every name of every entity; the held-out alias itself is hidden while it is
the query, so the entity can only be found through its other names.
Aliases split in two groups, decided without the matcher: *variants* read like another name of the same
entity (rapidfuzz token_set_ratio >= ``variant_min_similarity`` on the case-folded text: KOREA RYENHA
MACHINERY J/V CORPORATION for KOREA RYONHA MACHINERY JOINT VENTURE CORPORATION) and *renames* do not
(KOMID's alias CHANGGWANG SINYONG CORPORATION). No name matcher can find a rename; recall is reported
for both.
Negatives: every organization's primary name with that entity hidden (any hit is a different entry),
and the hard negatives in ``matchers/rules/name_negatives.yml`` (generic names that must match nothing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml
from rapidfuzz import fuzz

from matchers.names.index import NameIndex
from matchers.names.rules import RULES_DIR
from matchers.types import Reason
from watchlists.model import Alias, Entity

SELLER_SCHEMAS = ("organization", "other")


@dataclass(frozen=True)
class Miss:
    query: str
    expected: str  # entity id
    found: str  # what was returned instead ("" for nothing)


@dataclass
class NameEvalReport:
    variant_positives: int = 0
    variant_found: int = 0
    rename_positives: int = 0
    rename_found: int = 0
    negative_queries: int = 0
    false_positives: list[Miss] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)  # variant aliases not found

    @property
    def true_positives(self) -> int:
        return self.variant_found + self.rename_found

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """Recall on variant aliases: the ones a name matcher can be expected to find."""
        return self.variant_found / self.variant_positives if self.variant_positives else 1.0

    @property
    def recall_all(self) -> float:
        total = self.variant_positives + self.rename_positives
        return self.true_positives / total if total else 1.0

    def format(self, *, show: int = 20) -> str:
        lines = [
            f"name matching: precision {self.precision:.3f} ({self.true_positives} right, "
            f"{len(self.false_positives)} wrong entities)",
            f"  recall on variant aliases {self.recall:.3f} ({self.variant_found}/{self.variant_positives})",
            f"  recall on all strong aliases {self.recall_all:.3f} "
            f"({self.true_positives}/{self.variant_positives + self.rename_positives}; "
            f"renames found {self.rename_found}/{self.rename_positives})",
            f"  negative queries {self.negative_queries}",
        ]
        for title, rows in (("missed variants", self.misses), ("false positives", self.false_positives)):
            if rows:
                lines.append(f"  {title} ({len(rows)}):")
                lines += [f"    {m.query!r} expected {m.expected or '-'} got {m.found or '-'}" for m in rows[:show]]
        return "\n".join(lines)


def hard_negatives() -> list[str]:
    """Generic and look-alike seller names that must not match any sanctioned entity."""
    path = RULES_DIR / "name_negatives.yml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or not isinstance(data.get("negatives"), list):
        raise ValueError(f"{path.name}: expected a mapping with a 'negatives' list")
    return [str(name) for name in data["negatives"]]


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", name.casefold())


def _clusters(entities: Sequence[Entity]) -> list[int]:
    """Entities naming the same subject share a cluster: OFAC and the UN list many of the same firms.

    Two entities are one subject when they list an identical name (case and punctuation aside).
    """
    parent = list(range(len(entities)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for position, entity in enumerate(entities):
        for alias in entity.all_names():
            key = " ".join(_words(alias.name))
            if key in first_with:
                parent[root(position)] = root(first_with[key])
            else:
                first_with[key] = position
    return [root(i) for i in range(len(entities))]


class _VariantTest:
    """Decides, without the matcher, whether an alias reads like another name of its entity.

    Words used by many entities (korea, trading, corporation, bank ...) are removed first, counted
    on the list itself; then rapidfuzz token_set_ratio must reach the threshold.
    """

    def __init__(self, entities: Sequence[Entity], threshold: float, frequent_share: float) -> None:
        counts: dict[str, int] = {}
        for entity in entities:
            for word in {w for a in entity.all_names() for w in _words(a.name)}:
                counts[word] = counts.get(word, 0) + 1
        limit = max(2.0, frequent_share * len(entities))
        self.frequent = {word for word, count in counts.items() if count > limit}
        self.threshold = threshold

    def _rare(self, name: str) -> str:
        return " ".join(w for w in _words(name) if w not in self.frequent)

    def __call__(self, alias: Alias, entity: Entity) -> bool:
        query = self._rare(alias.name)
        others = [self._rare(a.name) for a in entity.all_names() if a is not alias and a.quality == "strong"]
        return bool(query) and any(fuzz.token_set_ratio(query, other) >= self.threshold for other in others if other)


def evaluate_names(
    entities: Sequence[Entity],
    *,
    negatives: Sequence[str] | None = None,
    threshold: float | None = None,
    variant_min_similarity: float = 60.0,
    frequent_word_share: float = 0.01,
) -> NameEvalReport:
    """Precision is judged on the top hit, the one a reviewer sees first; see the module docstring.

    Each source list is evaluated on its own: OFAC and the UN list many of the same firms under
    slightly different names, and a hit across lists would be counted wrong without being wrong.
    Vessels are left out: a seller is a company or a person, never a ship.
    """
    report = NameEvalReport()
    sources = sorted({e.source for e in entities})
    for source in sources:
        listed = [e for e in entities if e.source == source and e.schema != "vessel"]
        _evaluate_list(listed, report, threshold, variant_min_similarity, frequent_word_share)
    index = NameIndex([e for e in entities if e.schema != "vessel"], threshold=threshold)
    for name in hard_negatives() if negatives is None else negatives:
        report.negative_queries += 1
        report.false_positives += [Miss(name, "", hit.entity_id or "") for hit in index.match(name)[:1]]
    return report


def _evaluate_list(
    entities: Sequence[Entity],
    report: NameEvalReport,
    threshold: float | None,
    variant_min_similarity: float,
    frequent_word_share: float,
) -> None:
    index = NameIndex(entities, threshold=threshold)
    cluster = _clusters(index.entities)
    members: dict[int, frozenset[int]] = {}
    for position, root in enumerate(cluster):
        members[root] = members.get(root, frozenset()) | {position}
    position_of = {(e.source, e.entity_id): i for i, e in enumerate(index.entities)}
    is_variant = _VariantTest(index.entities, variant_min_similarity, frequent_word_share)

    def cluster_of(hit: Reason) -> int:
        return cluster[position_of[(hit.source or "", hit.entity_id or "")]]

    for position, entity in enumerate(index.entities):
        if entity.schema not in SELLER_SCHEMAS:
            continue
        for alias in entity.aliases:
            if alias.quality != "strong":
                continue
            hits = index.search(alias.name, hidden_alias=alias)
            right = bool(hits) and cluster_of(hits[0]) == cluster[position]
            variant = is_variant(alias, entity)
            report.variant_positives += variant
            report.variant_found += variant and right
            report.rename_positives += not variant
            report.rename_found += not variant and right
            if hits and not right:
                report.false_positives.append(Miss(alias.name, entity.entity_id, hits[0].entity_id or ""))
            elif variant and not hits:
                report.misses.append(Miss(alias.name, entity.entity_id, ""))
        report.negative_queries += 1
        hits = index.search(entity.name, hidden_entities=members[cluster[position]])
        report.false_positives += [Miss(entity.name, "", hit.entity_id or "") for hit in hits[:1]]
