"""Han characters: Traditional -> Simplified folding, pinyin, and Sino-Korean reading keys.

A Chinese company name reaches the lists as pinyin (ZHICHENG), as the Korean reading of the same
characters (CHISONG), or in characters (志成 / 誌成). ``HanjaTable.readings_of_pinyin`` turns a pinyin
token into the Korean readings it could stand for, using the small table in ``name_hanja_readings.yml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

from matchers.names.phonetic import fold
from matchers.names.rules import HanjaReadings

_T2S = OpenCC("t2s")
_MAX_SYLLABLE = 6  # longest pinyin syllable: zhuang, chuang, shuang


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def to_simplified(text: str) -> str:
    if _HAN.search(text):
        return str(_T2S.convert(text))
    return text


def pinyin(text: str) -> str:
    """Toneless pinyin of Han text, syllables joined: '金祥' -> 'jinxiang'."""
    return "".join(lazy_pinyin(text, style=Style.NORMAL))


class HanjaTable:
    """The reading table of one rule set, with its own caches (results are pure functions of the table)."""

    def __init__(self, table: HanjaReadings, max_readings: int, cache_size: int = 65536) -> None:
        self._korean_by_char = {char: korean for char, (_, korean) in table.readings.items()}
        by_syllable: dict[str, list[str]] = {}
        for syllable, korean in table.readings.values():
            options = by_syllable.setdefault(syllable, [])
            if korean not in options:
                options.append(korean)
        self._korean_by_syllable = {syllable: tuple(options) for syllable, options in by_syllable.items()}
        self._max_readings = max_readings
        self.readings_of_pinyin = lru_cache(maxsize=cache_size)(self._readings_of_pinyin)

    def reading_of_han(self, text: str) -> str | None:
        """The Sino-Korean reading of Han text (RR), or None when a character is not in the table."""
        parts = [self._korean_by_char.get(char) for char in text]
        if any(part is None for part in parts):
            return None
        return "".join(part for part in parts if part is not None)

    def _segmentations(self, word: str, start: int = 0) -> list[list[str]]:
        """Every way to split ``word[start:]`` into syllables of the reading table."""
        if start == len(word):
            return [[]]
        found: list[list[str]] = []
        for end in range(start + 1, min(len(word), start + _MAX_SYLLABLE) + 1):
            syllable = word[start:end]
            if syllable in self._korean_by_syllable:
                found.extend([syllable, *rest] for rest in self._segmentations(word, end))
        return found

    def _readings_of_pinyin(self, word: str) -> frozenset[str]:
        """Folded Korean-reading keys a pinyin word of two or more syllables could stand for.

        'jinxiang' -> keys of geumsang, geumhyang, jinsang ... ; a word that is not pinyin gives nothing.
        """
        keys: list[str] = []
        for syllables in self._segmentations(word):
            if len(syllables) < 2:
                continue
            for combination in product(*(self._korean_by_syllable[s] for s in syllables)):
                key = fold("".join(combination))
                if key not in keys:
                    keys.append(key)
                if len(keys) >= self._max_readings:
                    return frozenset(keys)
        return frozenset(keys)
