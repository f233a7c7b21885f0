"""North Korean origin phrasing: rules in matchers/rules/origin_phrases.yml."""

from matchers.phrases.matcher import PhraseMatcher, PlaceSpans
from matchers.phrases.text import normalize

__all__ = ["PhraseMatcher", "PlaceSpans", "normalize"]
