"""Small wrangling helpers the format modules share."""

from __future__ import annotations

import re
from collections.abc import Iterable

from watchlists.countries import country_code
from watchlists.model import Alias, AliasQuality

_SPACE = re.compile(r"\s+")
# Straight and typographic quotes that lists wrap around aliases: '"KOMID"', “KOMID”.
_QUOTES = "\"'“”‘’「」"


def clean_text(value: str | None) -> str:
    """Collapse whitespace (including line breaks inside names) and trim."""
    if value is None:
        return ""
    return _SPACE.sub(" ", value).strip()


def clean_name(value: str | None) -> str:
    """A name with whitespace collapsed and one pair of surrounding quotes removed."""
    text = clean_text(value)
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, first occurrence kept, order kept."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def add_alias(
    aliases: list[Alias], primary: str, name: str, quality: AliasQuality = "strong", kind: str = "aka"
) -> None:
    """Append an alias unless it is empty, the primary name, or already present."""
    cleaned = clean_name(name)
    if not cleaned or cleaned.casefold() == primary.casefold():
        return
    for existing in aliases:
        if existing.name.casefold() == cleaned.casefold():
            return
    aliases.append(Alias(cleaned, quality, kind))


def countries_from_names(names: Iterable[str], warnings: list[str], where: str) -> list[str]:
    """ISO codes for country names; unknown names become warnings naming the file and line."""
    codes: list[str] = []
    for name in names:
        cleaned = clean_text(name)
        if not cleaned:
            continue
        code = country_code(cleaned)
        if code is None:
            warnings.append(f"{where}: unknown country {cleaned!r} (add it to watchlists/data/countries.yml)")
        else:
            codes.append(code)
    return unique(codes)
