"""Crawl health: a run whose selectors silently stopped working must say so, loudly.

Checks in the manner of spidermon's monitors: minimum listings, field coverage, error and block
rates, and a comparison with the spider's past runs. Pure functions over the run's stats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

COVERED_FIELDS = ("title", "seller_name", "price")
# A field a site shows on at least this share of its listings is required there: a listing without it
# means the selectors broke, and it is dropped rather than stored empty.
REQUIRED_COVERAGE = 0.9
# A seller known only by its profile link (its page could not be fetched) is still a known seller.
SATISFIED_BY = {"seller_name": ("seller_url",)}


@dataclass(frozen=True)
class HealthRules:
    min_listings: int = 1
    min_field_coverage: Mapping[str, float] = field(default_factory=lambda: {"title": 0.9, "seller_name": 0.9})
    max_error_rate: float = 0.2  # broken pages / pages fetched
    max_blocked_rate: float = 0.5  # blocked pages / pages fetched
    min_share_of_past: float = 0.5  # listings vs the median of recent finished runs
    past_runs: int = 5

    def __post_init__(self) -> None:
        unknown = set(self.min_field_coverage) - set(COVERED_FIELDS)
        if unknown:
            raise ValueError(
                f"field coverage is counted for {', '.join(COVERED_FIELDS)} only, not {', '.join(sorted(unknown))}"
            )

    def required_fields(self) -> tuple[str, ...]:
        expected = (name for name, share in self.min_field_coverage.items() if share >= REQUIRED_COVERAGE)
        return tuple(dict.fromkeys(("title", *expected)))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> HealthRules:
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown health setting(s): {', '.join(sorted(unknown))}")
        return cls(**values)


def stored_listings(stats: Mapping[str, Any]) -> int:
    """Listings found minus those dropped as incomplete (broken selectors never store empty listings)."""
    return int(stats.get("listings/seen", 0)) - int(stats.get("listings/dropped_incomplete", 0))


def check_run(stats: Mapping[str, Any], rules: HealthRules, past_listings: Sequence[int] = ()) -> list[str]:
    """Every failed check, written for the person reading the run record; empty when healthy."""
    failures: list[str] = []
    seen = int(stats.get("listings/seen", 0))
    stored = stored_listings(stats)
    broken = int(stats.get("pages/broken", 0))
    blocked = int(stats.get("pages/blocked", 0))
    fetched = int(stats.get("pages/parsed", 0)) + broken
    if stored < rules.min_listings:
        failures.append(f"only {stored} complete listing(s) stored; at least {rules.min_listings} expected")
    if seen:
        for name, minimum in rules.min_field_coverage.items():
            share = int(stats.get(f"fields/{name}", 0)) / seen
            if share < minimum:
                failures.append(f"{name} present on {share:.0%} of listings; at least {minimum:.0%} expected")
    if fetched:
        if broken / fetched > rules.max_error_rate:
            failures.append(f"{broken} of {fetched} pages broken; at most {rules.max_error_rate:.0%} allowed")
        if blocked / fetched > rules.max_blocked_rate:
            failures.append(f"{blocked} of {fetched} pages blocked; at most {rules.max_blocked_rate:.0%} allowed")
    if past_listings:
        typical = median(past_listings)
        if typical and stored < typical * rules.min_share_of_past:
            failures.append(
                f"{stored} listing(s) against a median of {typical:g} in the last {len(past_listings)} run(s)"
            )
    return failures
