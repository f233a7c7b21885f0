from __future__ import annotations

from pathlib import Path

import pytest

from matchers.rules import Rules, load_rules
from matchers.screen import Screener
from watchlists.model import Entity

ROOT = Path(__file__).resolve().parents[2]
SANCTIONS = ROOT.parent / "shared" / "realdata" / "sanctions"
BUNDLED = ROOT / "watchlists" / "data" / "originwatch.yml"
KNOWN_ANSWERS = ROOT / "tests" / "data" / "known_answers.jsonl"


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


def _real_entities() -> list[Entity]:
    from watchlists.importers import load

    ofac = load(
        [
            SANCTIONS / "ofac_sdn_2024-05-03_DPRK_excerpt.csv",
            SANCTIONS / "ofac_alt_2025-08_DPRK_aliases_excerpt.csv",
        ],
        "ofac-csv",
    )
    un = load([SANCTIONS / "un_consolidated_2018-10-29_DPRK_excerpt.xml"], "un-xml")
    return [*ofac.entities, *un.entities]


@pytest.fixture(scope="session")
def has_realdata() -> bool:
    return SANCTIONS.is_dir()


@pytest.fixture(scope="session")
def watchlist(has_realdata: bool) -> list[Entity]:
    """The real OFAC/UN excerpts when ../shared is present, plus the bundled list when it exists."""
    entities = _real_entities() if has_realdata else []
    if BUNDLED.is_file():
        from watchlists.importers import load

        entities.extend(load([BUNDLED], "yaml").entities)
    return entities


@pytest.fixture(scope="session")
def screener(watchlist: list[Entity], rules: Rules) -> Screener:
    return Screener(watchlist, rules)


@pytest.fixture(scope="session")
def known_answers() -> Path:
    return KNOWN_ANSWERS
