"""Crawl health as named checks with a severity: a minimum fails the run, a maximum warns."""

from __future__ import annotations

import pytest

from crawler.app.runs import decide
from crawler.health import HealthRules, check_run, failures

HEALTHY = {"listings/seen": 20, "fields/title": 20, "fields/seller_name": 19, "pages/parsed": 40}


def named(results: list) -> dict[str, tuple[str, str]]:  # type: ignore[type-arg]
    return {r.name: (r.severity, r.message) for r in results}


def test_healthy_run_passes() -> None:
    assert check_run(HEALTHY, HealthRules(), past_listings=[18, 20, 22]) == []


def test_lost_seller_field_fails_the_run() -> None:
    results = check_run({**HEALTHY, "fields/seller_name": 3}, HealthRules())
    assert named(results) == {
        "min_field_coverage.seller_name": ("fail", "seller_name present on 15% of listings; at least 90% expected")
    }


def test_dropped_listings_do_not_count_as_stored() -> None:
    stats = {**HEALTHY, "listings/dropped_incomplete": 20}
    assert named(check_run(stats, HealthRules()))["min_listings"] == (
        "fail",
        "only 0 complete listing(s) stored; at least 1 expected",
    )


def test_maximums_warn_and_minimums_fail() -> None:
    stats = {**HEALTHY, "pages/broken": 20, "pages/blocked": 35, "listings/seen": 5, "fields/title": 5,
             "fields/seller_name": 5}  # fmt: skip
    results = named(check_run(stats, HealthRules(), past_listings=[40, 42, 44]))
    assert results["max_error_rate"][0] == "warn"
    assert "20 of 60 pages broken" in results["max_error_rate"][1]
    assert results["max_blocked_rate"][0] == "warn"
    assert "35 of 60 pages blocked" in results["max_blocked_rate"][1]
    assert results["min_share_of_past"] == ("fail", "5 listing(s) against a median of 42 in the last 3 run(s)")


def test_warnings_alone_leave_the_run_finished() -> None:
    stats = {**HEALTHY, "pages/blocked": 30}
    results = check_run(stats, HealthRules())
    assert [r.name for r in results] == ["max_blocked_rate"]
    assert failures(results) == []
    assert decide(stats, "finished", results).status == "finished"


def test_cause_of_a_broken_run_is_one_line() -> None:
    refused = {"pages/parsed": 0, "downloader/exception_type_count/twisted.internet.error.ConnectionRefusedError": 3}
    end = decide(refused, "finished", check_run(refused, HealthRules()))
    assert (end.status, end.cause) == ("broken", "connection refused (3 request(s))")
    robots = {"pages/parsed": 0, "robotstxt/forbidden": 1}
    assert decide(robots, "finished", check_run(robots, HealthRules())).cause.startswith(
        "robots.txt forbids the start URL"
    )
    blocked = {"pages/parsed": 10, "pages/blocked": 9, "listings/seen": 0}
    assert decide(blocked, "finished", check_run(blocked, HealthRules())).cause == (
        "9 of 10 pages blocked; at most 50% allowed"
    )


def test_failed_writes_fail_the_run_with_a_count() -> None:
    stats = {**HEALTHY, "store/write_failed": 4}
    end = decide(stats, "finished", check_run(stats, HealthRules()))
    assert (end.status, end.cause) == ("failed", "4 write(s) to the store failed (database locked)")


def test_required_fields_follow_expected_coverage() -> None:
    assert HealthRules().required_fields() == ("title", "seller_name")
    assert HealthRules(min_field_coverage={"title": 0.9, "seller_name": 0.5}).required_fields() == ("title",)


def test_unknown_coverage_field_is_refused() -> None:
    with pytest.raises(ValueError, match="origin"):
        HealthRules(min_field_coverage={"origin": 0.5})
