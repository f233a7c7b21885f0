"""The site profile: everything that varies between marketplaces, validated from crawler/sites/<site>.yml.

Unknown keys are errors (a typo must never silently switch a rule off); regexes and CSS selectors are
compiled at load time so a bad one fails the profile, not a crawl hours later.
"""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Literal

from cssselect import GenericTranslator, SelectorError
from pydantic import Field, field_validator

from crawler.extract.hints import HINT_FIELDS, ExtractHints, JsonVar
from crawler.health import HealthRules
from crawler.sites.entry import PLACEHOLDERS
from watchlists.datafile import StrictModel

EntryKind = Literal["category", "showroom", "sitemap", "storefront", "listing"]


Strict = StrictModel  # the one strict base (watchlists/datafile.py)


def _check_regexes(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
    return patterns


def _check_selectors(selectors: list[str]) -> list[str]:
    for selector in selectors:
        try:
            GenericTranslator().css_to_xpath(selector)
        except SelectorError as exc:
            raise ValueError(f"bad CSS selector {selector!r}: {exc}") from exc
    return selectors


def _check_template(template: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        raise ValueError(f"unknown placeholder(s) {unknown} in {template!r}; known: {sorted(PLACEHOLDERS)}")
    return template


class NeedsBrowser(Strict):
    required: bool
    note: str = ""


class RobotsRules(Strict):
    """What the site's robots.txt was reported to say for `User-agent: *` (paths, `*` and `$` wildcards)."""

    allow: list[str] = Field(default_factory=list)
    disallow: list[str] = Field(default_factory=list)
    checked: date | None = None  # when the rules were read (None: no robots.txt found)
    source: str


class AlternativeEntry(Strict):
    kind: EntryKind
    url: str

    _template = field_validator("url")(_check_template)


class EntryRules(Strict):
    search: list[str] = Field(default_factory=list)
    pages_per_keyword: int = Field(default=1, ge=1, le=100)
    # Used when robots.txt disallows a search template: category pages, showrooms, sitemaps, storefronts.
    alternatives: list[AlternativeEntry] = Field(default_factory=list)

    @field_validator("search")
    @classmethod
    def _templates(cls, value: list[str]) -> list[str]:
        return [_check_template(t) for t in value]


class KeywordChoice(Strict):
    categories: list[str] = Field(min_length=1)
    languages: list[str] = Field(min_length=1)


class FollowRules(Strict):
    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)
    # CSS selectors for the listing -> seller profile link (href), tried before the generic extraction.
    seller_link: list[str] = Field(default_factory=list)

    _regexes = field_validator("allow", "deny")(_check_regexes)
    _selectors = field_validator("seller_link")(_check_selectors)


class JsonVarRule(Strict):
    name: str
    is_regex: bool = False
    paths: dict[str, list[str]]

    @field_validator("paths")
    @classmethod
    def _fields(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(HINT_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}; known: {list(HINT_FIELDS)}")
        return value


class UrlPatterns(Strict):
    product: list[str] = Field(default_factory=list)
    advert: list[str] = Field(default_factory=list)
    seller: list[str] = Field(default_factory=list)
    listing: list[str] = Field(default_factory=list)

    _regexes = field_validator("product", "advert", "seller", "listing")(_check_regexes)


class ExtractRules(Strict):
    selectors: dict[str, list[str]] = Field(default_factory=dict)
    json_vars: list[JsonVarRule] = Field(default_factory=list)
    block_markers: list[str] = Field(default_factory=list)
    url_patterns: UrlPatterns = Field(default_factory=UrlPatterns)

    @field_validator("selectors")
    @classmethod
    def _selectors(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(HINT_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}; known: {list(HINT_FIELDS)}")
        for selectors in value.values():
            _check_selectors(selectors)
        return value


class HealthSpec(Strict):
    """Thresholds for crawler.health.check_run; keys left out keep HealthRules' defaults (one place)."""

    min_listings: int | None = Field(default=None, ge=0)
    min_field_coverage: dict[str, float] | None = None
    max_error_rate: float | None = Field(default=None, ge=0, le=1)
    max_blocked_rate: float | None = Field(default=None, ge=0, le=1)
    min_share_of_past: float | None = Field(default=None, ge=0, le=1)
    past_runs: int | None = Field(default=None, ge=0)


class SiteProfile(Strict):
    name: str = Field(pattern=r"^[a-z0-9_]+$")
    platform: str
    base_url: str = Field(pattern=r"^https?://[^/]+$")
    allowed_domains: list[str] = Field(min_length=1)
    needs_browser: NeedsBrowser
    robots: RobotsRules
    entry: EntryRules
    keywords: KeywordChoice
    follow: FollowRules = Field(default_factory=FollowRules)
    extract: ExtractRules = Field(default_factory=ExtractRules)
    health: HealthSpec = Field(default_factory=HealthSpec)
    confidence: Literal["high", "medium", "low"]
    structure: str = Field(min_length=1)  # the live structure the selectors assume, with dates and sources

    def hints(self) -> ExtractHints:
        selectors = dict(self.extract.selectors)
        if self.follow.seller_link:
            selectors["seller_url"] = [*self.follow.seller_link, *selectors.get("seller_url", [])]
        return ExtractHints(
            selectors=selectors,
            json_vars=[JsonVar(v.name, dict(v.paths), v.is_regex) for v in self.extract.json_vars],
            block_markers=list(self.extract.block_markers),
            product_url_patterns=list(self.extract.url_patterns.product),
            advert_url_patterns=list(self.extract.url_patterns.advert),
            seller_url_patterns=list(self.extract.url_patterns.seller),
            listing_url_patterns=list(self.extract.url_patterns.listing),
        )

    def health_rules(self) -> HealthRules:
        return HealthRules.from_mapping(self.health.model_dump(exclude_none=True))
