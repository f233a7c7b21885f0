"""Word boundaries in Chinese and Korean text, so a country name only counts as a word.

Han and Hangul text has no spaces between words, and a substring search finds 北朝鲜 inside
东北 + 朝鲜族 ("the ethnic Koreans of the North-East") and 북한 inside 강북 + 한옥 ("a hanok in
Gangbuk"). A match must start (and a name also end) on a word boundary of a real segmenter: jieba
for Chinese, Kiwi (kiwipiepy) for Korean. Both ship their dictionaries in the wheel; each is
loaded once, on the first text that needs it (about 1 s and 1.5 s), and only the run of CJK text
around a match is segmented, so text without Han or Hangul around a hit costs nothing.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_HANGUL_CHAR = re.compile(f"[{_HANGUL}]")
# Characters around a match that are segmented with it: enough for the words it touches.
_CONTEXT = 12
_CACHE_SIZE = 4096


class Segmenter:
    """Word-boundary checks for Han (jieba) and Hangul (Kiwi) text; build once, share freely."""

    def __init__(self) -> None:
        self._jieba: Any = None
        self._kiwi: Any = None
        self._cache: dict[str, frozenset[int]] = {}
        self.calls = 0  # segmenter invocations, for the cost figures

    def _chinese(self, text: str) -> frozenset[int]:
        if self._jieba is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            self._jieba = jieba.Tokenizer()
        return frozenset(b for _, start, end in self._jieba.tokenize(text) for b in (start, end))

    def _korean(self, text: str) -> frozenset[int]:
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            self._kiwi = Kiwi()
        return frozenset(b for t in self._kiwi.tokenize(text) for b in (t.start, t.start + t.len))

    def _boundaries(self, window: str, korean: bool) -> frozenset[int]:
        key = ("k" if korean else "z") + window
        found = self._cache.get(key)
        if found is None:
            self.calls += 1
            found = self._korean(window) if korean else self._chinese(window)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def aligned(self, text: str, start: int, end: int, *, check_end: bool = True) -> bool:
        """Does ``text[start:end]`` start (and, with ``check_end``, end) on a word boundary?

        Only Han and Hangul matches are checked; a match edge next to a non-CJK character (a space,
        Latin, punctuation) is a boundary already."""
        first = text[start] if start < len(text) else ""
        korean = bool(_HANGUL_CHAR.match(first))
        script = _HANGUL_CHAR if korean else _HAN_CHAR
        if not (korean or _HAN_CHAR.match(first)):
            return True
        inner_start = start > 0 and bool(script.match(text, start - 1))
        inner_end = check_end and end < len(text) and bool(script.match(text, end))
        if not (inner_start or inner_end):
            return True
        lo = start
        while lo > 0 and start - lo < _CONTEXT and script.match(text, lo - 1):
            lo -= 1
        hi = end
        while hi < len(text) and hi - end < _CONTEXT and script.match(text, hi):
            hi += 1
        bounds = self._boundaries(text[lo:hi], korean)
        if inner_start and (start - lo) not in bounds:
            return False
        return not (inner_end and (end - lo) not in bounds)


@cache
def shared_segmenter() -> Segmenter:
    """One segmenter per process for every screener that is not given its own: the models take
    seconds to load and a hundred megabytes to hold, and they are read-only once loaded."""
    return Segmenter()
