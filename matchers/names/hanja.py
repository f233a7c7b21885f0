"""Han characters: Traditional -> Simplified folding, pinyin, and Sino-Korean reading keys.

A Chinese company name reaches the lists as pinyin (ZHICHENG), as the Korean reading of the same
characters (CHISONG), or in characters (志成 / 誌成). ``readings_of_pinyin`` turns a pinyin token into the
Korean readings it could stand for, using the small table in ``name_hanja_readings.yml``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import product

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

from matchers.names.phonetic import fold
from matchers.names.rules import hanja_readings, settings

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


@cache
def _korean_by_char() -> dict[str, str]:
    return {char: korean for char, (_, korean) in hanja_readings().readings.items()}


@cache
def _korean_by_syllable() -> dict[str, tuple[str, ...]]:
    by_syllable: dict[str, list[str]] = {}
    for _, (syllable, korean) in hanja_readings().readings.items():
        options = by_syllable.setdefault(syllable, [])
        if korean not in options:
            options.append(korean)
    return {syllable: tuple(options) for syllable, options in by_syllable.items()}


def reading_of_han(text: str) -> str | None:
    """The Sino-Korean reading of Han text (RR), or None when a character is not in the table."""
    table = _korean_by_char()
    parts = [table.get(char) for char in text]
    if any(part is None for part in parts):
        return None
    return "".join(part for part in parts if part is not None)


def _segmentations(word: str, start: int = 0) -> list[list[str]]:
    """Every way to split ``word[start:]`` into syllables of the reading table."""
    if start == len(word):
        return [[]]
    table = _korean_by_syllable()
    found: list[list[str]] = []
    for end in range(start + 1, min(len(word), start + _MAX_SYLLABLE) + 1):
        syllable = word[start:end]
        if syllable in table:
            found.extend([syllable, *rest] for rest in _segmentations(word, end))
    return found


@lru_cache(maxsize=65536)
def readings_of_pinyin(word: str) -> frozenset[str]:
    """Folded Korean-reading keys a pinyin word of two or more syllables could stand for.

    'jinxiang' -> keys of geumsang, geumhyang, jinsang ... ; a word that is not pinyin gives nothing.
    """
    table = _korean_by_syllable()
    limit = settings().max_hanja_readings
    keys: list[str] = []
    for syllables in _segmentations(word):
        if len(syllables) < 2:
            continue
        for combination in product(*(table[s] for s in syllables)):
            key = fold("".join(combination))
            if key not in keys:
                keys.append(key)
            if len(keys) >= limit:
                return frozenset(keys)
    return frozenset(keys)
