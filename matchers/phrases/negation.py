"""Negation scope: "not made in North Korea" and "북한산 아님" must not count as origin claims."""

from __future__ import annotations

import re

from matchers.phrases.text import is_word_char, normalize
from matchers.rules import Negation


def _alternation(cues: list[str]) -> str:
    return "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))


class NegationScope:
    """Decides whether a phrase at ``text[start:end]`` sits inside a negated clause.

    Latin/Cyrillic cues ("not", "kein", "без") may stand a few words before the phrase; Han cues
    ("不", "非") must sit right before it, because Chinese listings run unrelated claims together
    ("不掉发朝鲜手勒"); Korean and Japanese negate after the noun ("북한산 아님").
    """

    def __init__(self, config: Negation) -> None:
        before = [normalize(c) for c in config.before]
        spaced = [c for c in before if is_word_char(c[0])]
        unspaced = [c for c in before if not is_word_char(c[0])]
        self._spaced = re.compile(rf"(?<![^\W_])(?:{_alternation(spaced)})(?![^\W_])") if spaced else None
        self._unspaced = re.compile(_alternation(unspaced)) if unspaced else None
        after = [normalize(c) for c in config.after]
        self._after = re.compile(_alternation(after)) if after else None
        self._breaks = set(config.clause_breaks)
        self._window = config.window_chars
        self._cjk_window = config.cjk_window_chars
        self._after_window = config.after_window_chars

    def _clause_before(self, text: str, start: int, window: int) -> str:
        segment = text[max(0, start - window) : start]
        for index in range(len(segment) - 1, -1, -1):
            if segment[index] in self._breaks:
                return segment[index + 1 :]
        return segment

    def _clause_after(self, text: str, end: int) -> str:
        segment = text[end : end + self._after_window]
        for index, char in enumerate(segment):
            if char in self._breaks:
                return segment[:index]
        return segment

    def cue(self, text: str, start: int, end: int) -> str | None:
        """The negation cue governing the phrase, or None when the phrase is asserted."""
        if self._spaced is not None:
            found = self._spaced.search(self._clause_before(text, start, self._window))
            if found:
                return found.group(0)
        if self._unspaced is not None:
            # Chinese titles separate unrelated claims with spaces ("不掉发 朝鲜手工"), so a space
            # ends the scope of a Han cue.
            segment = self._clause_before(text, start, self._cjk_window).rsplit(" ", 1)[-1]
            found = self._unspaced.search(segment)
            if found:
                return found.group(0)
        if self._after is not None:
            found = self._after.search(self._clause_after(text, end))
            if found:
                return found.group(0)
        return None
