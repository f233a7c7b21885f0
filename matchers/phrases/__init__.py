"""North Korean origin phrasing: vocabulary in matchers/rules/origin_vocabulary.yml, context rules in origin_phrases.yml."""

from matchers.phrases.matcher import PhraseMatcher, PlaceSpans
from matchers.phrases.text import normalize

__all__ = ["PhraseMatcher", "PlaceSpans", "normalize"]
