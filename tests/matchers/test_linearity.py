"""Screening is linear in the size of the text, and over-long fields are cut visibly."""

from __future__ import annotations

import time

import pytest

from matchers.phrases.text import Hit, drop_nested, uncovered
from matchers.rules import Rules
from matchers.screen import Screener
from matchers.types import ScreenInput


def test_nesting_and_suppression_are_one_sweep() -> None:
    """Sized: 200,000 overlapping hits resolve in one pass (the old pairwise check was quadratic
    and would take minutes here)."""
    hits = [Hit(i, i + 3, "wig", None) for i in range(0, 600_000, 3)]
    hits += [Hit(i, i + 1, "w", None) for i in range(0, 600_000, 3)]
    started = time.process_time()
    kept = drop_nested(hits)
    left = uncovered(kept, [(i, i + 3) for i in range(0, 300_000, 3)])
    assert len(kept) == 200_000
    assert len(left) == 100_000
    assert time.process_time() - started < 5  # generous; quadratic would be hours


def test_an_over_long_field_is_cut_and_the_cut_is_recorded(rules: Rules) -> None:
    limit = rules.scoring.max_field_chars
    screener = Screener([], rules)
    result = screener.screen(ScreenInput(title="Lace wig", description="x" * (limit + 10) + " made in North Korea"))
    assert result.truncated == ("description",)
    assert result.to_dict()["truncated"] == ["description"]
    assert not result.flagged  # the claim lay beyond the cut
    assert screener.screen(ScreenInput(title="Lace wig")).truncated == ()


@pytest.mark.slow
def test_one_megabyte_of_one_keyword_is_screened_in_under_a_second(rules: Rules) -> None:
    unlimited = rules.scoring.model_copy(update={"max_field_chars": 2_000_000})
    screener = Screener([], Rules(**{**rules.__dict__, "scoring": unlimited}))
    screener.screen(ScreenInput(title="wig", description="wig"))
    timings = []
    for size in (125_000, 250_000, 500_000, 1_000_000):
        started = time.perf_counter()
        result = screener.screen(ScreenInput(title="wig", description="wig " * (size // 4)))
        timings.append(time.perf_counter() - started)
        assert result.category == "wig"
        assert result.truncated == ()
    assert timings[-1] < 3.0  # 1 s on an idle core; generous for a shared CI machine
    assert timings[-1] < 6 * max(timings[1], 0.05)  # linear: ~4x from 250 KB to 1 MB, not 16x
