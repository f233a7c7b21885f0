"""Measure NameIndex on a watchlist: hold out each strong alias, query with it, expect its own entity.

An evaluation harness, not a matcher: it reads the hard negatives from the rule folder and runs the
index over whole lists, so it lives in the application layer (the `eval` use case), not in matchers/.

Positives: each strong alias of an organization (weak aliases never match alone, so they are not
queries). The index holds every name of every entity; the held-out alias itself is hidden while it is
the query, so the entity can only be found through its other names.
Aliases split in two groups, decided without the matcher (``_ReadsAlike``): *variants* read like another
strong name of the same entity (the same distinctive words up to spelling, spacing and order: KOREA
RYENHA MACHINERY J/V for KOREA RYONHA MACHINERY JOINT VENTURE) and *renames* do not (KOMID's alias
CHANGGWANG SINYONG CORPORATION; KOREA TAERYONGGANG for NAMCHONGANG). No name matcher can find a rename;
recall is reported for both. Choices, and why:
- A variant needs every distinctive word paired (rapidfuzz ratio >= 80 per word, or >= 90 run
  together). The earlier test, token_set_ratio >= 60, called TAERYONGGANG a variant of NAMCHONGANG and
  any alias whose words are a subset of another name a variant, although the matcher is meant to
  refuse subset matches (MINISTRY OF STATE SECURITY is not its PRISONS BUREAU).
- Frequent words are counted once per subject over all lists (a firm on OFAC and the UN list is one
  subject); counted per list, a 150-entry UN list made DAESONG "frequent" after three entries.
- An alias "care of <other entry>" (UN KPe.069) names the other entry: the two share a cluster.
- A top hit on a different entry whose name reads like the query by the same test is a *look-alike*
  (KOREA TAESONG TRADING vs KOREA DAESONG TRADING, distinct UN entries): the lists hold two entries no
  name can tell apart, so it is reported on its own line and counted neither right nor wrong.
Negatives: every organization's primary name with its cluster hidden (any hit on a non-look-alike is
a different entry), and the hard negatives in ``matchers/rules/name_negatives.yml`` (generic names that
must match nothing).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml
from rapidfuzz import fuzz

from matchers.names.index import NameIndex
from matchers.names.rules import NameRules, load_name_rules
from matchers.rules import RULES_DIR
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
    # Top hits on another entry whose name reads like the query: the lists themselves hold two entries
    # no name can tell apart (KOREA TAESONG / KOREA DAESONG TRADING). Neither right nor wrong.
    look_alikes: list[Miss] = field(default_factory=list)

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
            f"  top hits on a look-alike entry (not counted) {len(self.look_alikes)}",
        ]
        sections = (
            ("missed variants", self.misses),
            ("false positives", self.false_positives),
            ("look-alike entries hit", self.look_alikes),
        )
        for title, rows in sections:
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


# "Care of First Oil JV Co Ltd" (UN KPe.069) is an address through another listed entity, not a name.
_CARE_OF = re.compile(r"^(?:care of|c o)\s+")


def _clusters(entities: Sequence[Entity]) -> list[int]:
    """Entities naming the same subject share a cluster: OFAC and the UN list many of the same firms.

    Two entities are one subject when they list an identical name (case and punctuation aside), or when
    one lists the other's name "care of": such an alias names the other entry, so a hit on it is right.
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
            key = _CARE_OF.sub("", " ".join(_words(alias.name)))
            if key in first_with:
                parent[root(position)] = root(first_with[key])
            else:
                first_with[key] = position
    return [root(i) for i in range(len(entities))]


def _pair_all(left: list[str], right: list[str], threshold: float) -> bool:
    """Every word of two or more letters on each side pairs one-to-one with a similar word on the other."""
    a = [w for w in left if len(w) > 1]
    b = [w for w in right if len(w) > 1]
    options = sorted(((fuzz.ratio(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)), reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for similarity, i, j in options:
        if similarity < threshold:
            break
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a) == len(a) and len(used_b) == len(b)


class _ReadsAlike:
    """Decides, without the matcher, whether two names read like the same name.

    Words used by many subjects of the lists (korea, trading, corporation, bank ...) are set aside first
    (when either name is made only of such words, both are compared whole). What is left must be the
    same words up to spelling and order: every word pairs one-to-one with a word of the other name at
    rapidfuzz ratio >= ``threshold`` (TAESONG / DAESONG 86), single letters (J/V) aside; or the words
    run together reach ``joined_threshold`` (NAM CHON GANG / NAMCHONGANG). A name with a distinctive
    word the other lacks does not read alike (MINISTRY OF STATE SECURITY / ... PRISONS BUREAU).
    """

    def __init__(
        self, entities: Sequence[Entity], threshold: float, joined_threshold: float, frequent_share: float
    ) -> None:
        # Counted once per subject (cluster), so a firm on both OFAC and the UN list counts once.
        words_of: dict[int, set[str]] = {}
        for entity, root in zip(entities, _clusters(entities), strict=True):
            words_of.setdefault(root, set()).update(w for a in entity.all_names() for w in _words(a.name))
        counts = Counter(word for words in words_of.values() for word in words)
        limit = max(2.0, frequent_share * len(words_of))
        self.frequent = {word for word, count in counts.items() if count > limit}
        self.threshold = threshold
        self.joined_threshold = joined_threshold

    def __call__(self, left: str, right: str) -> bool:
        a, b = _words(left), _words(right)
        rare_a, rare_b = [w for w in a if w not in self.frequent], [w for w in b if w not in self.frequent]
        if rare_a and rare_b:
            a, b = rare_a, rare_b
        if not a or not b:
            return False
        if fuzz.ratio("".join(a), "".join(b)) >= self.joined_threshold:
            return True  # spacing and punctuation aside, the same letters: NAM CHON GANG / NAMCHONGANG
        return _pair_all(a, b, self.threshold)

    def any_strong(self, name: str, entity: Entity, *, skip: Alias | None = None) -> bool:
        return any(self(name, a.name) for a in entity.all_names() if a is not skip and a.quality == "strong")


def evaluate_names(
    entities: Sequence[Entity],
    *,
    negatives: Sequence[str] | None = None,
    threshold: float | None = None,
    variant_min_similarity: float = 80.0,
    joined_min_similarity: float = 90.0,
    frequent_word_share: float = 0.01,
    rules: NameRules | None = None,
) -> NameEvalReport:
    """Precision is judged on the top hit, the one a reviewer sees first; see the module docstring.

    Each source list is evaluated on its own: OFAC and the UN list many of the same firms under
    slightly different names, and a hit across lists would be counted wrong without being wrong.
    Vessels and aircraft are left out by the index itself: a seller is a company or a person, never a ship.
    """
    report = NameEvalReport()
    rules = rules if rules is not None else load_name_rules()
    # Word frequencies are counted on every company of every list: a 150-entry list alone would call
    # DAESONG frequent after three entries use it.
    companies = [e for e in entities if e.schema in SELLER_SCHEMAS]
    alike = _ReadsAlike(companies, variant_min_similarity, joined_min_similarity, frequent_word_share)
    sources = sorted({e.source for e in entities})
    for source in sources:
        listed = [e for e in entities if e.source == source]  # the index leaves vessels and aircraft out
        _evaluate_list(listed, report, threshold, alike, rules)
    index = NameIndex(entities, rules, threshold=threshold)
    for name in hard_negatives() if negatives is None else negatives:
        report.negative_queries += 1
        report.false_positives += [Miss(name, "", hit.entity_id or "") for hit in index.match(name)[:1]]
    return report


def _evaluate_list(
    entities: Sequence[Entity],
    report: NameEvalReport,
    threshold: float | None,
    alike: _ReadsAlike,
    rules: NameRules,
) -> None:
    index = NameIndex(entities, rules, threshold=threshold)
    cluster = _clusters(index.entities)
    members: dict[int, frozenset[int]] = {}
    for position, root in enumerate(cluster):
        members[root] = members.get(root, frozenset()) | {position}
    position_of = {(e.source, e.entity_id): i for i, e in enumerate(index.entities)}

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
            variant = alike.any_strong(alias.name, entity, skip=alias)
            report.variant_positives += variant
            report.variant_found += variant and right
            report.rename_positives += not variant
            report.rename_found += not variant and right
            if hits and not right:
                wrong = Miss(alias.name, entity.entity_id, hits[0].entity_id or "")
                other = index.entities[position_of[(hits[0].source or "", hits[0].entity_id or "")]]
                (report.look_alikes if alike.any_strong(alias.name, other) else report.false_positives).append(wrong)
            elif variant and not hits:
                report.misses.append(Miss(alias.name, entity.entity_id, ""))
        report.negative_queries += 1
        for hit in index.search(entity.name, hidden_entities=members[cluster[position]])[:1]:
            other = index.entities[position_of[(hit.source or "", hit.entity_id or "")]]
            wrong = Miss(entity.name, "", hit.entity_id or "")
            (report.look_alikes if alike.any_strong(entity.name, other) else report.false_positives).append(wrong)
