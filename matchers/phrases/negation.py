"""Negation scope: "not made in North Korea" and "북한산 아님" must not count as origin claims.

The cues are per language (origin_vocabulary.yml); a cue governs a phrase only when the language
puts nothing else between them:

- Latin/Cyrillic cues ("not", "sin", "sans", "não", "kein", "без") may stand a few words before the
  phrase, but only across transparent words ("not made in", "keine Ware aus"): in "Non-Remy human
  hair wig made in North Korea" the cue is about Remy hair.
- A coordinated list of countries may sit between the cue and the phrase: "not made in China,
  Vietnam or North Korea", "no materials from Iran, Syria, North Korea", "不含中国、越南、朝鲜成分".
  Every item must be a country name (the ISO 3166 table, in the languages we read), so "No glue,
  no shedding, North Korea hair" is not a negated list.
- Han cues double as adjectives ("无痕" seamless, "无胶" glueless), so they must touch the phrase
  ("无朝鲜成分"); only clause cues ("并非", "不是", "不含") reach a few characters ("并非在朝鲜加工").
- Korean, Japanese and Chinese cues that follow must follow directly, one particle allowed
  ("북한산 아님", "북한산이 아닙니다"); "북한산 인모 엉킴없음" says the hair does not tangle.
- "DPRK-free", "DPRK free" and "free of DPRK ..." negate; "... North Korea, free shipping" does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from matchers.phrases.text import is_word_char, normalize
from matchers.rules import Negation

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def _alternation(cues: Iterable[str]) -> str:
    return "|".join(re.escape(c) for c in sorted(set(cues), key=len, reverse=True))


@dataclass(frozen=True)
class NegationCues:
    """Every language's cues together (a listing mixes languages freely)."""

    before: tuple[str, ...]
    clause: tuple[str, ...]
    after: tuple[str, ...]
    after_clause: tuple[str, ...]
    list_joiners: tuple[str, ...]
    list_items: frozenset[str]  # canonical country names


class NegationScope:
    """Decides whether a phrase at ``text[start:end]`` sits inside a negated clause."""

    def __init__(self, config: Negation, cues: NegationCues) -> None:
        before = [normalize(c) for c in cues.before]
        spaced = [c for c in before if c and is_word_char(c[0])]
        touching = [c for c in before if c and not is_word_char(c[0])]
        clause_cues = [normalize(c) for c in cues.clause]
        self._spaced = re.compile(rf"(?<![^\W_])(?:{_alternation(spaced)})(?![^\W_])") if spaced else None
        self._transparent = frozenset(normalize(w) for w in config.transparent_words)
        self._glue = frozenset(normalize(w) for w in config.list_glue_words)
        self._touching = re.compile(rf"(?:{_alternation(touching)}) ?$") if touching else None
        self._han_cue = re.compile(_alternation(touching + clause_cues)) if touching or clause_cues else None
        self._clause = re.compile(_alternation(clause_cues)) if clause_cues else None
        after = _alternation([normalize(c) for c in cues.after])
        particles = _alternation([normalize(p) for p in config.after_particles])
        self._after = re.compile(rf" ?(?:(?:{particles}) ?)?(?:{after})") if after else None
        after_clause = _alternation([normalize(c) for c in cues.after_clause])
        self._after_clause = re.compile(after_clause) if after_clause else None
        self._after_clause_chars = config.after_clause_chars
        free = _alternation([c.casefold() for c in config.free_cues])
        self._free = re.compile(rf"(?:{free})(?![^\W_])(?: ([^\W_]+))?") if free else None
        self._free_followers = frozenset(normalize(w) for w in config.free_not_negating_before)
        joiners = [normalize(j) for j in cues.list_joiners]
        spaced_joiners = [j for j in joiners if j and is_word_char(j[0])]
        symbol_joiners = [j for j in joiners if j and not is_word_char(j[0])]
        parts = []
        if spaced_joiners:
            parts.append(rf"(?<![^\W_])(?:{_alternation(spaced_joiners)})(?![^\W_])")
        parts.append(_alternation([",", *symbol_joiners]))
        self._joiner = re.compile("|".join(parts))
        self._items = cues.list_items
        self._breaks = set(config.clause_breaks)
        # A list ends a clause at the same punctuation, except the list separators themselves.
        self._list_breaks = self._breaks - {",", "、", "/", "&"}
        self._window = config.window_chars
        self._cjk_window = config.cjk_window_chars
        self._max_items = config.max_list_items
        self._max_item_words = config.max_item_words
        self._list_window = config.window_chars + config.max_list_items * 24

    def _clause_before(self, text: str, start: int, window: int, breaks: set[str]) -> str:
        segment = text[max(0, start - window) : start]
        for index in range(len(segment) - 1, -1, -1):
            if segment[index] in breaks:
                return segment[index + 1 :]
        return segment

    def _is_item(self, words: list[str]) -> bool:
        return 0 < len(words) <= self._max_item_words and " ".join(words) in self._items

    def _list_between(self, between: str, *, words_first: bool) -> bool:
        """Is ``between`` (cue end .. phrase start) transparent words, then a list of countries
        ending in a joiner ("made in china, vietnam or ")?"""
        chunks = self._joiner.split(between)
        if len(chunks) < 2 or len(chunks) > self._max_items + 1:
            return False
        *items, last = chunks
        if any(w not in self._glue for w in _WORD.findall(last)):
            return False
        first = _WORD.findall(items[0]) if words_first else [items[0].strip()]
        if words_first:
            lead = 0
            while lead < len(first) and first[lead] in self._transparent and not self._is_item(first[lead:]):
                lead += 1
            if not self._is_item(first[lead:]):
                return False
        elif first[0] not in self._items:
            return False
        for chunk in items[1:]:
            item = _WORD.findall(chunk) if words_first else [chunk.strip()]
            if not (self._is_item(item) if words_first else item[0] in self._items):
                return False
        return True

    def _latin_cue(self, text: str, start: int) -> str | None:
        if self._spaced is None:
            return None
        clause = self._clause_before(text, start, self._window, self._breaks)
        for found in reversed(list(self._spaced.finditer(clause))):
            between = _WORD.findall(clause[found.end() :])
            if all(word in self._transparent for word in between):
                return found.group(0)
        listed = self._clause_before(text, start, self._list_window, self._list_breaks)
        for found in reversed(list(self._spaced.finditer(listed))):
            if self._list_between(listed[found.end() :], words_first=True):
                return found.group(0)
        return None

    def _han_cue_before(self, text: str, start: int) -> str | None:
        clause = self._clause_before(text, start, self._cjk_window, self._breaks)
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
        if self._han_cue is not None:
            listed = self._clause_before(text, start, self._list_window, self._list_breaks)
            for found in reversed(list(self._han_cue.finditer(listed))):
                if self._list_between(listed[found.end() :], words_first=False):
                    return found.group(0)
        return None

    def _after_cue(self, text: str, end: int) -> str | None:
        if self._after is not None:
            found = self._after.match(text, end)
            if found:
                return found.group(0).strip()
        if self._after_clause is not None:
            segment = text[end : end + self._after_clause_chars]
            stop = next((i for i, c in enumerate(segment) if c in self._breaks), len(segment))
            found = self._after_clause.search(segment[:stop])
            if found:
                return found.group(0)
        if self._free is not None:
            found = self._free.match(text, end)
            if found and found.group(1) not in self._free_followers:
                return found.group(0).strip()
        return None

    def cue(self, text: str, start: int, end: int) -> str | None:
        """The negation cue governing the phrase, or None when the phrase is asserted."""
        return self._latin_cue(text, start) or self._han_cue_before(text, start) or self._after_cue(text, end)
