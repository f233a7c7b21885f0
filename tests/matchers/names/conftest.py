from __future__ import annotations

from pathlib import Path

import pytest

from matchers.names import NameIndex
from matchers.names.rules import NameRules, load_name_rules
from matchers.names.tokenize import Tokenizer
from watchlists.model import Alias, Entity


@pytest.fixture(scope="session")
def name_rules() -> NameRules:
    return load_name_rules()


@pytest.fixture(scope="session")
def tokenizer(name_rules: NameRules) -> Tokenizer:
    return Tokenizer(name_rules)


@pytest.fixture(scope="module")
def dprk_entities() -> list[Entity]:
    """A few real OFAC DPRK entries (names and aliases as listed) plus one weak-alias case."""
    return [
        Entity(
            "23476",
            "ofac-sdn",
            "DANDONG JINXIANG TRADE CO., LTD.",
            aliases=[
                Alias("DANDONG METAL COMPANY"),
                Alias("JINXIANG TRADING COMPANY"),
                Alias("CHINA DANDONG KUMSANG TRADE COMPANY, LIMITED"),
            ],
        ),
        Entity(
            "22603",
            "ofac-sdn",
            "DANDONG ZHICHENG METALLIC MATERIAL CO., LTD.",
            aliases=[Alias("DANDONG CHISONG METAL MATERIALS COMPANY")],
        ),
        Entity("21724", "ofac-sdn", "PAEKSOL TRADING CORPORATION", aliases=[Alias("KOREA PAEK SOL TRADING")]),
        Entity("22986", "ofac-sdn", "HANA BANKING CORPORATION LTD"),
        Entity("22325", "ofac-sdn", "KOREA ZINC INDUSTRIAL GROUP", aliases=[Alias("KOREA ZINC INDUSTRY GROUP")]),
        Entity("11532", "ofac-sdn", "NAMCHONGANG TRADING CORPORATION"),
        Entity("12219", "ofac-sdn", "KOREA TAESONG TRADING COMPANY"),
        Entity("9347", "ofac-sdn", "KOREA RYONBONG GENERAL CORPORATION"),
        Entity("9527", "ofac-sdn", "KOREA RYONHA MACHINERY JOINT VENTURE CORPORATION"),
        Entity("12312", "ofac-sdn", "KOREA UNHA TRADING CORPORATION"),
        Entity("11647", "ofac-sdn", "AMROGGANG DEVELOPMENT BANK"),
        Entity("KPe.001", "un-sc", "KOREA MINING DEVELOPMENT TRADING CORPORATION", aliases=[Alias("KOMID", "weak")]),
        Entity("KPe.099", "un-sc", "CHOSUN EXPO JOINT VENTURE", aliases=[Alias("EXPO", "weak")]),
    ]


@pytest.fixture(scope="module")
def index(dprk_entities: list[Entity], name_rules: NameRules) -> NameIndex:
    return NameIndex(dprk_entities, name_rules)


@pytest.fixture
def sanctions_entities(realdata: Path) -> list[Entity]:
    """The real OFAC and UN DPRK excerpts, read by the project's importers."""
    from watchlists.importers import load

    folder = realdata / "sanctions"
    ofac = load(
        [folder / "ofac_sdn_2024-05-03_DPRK_excerpt.csv", folder / "ofac_alt_2025-08_DPRK_aliases_excerpt.csv"],
        "ofac-csv",
    )
    un = load([folder / "un_consolidated_2018-10-29_DPRK_excerpt.xml"], "un-xml")
    return [*ofac.entities, *un.entities]
