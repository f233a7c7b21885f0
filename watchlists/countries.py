"""Country names as sanctions lists write them, mapped to ISO codes from data/countries.yml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

COUNTRIES_FILE = Path(__file__).with_name("data") / "countries.yml"
_ISO2 = re.compile(r"^[a-z]{2}$")


@cache
def _table() -> dict[str, str]:
    raw = yaml.safe_load(COUNTRIES_FILE.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{COUNTRIES_FILE.name}: expected a mapping of country name to ISO code")
    return {str(name).strip().casefold(): str(code) for name, code in raw.items()}


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code (lower case) for a country name or code, or None when unknown."""
    cleaned = " ".join(name.split()).casefold()
    if _ISO2.match(cleaned):
        return cleaned
    return _table().get(cleaned)
