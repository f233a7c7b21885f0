"""Per-site hints a site profile (crawler/sites/<site>.yml) may hand to the generic extraction layer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.extract.layer import TEXT_FIELDS

HINT_FIELDS = (*TEXT_FIELDS, "images", "contacts")


@dataclass(frozen=True)
class JsonVar:
    """JSON assigned to a JS variable (or matched by a regex ending just before the JSON) and the dotted
    paths inside it that hold each field, e.g.
    JsonVar("window.runParams", {"title": ["data.titleModule.subject"]})."""

    name: str
    paths: dict[str, list[str]] = field(default_factory=dict)
    is_regex: bool = False

    def pattern(self) -> re.Pattern[str]:
        if self.is_regex:
            return re.compile(self.name)
        return re.compile(re.escape(self.name) + r"\s*=\s*")


@dataclass(frozen=True)
class ExtractHints:
    """selectors: field -> CSS selectors tried in order (text of the first match; src/href/content for
    images/URLs). block_markers: "css:<selector>", "url:<substring>", "html:<substring>" or plain visible
    text. *_url_patterns: regexes on the page URL that decide the page kind."""

    selectors: dict[str, list[str]] = field(default_factory=dict)
    json_vars: list[JsonVar] = field(default_factory=list)
    block_markers: list[str] = field(default_factory=list)
    product_url_patterns: list[str] = field(default_factory=list)
    advert_url_patterns: list[str] = field(default_factory=list)
    seller_url_patterns: list[str] = field(default_factory=list)
    listing_url_patterns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.selectors) - set(HINT_FIELDS))
        for var in self.json_vars:
            unknown += sorted(set(var.paths) - set(HINT_FIELDS))
        if unknown:
            raise ValueError(f"ExtractHints names unknown field(s): {', '.join(unknown)}")
        patterns = [
            *self.product_url_patterns,
            *self.advert_url_patterns,
            *self.seller_url_patterns,
            *self.listing_url_patterns,
        ]
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"ExtractHints URL pattern {pattern!r}: {exc}") from exc
