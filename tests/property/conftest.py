"""Property tests: a settings profile that keeps CI fast and repeatable, and a check that a text
path stays linear on adversarial input (no catastrophic regex backtracking)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from matchers.phrases.matcher import PhraseMatcher
from matchers.places import PlaceIndex
from matchers.rules import Rules, load_rules
from matchers.screen import Screener
from matchers.types import ScreenInput

ROOT = Path(__file__).resolve().parents[2]
# The fuzzing budget, stated once. CI: derandomized (the same examples every run, so no example
# database), a modest number of examples, a deadline per example. "dev" (HYPOTHESIS_PROFILE=dev):
# random, more examples, failing examples kept in .hypothesis/ (ignored by git) and replayed first.
MAX_EXAMPLES = 60
DEADLINE_MS = 2000
SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "ci", derandomize=True, max_examples=MAX_EXAMPLES, deadline=DEADLINE_MS, suppress_health_check=SLOW_INPUTS
)
settings.register_profile(
    "dev", max_examples=1000, deadline=None, suppress_health_check=SLOW_INPUTS,
    database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")),
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BIG = 1_000_000  # adversarial text of 1 MB ...
SMALL = BIG // 10
# Each tenfold step may cost this much more than tenfold (a shared 2-core machine, caches); quadratic
# work costs a hundredfold and exceeds it.
LINEAR_SLACK = 3.0
FLOOR_SECONDS = 0.25  # below this, timings are noise
CEILING_SECONDS = 30.0  # 1 MB must be done within this, whatever the ratio


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def assert_linear(run: Callable[[str], object], make: Callable[[int], str], what: str) -> float:
    """Run ``run`` on ``make(n)`` for n = 1 KB, 10 KB, 100 KB, 1 MB; fail at the first tenfold step
    that costs more than linear (with slack), so quadratic work fails in seconds rather than hours.
    Returns the seconds the 1 MB input took."""
    run(make(100))  # warm caches and lazy rule loading
    previous = 0.0
    size = BIG // 1000
    while True:
        text = make(size)
        took = seconds(lambda: run(text))  # noqa: B023 - called at once, inside this iteration
        allowed = max(previous * 10 * LINEAR_SLACK, FLOOR_SECONDS)
        assert took < allowed, f"{what}: {size // 10:,} chars {previous:.3f} s, {size:,} chars {took:.3f} s"
        if size >= BIG:
            assert took < CEILING_SECONDS, f"{what}: 1 MB took {took:.1f} s"
            return took
        previous, size = took, size * 10


def repeat(unit: str) -> Callable[[int], str]:
    """Text of about ``n`` characters made of ``unit`` over and over."""
    return lambda n: unit * max(1, n // len(unit))


# Adversarial shapes: one keyword over and over (the 200 KB description that stalled a crawl), spaced
# letters, entity runs, zero-width runs, unclosed brackets, digit runs with separators.
ADVERSARIAL = {
    "keyword": repeat("朝鲜 "),
    "keyword-latin": repeat("north korea "),
    "claim": repeat("made in "),
    "negation": repeat("not "),
    "spaced-letters": repeat("N o r t h K o r e a "),
    "one-letter": repeat("a"),
    "spaces": lambda n: "x" + " " * n + "y",
    "entities": repeat("&#x41;&amp;"),
    "zero-width": repeat("\u200bK\u200b"),
    "hangul": repeat("북한산 "),
    "digits": repeat("1,0"),
    "punctuation": repeat("-_.~"),
}


WARM_UP = "朝鲜加工 北韓 북한산 made in North Korea 原産国：北朝鮮 Rason"


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def phrases(rules: Rules) -> PhraseMatcher:
    places = PlaceIndex(rules.places, rules.origin_labels.labels, rules.gazetteer)
    matcher = PhraseMatcher.from_rules(rules, places.nk_spans)
    matcher.match_text(WARM_UP, "description")  # lazy loading (segmenter, caches) is not what is timed
    return matcher


@pytest.fixture(scope="session")
def screener(rules: Rules) -> Screener:
    screener = Screener([], rules)
    screener.screen(ScreenInput(title=WARM_UP, description=WARM_UP))
    return screener
