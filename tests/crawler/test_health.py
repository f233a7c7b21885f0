from __future__ import annotations

import pytest

from crawler.health import HealthRules, check_run

HEALTHY = {"listings/seen": 20, "fields/title": 20, "fields/seller_name": 19, "pages/parsed": 40}


def test_healthy_run_passes() -> None:
    assert check_run(HEALTHY, HealthRules(), past_listings=[18, 20, 22]) == []


def test_lost_seller_field_is_reported() -> None:
    failures = check_run({**HEALTHY, "fields/seller_name": 3}, HealthRules())
    assert failures == ["seller_name present on 15% of listings; at least 90% expected"]


def test_dropped_listings_do_not_count_as_stored() -> None:
    stats = {**HEALTHY, "listings/dropped_incomplete": 20}
    assert "only 0 complete listing(s) stored; at least 1 expected" in check_run(stats, HealthRules())


def test_error_and_block_rates_and_past_runs() -> None:
    stats = {**HEALTHY, "pages/broken": 20, "pages/blocked": 35, "listings/seen": 5, "fields/title": 5,
             "fields/seller_name": 5}  # fmt: skip
    failures = check_run(stats, HealthRules(), past_listings=[40, 42, 44])
    assert any("pages broken" in f for f in failures)
    assert any("pages blocked" in f for f in failures)
    assert any("median of 42" in f for f in failures)


def test_required_fields_follow_expected_coverage() -> None:
    assert HealthRules().required_fields() == ("title", "seller_name")
    assert HealthRules(min_field_coverage={"title": 0.9, "seller_name": 0.5}).required_fields() == ("title",)


def test_unknown_coverage_field_is_refused() -> None:
    with pytest.raises(ValueError, match="origin"):
        HealthRules(min_field_coverage={"origin": 0.5})
