"""Negation scope: "not made in North Korea" and "북한산 아님" must not count as origin claims.

A cue governs a phrase only when the language puts nothing else between them:

- Latin/Cyrillic cues ("not", "kein", "без") may stand a few words before the phrase, but only across
  transparent words ("not made in", "keine Ware aus"): in "Non-Remy human hair wig made in North
  Korea" and "No glue needed wig made in North Korea" the cue is about Remy hair and glue.
- Han cues double as adjectives ("无痕" seamless, "无胶" glueless, "不掉发" no shedding), so they must
  touch the phrase ("无朝鲜成分"); only clause cues ("并非", "不是", "不在", "非") reach a few
  characters ("并非在朝鲜加工").
- Korean, Japanese and Chinese cues that follow must follow directly, one particle allowed
  ("북한산 아님", "북한산이 아닙니다"); "북한산 인모 엉킴없음" says the hair does not tangle.
- "DPRK-free", "DPRK free" and "free of DPRK ..." negate; "... North Korea, free shipping" does not.
"""

from __future__ import annotations

import re

from matchers.phrases.text import is_word_char, normalize
from matchers.rules import Negation

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def _alternation(cues: list[str]) -> str:
    return "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))


class NegationScope:
    """Decides whether a phrase at ``text[start:end]`` sits inside a negated clause."""

    def __init__(self, config: Negation) -> None:
        before = [normalize(c) for c in config.before]
        spaced = [c for c in before if is_word_char(c[0])]
        clause_cues = [normalize(c) for c in config.han_clause_cues]
        touching = [c for c in before if not is_word_char(c[0])]
        # A spaced cue: the last one in the clause, then only transparent words up to the phrase.
        self._spaced = re.compile(rf"(?<![^\W_])(?:{_alternation(spaced)})(?![^\W_])") if spaced else None
        self._transparent = frozenset(normalize(w) for w in config.transparent_words)
        self._touching = re.compile(rf"(?:{_alternation(touching)}) ?$") if touching else None
        self._clause = re.compile(_alternation(clause_cues)) if clause_cues else None
        after = _alternation([normalize(c) for c in config.after])
        particles = _alternation([normalize(p) for p in config.after_particles])
        self._after = re.compile(rf" ?(?:(?:{particles}) ?)?(?:{after})") if after else None
        free = _alternation([c.casefold() for c in config.free_cues])
        self._free = re.compile(rf"(?:{free})(?![^\W_])(?: ([^\W_]+))?") if free else None
        self._free_followers = frozenset(normalize(w) for w in config.free_not_negating_before)
        self._breaks = set(config.clause_breaks)
        self._window = config.window_chars
        self._cjk_window = config.cjk_window_chars

    def _clause_before(self, text: str, start: int, window: int) -> str:
        segment = text[max(0, start - window) : start]
        for index in range(len(segment) - 1, -1, -1):
            if segment[index] in self._breaks:
                return segment[index + 1 :]
        return segment

    def _latin_cue(self, text: str, start: int) -> str | None:
        if self._spaced is None:
            return None
        clause = self._clause_before(text, start, self._window)
        for found in reversed(list(self._spaced.finditer(clause))):
            between = _WORD.findall(clause[found.end() :])
            if all(word in self._transparent for word in between):
                return found.group(0)
        return None

    def _han_cue(self, text: str, start: int) -> str | None:
        clause = self._clause_before(text, start, self._cjk_window)
        if self._touching is not None:
            found = self._touching.search(clause)
            if found:
                return found.group(0).strip()
        if self._clause is not None:
            # Chinese titles separate unrelated claims with spaces ("非洲风格 朝鲜手工"), so a space
            # ends the scope of a clause cue.
            found = self._clause.search(clause.rsplit(" ", 1)[-1])
            if found:
                return found.group(0)
        return None

    def _after_cue(self, text: str, end: int) -> str | None:
        if self._after is not None:
            found = self._after.match(text, end)
            if found:
                return found.group(0).strip()
        if self._free is not None:
            found = self._free.match(text, end)
            if found and found.group(1) not in self._free_followers:
                return found.group(0).strip()
        return None

    def cue(self, text: str, start: int, end: int) -> str | None:
        """The negation cue governing the phrase, or None when the phrase is asserted."""
        return self._latin_cue(text, start) or self._han_cue(text, start) or self._after_cue(text, end)
