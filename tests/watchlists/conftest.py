from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def fixtures() -> Path:
    """Small, hand-written files in each supported format."""
    return FIXTURES


@pytest.fixture
def sanctions(realdata: Path) -> Path:
    """Real DPRK excerpts of OFAC and UN lists (skips when ../shared/realdata is absent)."""
    return realdata / "sanctions"
