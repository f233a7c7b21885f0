"""Speed work on name matching must not change what it finds: hits, scores and explanations are pinned.

``data/unchanged_hits.json`` holds what ``NameIndex.match`` returned for the queries below before the
per-query preparation was made cheaper (per-token caches, phrase lookup by first word, one-pass
``prepare``). A deliberate change to matching (rules, weights, lexicon) changes it too; regenerate with
``ORIGINWATCH_WRITE_HITS=1 .venv/bin/pytest tests/matchers/names/test_unchanged_hits.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from matchers.names import NameIndex
from matchers.names.phonetic import fold
from matchers.names.rules import NameRules
from matchers.names.tokenize import Tokenizer, normalize_text
from watchlists.model import Entity

PINNED = Path(__file__).parent / "data" / "unchanged_hits.json"

# Sellers in the forms the matcher meets: Latin with legal forms and goods, misspelt, glued, Han, Hangul.
SELLERS = [
    "Dandong Kumsang Trade",
    "Dandong Jinxiang Hair Products Co., Ltd.",
    "DANDONG JINXIANGTRADING CO LTD",
    "Korea Paek Sol Trading",
    "Paeksol Tradeco",
    "Nam Chon Gang Trading",
    "Namchongnag Trading",
    "Hana Tour",
    "Korea Zinc Company",
    "Korea Zinc Industrial Group Ceorporation",
    "Xuchang Jinhai Hair Products Co., Ltd.",
    "Chisong Metallic Material Co",
    "丹东志成金属材料有限公司",
    "丹東誌成金屬材料有限公司",
    "조선은하무역회사",
    "련봉총회사",
    "Ryonha Machinery J/V",
    "Yonha Machinery Joint Venture",
    "Yanji Songda Wigs Store",
    "Chosun Expo",
    "Komid",
    "Amnokkang Development Bank",
    "Unha Trading Corp",
    "Taesong Trading",
    "Qingdao Kumsang Eyelash Factory",
]


def _queries(entities: list[Entity]) -> list[str]:
    names = [alias.name for entity in entities for alias in entity.all_names()]
    variants = [
        variant
        for name in names
        for variant in (
            name,
            name.lower(),
            name.replace(" ", ""),
            f"Hunchun {name} Hair Products Co., Ltd.",
            " ".join(reversed(name.split())),
        )
    ]
    return [*SELLERS, *variants]


def _observed(index: NameIndex, queries: list[str]) -> dict[str, list[list[object]]]:
    return {
        query: [[r.entity_id, r.score, r.rule, r.matched_text, r.detail] for r in index.match(query)]
        for query in queries
    }


def test_hits_scores_and_explanations_are_unchanged(dprk_entities: list[Entity], name_rules: NameRules) -> None:
    observed = _observed(NameIndex(dprk_entities, name_rules), _queries(dprk_entities))
    if os.environ.get("ORIGINWATCH_WRITE_HITS"):
        PINNED.parent.mkdir(exist_ok=True)
        PINNED.write_text(json.dumps(observed, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    pinned = json.loads(PINNED.read_text())
    assert sum(bool(hits) for hits in pinned.values()) >= len(dprk_entities)  # the pin holds real hits
    assert observed == pinned


def test_cold_and_warm_caches_give_the_same_hits(dprk_entities: list[Entity], name_rules: NameRules) -> None:
    """The per-token caches hold pure results: emptying them between two passes changes nothing, and a
    fresh tokenizer (its own caches) tokenizes as a used one does."""
    queries = _queries(dprk_entities)
    warm = _observed(NameIndex(dprk_entities, name_rules), queries)
    for cached in (fold, normalize_text):
        cached.cache_clear()
    used = Tokenizer(name_rules)
    tokenize_cold = [used.tokenize(query) for query in queries]
    assert _observed(NameIndex(dprk_entities, name_rules), queries) == warm
    assert [used.tokenize(query) for query in queries] == tokenize_cold
    assert [Tokenizer(name_rules).tokenize(query) for query in queries] == tokenize_cold
