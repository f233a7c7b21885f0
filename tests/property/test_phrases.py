"""Phrase search: total on any text, and every reason quotes text that is really in the field."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matchers.phrases.matcher import PhraseMatcher
from matchers.screen import Screener
from matchers.types import ScreenInput
from tests.property.test_text import TEXT

# Fragments of real origin phrasing, so examples reach the matcher's deeper branches.
ORIGIN = st.sampled_from(
    ["made in North Korea", "朝鲜加工", "朝鲜手勒毛", "hand-tied in North Korea", "not made in north korea",
     "북한산", "原産国：北朝鮮", "Hecho en Corea del Norte", "DPRK", "Rason", "Dandong", "Made in China", "no", "non"]
)  # fmt: skip
FIELD = st.lists(st.one_of(TEXT, ORIGIN), max_size=12).map(" ".join)


@given(FIELD, st.booleans(), st.booleans())
def test_every_reason_quotes_the_field(phrases: PhraseMatcher, text: str, on_target: bool, origin: bool) -> None:
    for reason in phrases.match_text(text, "description", on_target=on_target, origin_field=origin):
        assert reason.matched_text
        assert reason.matched_text in text, (reason.matched_text, text)
        assert reason.detail


@given(FIELD, FIELD, st.dictionaries(st.text(max_size=10), FIELD, max_size=3))
def test_screening_is_total_and_scores_stay_in_range(screener: Screener, title: str, description: str,
                                                     attributes: dict[str, str]) -> None:  # fmt: skip
    result = screener.screen(ScreenInput(title=title, description=description, attributes=attributes))
    assert 0.0 <= result.score <= 1.0
