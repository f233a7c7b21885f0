"""NameIndex: find watchlist entities whose names match a seller name.

Blocking makes it fast: every indexed name posts its distinctive keys (phonetic keys of name tokens,
their joined spellings, Sino-Korean readings, one-deletion variants for misspellings) in an inverted
index. Generic words, legal forms, places and industry words post nothing, so "Dandong ... Trading"
does not pull in every Dandong trader. Only names that share a key with the query are compared, best
shared keys (by inverse document frequency) first.

A seller that writes only initials (KKBC) meets the names whose words they abbreviate (KOREA KWANGSON
BANKING CORP); a listed name that carries its own initials in parentheses (DAEDONG CREDIT BANK (DCB)) is
indexed as the name and as the initials. Vessels, aircraft and places are never seller names.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from matchers.names.compare import (
    Comparison,
    Pair,
    PreparedName,
    Unit,
    compare,
    compare_at_least,
    name_feature_for,
    prepare,
)
from matchers.names.explain import describe
from matchers.names.rules import NameRules, NameSettings, load_name_rules
from matchers.names.tokenize import Tokenizer, normalize_text
from matchers.types import Reason
from watchlists.model import Alias, Entity

if TYPE_CHECKING:
    from matchers.names.mentions import MentionFinder


@dataclass(frozen=True, slots=True)
class _IndexedName:
    entity: int  # position in NameIndex.entities
    alias: Alias
    prepared: PreparedName


@dataclass(frozen=True, slots=True)
class _Scored:
    name: _IndexedName
    comparison: Comparison


@lru_cache(maxsize=65536)
def _spelling_keys(key: str) -> tuple[str, ...]:
    """A key and its one-deletion variants as blocking keys: two keys one edit apart share at least one."""
    return (f"e:{key}", *(f"e:{key[:i]}{key[i + 1 :]}" for i in range(len(key))))


def blocking_keys(name: PreparedName, config: NameSettings, *, query: bool = False) -> set[str]:
    """Keys under which a name is posted (index side) or looked up (``query`` side).

    A query also looks up the one-deletion variants of its joined spans, so a misspelt name written
    in parts (NAM CHONG GAN) meets the indexed single word (NAMCHONGANG) it misspells.
    """
    keys: set[str] = set()
    for unit in name.units:
        if unit.cls != "name":
            continue
        keys.update(f"k:{key}" for key in unit.keys | unit.readings)
        single = unit.end - unit.start == 1
        if (single or query) and len(unit.key) >= config.spelling_min_length:
            keys.update(_spelling_keys(unit.key))
    if not name.has_name and name.tokens:
        # Nothing distinctive: such names only match when every word agrees, so block on all of them.
        keys.add("f:" + "|".join(sorted({t.key for t in name.tokens})))
    return keys


# Places on a watchlist (Dandong, Rason) are the place matcher's business: indexed as seller names,
# a shop called "Dandong" would score 1.0 on any product. Vessels and aircraft are never sellers: a
# wig shop called "Gold Star" is not the cargo ship GOLD STAR 3.
EXCLUDED_SCHEMAS = frozenset({"place", "vessel", "aircraft"})

_PARENTHESES = re.compile(r"\(([^()]*)\)")


def initials(name: str, stop_words: frozenset[str], dropped: frozenset[str]) -> set[str]:
    """The initialisms a name may be written as: first letters of its words, stop words left out,
    with and without the legal forms (KOREA KWANGSON BANKING CORP: kkbc and kkb)."""
    words = [w for w in normalize_text(_PARENTHESES.sub(" ", name)).split() if w not in stop_words]
    if not words or not all(w.isascii() and w.isalpha() for w in words):
        return set()
    found = {"".join(w[0] for w in words)}
    content = [w for w in words if w not in dropped]
    if content:
        found.add("".join(w[0] for w in content))
    return found


def split_initialism(name: str, stop_words: frozenset[str], dropped: frozenset[str]) -> list[str]:
    """'DAEDONG CREDIT BANK (DCB)' -> ['DAEDONG CREDIT BANK', 'DCB']: a parenthesised initialism of the
    other words is another way to write the name, not a word of it. Other names are returned as they are."""
    found = _PARENTHESES.findall(name)
    if len(found) != 1:
        return [name]
    inner = normalize_text(found[0])
    rest = _PARENTHESES.sub(" ", name).strip()
    if inner and " " not in inner and inner in initials(rest, stop_words, dropped):
        return [rest, found[0].strip()]
    return [name]


class NameIndex:
    """Match seller names against the names and aliases of watchlist entities (places, vessels and
    aircraft excluded)."""

    def __init__(
        self, entities: Sequence[Entity], rules: NameRules | None = None, *, threshold: float | None = None
    ) -> None:
        self.rules = rules if rules is not None else load_name_rules()
        self.config = self.rules.settings
        self.tokenizer = Tokenizer(self.rules)
        self._goods = frozenset(self.rules.lexicon.seller_goods)
        # Sellers reuse brand words and the list's names share syllables, so the same pair of name units
        # is compared again and again (over 80% repeats on the benchmark): cache the pure feature test.
        self._feature = lru_cache(maxsize=self.config.feature_cache_size)(name_feature_for(self.config))
        self.threshold = self.config.threshold if threshold is None else threshold
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {self.threshold}")
        self.entities = [e for e in entities if e.schema not in EXCLUDED_SCHEMAS]
        tokenize = self.tokenizer.tokenize
        stop_words = frozenset(normalize_text(w) for w in self.rules.legal_forms.stop_words)
        self._legal = frozenset(normalize_text(w) for w in self.rules.legal_forms.legal_forms)
        self._stop_words = stop_words
        tokenized = [
            (position, alias, text, tokenize(text))
            for position, entity in enumerate(self.entities)
            for alias in entity.all_names()
            if alias.name.strip()
            for text in split_initialism(alias.name, stop_words, self._legal)
        ]
        entity_keys: dict[int, set[str]] = defaultdict(set)
        for position, _, _, words in tokenized:
            entity_keys[position].update(t.key for t in words.tokens if t.cls == "name")
        frequency = Counter(key for keys in entity_keys.values() for key in keys)
        limit = max(self.config.common_token_min_entities, self.config.common_token_max_share * len(self.entities))
        self._common = {key: count > limit for key, count in frequency.items()}
        self._names: list[_IndexedName] = []
        # A seller writing a strong alias exactly as listed (case and punctuation aside) is always a hit,
        # whatever the distinctive-token rule would say of its words (長安海連技術有限公司, UN KPe.055).
        self._exact: dict[str, list[int]] = defaultdict(list)
        # Initialisms of strong names of at least initialism_min_length letters -> indexed names.
        self._initials: dict[str, list[int]] = defaultdict(list)
        postings: dict[str, list[int]] = defaultdict(list)
        readings = self.tokenizer.hanja.readings_of_pinyin
        for position, alias, text, words in tokenized:
            prepared = prepare(text, words, self._common, self.config, self._goods, readings)
            if not prepared.tokens:
                continue
            name_id = len(self._names)
            for key in blocking_keys(prepared, self.config):
                postings[key].append(name_id)
            if alias.quality == "strong":
                self._exact[normalize_text(text)].append(name_id)
                for short in initials(text, stop_words, self._legal):
                    if len(short) >= self.config.initialism_min_length and len(prepared.tokens) > 1:
                        self._initials[short].append(name_id)
            self._names.append(_IndexedName(position, alias, prepared))
        del tokenized
        # Compact posting lists: a million names post tens of millions of ids (4 bytes each, not 36), and
        # most keys (one-deletion variants) post a single name, kept as a plain int.
        self._postings: dict[str, int | array[int]] = {
            key: ids[0] if len(ids) == 1 else array("i", ids) for key, ids in postings.items()
        }
        self._total = len(self._names) or 1
        self._mentions: MentionFinder | None = None
        del postings

    def __len__(self) -> int:
        return len(self._names)

    def _candidates(self, query: PreparedName) -> list[int]:
        overlap: dict[int, int] = defaultdict(int)
        # Integer weights add up the same in any order and ties go to the earlier name, so which
        # candidates make the cut does not depend on the interpreter's string hashing.
        found = [
            ids for key in blocking_keys(query, self.config, query=True) if (ids := self._postings.get(key)) is not None
        ]
        # A key posted by very many names (a frequent syllable in a million-name list) barely ranks
        # anything and costs a pass over its whole posting list; it is skipped unless nothing else is
        # shared. This keeps a query's cost flat as the list grows.
        cap = self.config.max_postings_per_key
        rare = [ids for ids in found if isinstance(ids, int) or len(ids) <= cap]
        for ids in rare or found:
            if isinstance(ids, int):
                overlap[ids] += self._idf(1)
                continue
            weight = self._idf(len(ids))
            for name_id in ids:
                overlap[name_id] += weight
        ranked = sorted((-weight, name_id) for name_id, weight in overlap.items())
        return [name_id for _, name_id in ranked[: self.config.max_candidates]]

    def _idf(self, postings: int) -> int:
        """Inverse document frequency in millionths: integers, so sums are exact (see _candidates)."""
        return round(1e6 * math.log(1 + self._total / postings))

    def match(self, name: str, *, field: str = "seller_name", limit: int = 5) -> list[Reason]:
        """Entities whose names match ``name``, best first, each as an explained ``Reason``."""
        return self.search(name, field=field, limit=limit)

    def search(
        self,
        name: str,
        *,
        field: str = "seller_name",
        limit: int = 5,
        hidden_entities: frozenset[int] = frozenset(),
        hidden_alias: Alias | None = None,
    ) -> list[Reason]:
        """``match`` with some entities (by position) or one alias (by identity) hidden: for evaluation."""
        if not name or not name.strip():
            return []
        query = self.prepare(name)
        best_strong: dict[int, _Scored] = {}
        best_weak: dict[int, _Scored] = {}
        exact = set(self._exact.get(normalize_text(name), ()))
        initialism = self._initialism_of(query)
        # A seller that adds its goods (Hair Products) to a listed name differs from it by a distinctive
        # word; down to goods_difference_floor such a match is kept, as a lead (capped in _reason).
        floor = min(self.threshold, self.config.goods_difference_floor) if any(query.goods) else self.threshold
        for name_id in exact.union(self._candidates(query), initialism):
            indexed = self._names[name_id]
            if indexed.entity in hidden_entities or indexed.alias is hidden_alias:
                continue
            if name_id in exact:
                comparison = compare(query, indexed.prepared, self.config)
                comparison = Comparison(1.0, comparison.pairs, None)
            elif name_id in initialism:
                comparison = self._initialism_comparison(query, indexed.prepared)
            else:
                found = compare_at_least(query, indexed.prepared, self.config, floor, self._feature)
                if found is None:
                    continue
                comparison = found
            best = best_weak if indexed.alias.quality == "weak" else best_strong
            current = best.get(indexed.entity)
            if current is None or comparison.score > current.comparison.score:
                best[indexed.entity] = _Scored(indexed, comparison)
        reasons = [self._reason(query, field, scored, best_weak.get(entity)) for entity, scored in best_strong.items()]
        reasons.sort(key=lambda r: (-r.score, r.entity_id or ""))
        return reasons[:limit]

    @property
    def indexed_names(self) -> list[_IndexedName]:
        return self._names

    @property
    def legal_forms_normalized(self) -> frozenset[str]:
        return self._legal

    def is_ordinary_word(self, word: str) -> bool:
        return self.tokenizer.is_ordinary(word)

    def is_common_key(self, key: str) -> bool:
        """A name token key used by many entities of this list."""
        return self._common.get(key, False)

    def distinctive_postings(self, key: str) -> Sequence[int]:
        """Indexed names posted under the phonetic key of a name token, unless the key is common."""
        if self._common.get(key, False):
            return ()
        ids = self._postings.get(f"k:{key}", ())
        return (ids,) if isinstance(ids, int) else ids

    def mentions(self, text: str, *, field: str) -> list[Reason]:
        """Strong names of the listed entities found inside ``text`` (a title or description)."""
        if self._mentions is None:
            from matchers.names.mentions import MentionFinder  # built on first use: most indexes never need it

            self._mentions = MentionFinder(self)
        return self._mentions.find(text, field=field)

    def prepare(self, name: str) -> PreparedName:
        """``name`` tokenized and weighed with this index's rules and common-token table."""
        readings = self.tokenizer.hanja.readings_of_pinyin
        return prepare(name, self.tokenizer.tokenize(name), self._common, self.config, self._goods, readings)

    def _initialism_of(self, query: PreparedName) -> set[int]:
        """Indexed names whose initials the query is, when the query is one word and nothing else."""
        if len(query.tokens) != 1 or query.tokens[0].cls != "name":
            return set()
        text = query.tokens[0].text
        if len(text) < self.config.initialism_min_length or not text.isalpha():
            return set()
        return set(self._initials.get(text, ()))

    def _initialism_comparison(self, query: PreparedName, candidate: PreparedName) -> Comparison:
        q_unit = query.units[0]
        whole = Unit(0, len(candidate.tokens), "name", candidate.raw, "", frozenset(), frozenset(), 1.0, True)
        score = self.config.features.initialism
        return Comparison(score, (Pair(q_unit, whole, "initialism", score),), None)

    def _reason(self, query: PreparedName, field: str, strong: _Scored, weak: _Scored | None) -> Reason:
        """A weak alias never matches alone; it may only raise an entity that matched on a strong name.

        A match whose only distinctive agreement is a Sino-Korean reading (Longsheng ~ Ryongsong) is a
        lead, not a hit: two different words share a reading far more often than two spellings of one
        name differ in script, so its score is capped below the flag line.
        """
        score = strong.comparison.score
        weak_support = None
        if weak is not None and weak.comparison.score > score:
            score = min(weak.comparison.score, score + self.config.weak_alias_boost_cap)
            weak_support = weak.name.alias
        distinctive = [
            p
            for p in strong.comparison.pairs
            if p.query.cls == "name" and not all(query.common[p.query.start : p.query.end])
        ]
        reading_only = bool(distinctive) and all(p.feature == "hanja_reading" for p in distinctive)
        if reading_only and score > self.config.hanja_reading_only_score:
            score = self.config.hanja_reading_only_score
        # A goods word one name has and the other lacks ("X Beauty Group" / X GROUP): a lead, never a hit.
        covered = {i for p in strong.comparison.pairs for i in range(p.query.start, p.query.end)}
        candidate = strong.name.prepared
        matched = {i for p in strong.comparison.pairs for i in range(p.candidate.start, p.candidate.end)}
        goods_only = any(g and i not in covered for i, g in enumerate(query.goods)) or any(
            g and i not in matched for i, g in enumerate(candidate.goods)
        )
        if goods_only:
            score = min(score, self.config.goods_difference_score)
        entity = self.entities[strong.name.entity]
        names = [p for p in strong.comparison.pairs if p.query.cls == "name"]
        decisive = max(names, key=lambda p: p.contribution).feature if names else "all_words"
        detail = describe(
            field_label=field.removesuffix("_name").replace("_", " "),
            query=query,
            alias=strong.name.alias,
            entity=entity,
            source_label=self.config.sources.get(entity.source, entity.source),
            comparison=strong.comparison,
            score=score,
            weak_support=weak_support,
            reading_only=reading_only,
            goods_only=goods_only,
        )
        return Reason(
            kind="seller",
            score=round(score, 4),
            detail=detail,
            matched_text=query.raw,
            rule=f"names.{decisive}",
            entity_id=entity.entity_id,
            source=entity.source,
            field=field,
        )
