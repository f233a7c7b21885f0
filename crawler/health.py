"""Crawl health: a run whose selectors silently stopped working must say so, loudly.

Named checks with a severity, in the manner of spidermon's monitors and zavod's assertions: a
minimum that is not met (listings stored, field coverage, share of past runs) fails the run; a
maximum that is exceeded (error rate, block rate) warns. Pure functions over the run's stats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Literal

Severity = Literal["fail", "warn"]

COVERED_FIELDS = ("title", "seller_name", "price")
# Every listing needs these, on every site: without a title there is nothing for a person to judge.
ALWAYS_REQUIRED: tuple[str, ...] = ("title",)
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
        return tuple(dict.fromkeys((*ALWAYS_REQUIRED, *expected)))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> HealthRules:
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown health setting(s): {', '.join(sorted(unknown))}")
        return cls(**values)


def stored_listings(stats: Mapping[str, Any]) -> int:
    """Listings found minus those dropped as incomplete (broken selectors never store empty listings)."""
    return int(stats.get("listings/seen", 0)) - int(stats.get("listings/dropped_incomplete", 0))


@dataclass(frozen=True)
class CheckResult:
    """One check that did not pass: its name, its severity and a line for the person reading the run."""

    name: str  # min_listings | min_field_coverage.<field> | max_error_rate | max_blocked_rate | min_share_of_past
    severity: Severity
    message: str

    def __str__(self) -> str:
        return self.message


def check_run(stats: Mapping[str, Any], rules: HealthRules, past_listings: Sequence[int] = ()) -> list[CheckResult]:
    """Every check that did not pass; empty when healthy. ``fail`` results make the run broken."""
    results: list[CheckResult] = []
    seen = int(stats.get("listings/seen", 0))
    stored = stored_listings(stats)
    broken = int(stats.get("pages/broken", 0))
    blocked = int(stats.get("pages/blocked", 0))
    fetched = int(stats.get("pages/parsed", 0)) + broken
    if stored < rules.min_listings:
        message = f"only {stored} complete listing(s) stored; at least {rules.min_listings} expected"
        results.append(CheckResult("min_listings", "fail", message))
    if seen:
        for name, minimum in rules.min_field_coverage.items():
            share = int(stats.get(f"fields/{name}", 0)) / seen
            if share < minimum:
                message = f"{name} present on {share:.0%} of listings; at least {minimum:.0%} expected"
                results.append(CheckResult(f"min_field_coverage.{name}", "fail", message))
    if fetched:
        if broken / fetched > rules.max_error_rate:
            message = f"{broken} of {fetched} pages broken; at most {rules.max_error_rate:.0%} allowed"
            results.append(CheckResult("max_error_rate", "warn", message))
        if blocked / fetched > rules.max_blocked_rate:
            message = f"{blocked} of {fetched} pages blocked; at most {rules.max_blocked_rate:.0%} allowed"
            results.append(CheckResult("max_blocked_rate", "warn", message))
    if past_listings:
        typical = median(past_listings)
        if typical and stored < typical * rules.min_share_of_past:
            message = f"{stored} listing(s) against a median of {typical:g} in the last {len(past_listings)} run(s)"
            results.append(CheckResult("min_share_of_past", "fail", message))
    return results


def failures(results: Sequence[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.severity == "fail"]
