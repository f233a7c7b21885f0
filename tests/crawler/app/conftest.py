from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.model import Entity


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
