"""A consonant- and vowel-folding key for romanized Korean and Chinese name tokens.

The same Korean name reaches the lists as McCune-Reischauer (Paeksŏl, Ch'ŏngjin), Revised Romanization
(Baekseol, Cheongjin) or an ad-hoc spelling (Paek Sol, Chosun, Ryenbong). Folding maps the distinctions
those systems draw differently onto one key, so the variants meet in the index without a table of names.
The key is only ever compared with other keys; it is never shown to a person.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Ordered multi-letter rewrites: digraphs first so their letters are not rewritten one by one.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("tch", "j"),  # MR tense ㅉ
    ("zh", "j"),  # pinyin
    ("ch", "j"),  # MR ch / ch' vs RR j / ch
    ("sh", "s"),  # shin / sin
    ("eo", "o"),  # RR ㅓ vs MR ŏ (breve already stripped)
    ("eu", "u"),  # RR ㅡ vs MR ŭ; Eunha = Unha
    ("ae", "e"),  # ㅐ and ㅔ are spelled interchangeably
    ("ai", "e"),
    ("oe", "e"),
    ("ui", "i"),  # ㅢ is often written i
    ("wo", "o"),
    ("ye", "yo"),  # Ryengwang / Ryongwang: ad-hoc spellings of ㅕ
    ("ph", "p"),
    ("kh", "k"),
    ("th", "t"),
    ("mr", "mn"),  # ㅁ+ㄹ is pronounced and often written ㅁ+ㄴ (Amroggang / Amnokkang)
    ("ngr", "ngn"),  # ㅇ+ㄹ likewise: Sungrisan / Sungnisan (승리산)
)
_LETTERS = str.maketrans(
    {
        "p": "b",  # aspirated / plain stops merge: p/b, t/d, k/g, ch/j
        "t": "d",
        "k": "g",
        "c": "g",
        "q": "j",
        "z": "j",
        "x": "s",
        "f": "b",  # Korean has no f; loan spellings use p
        "l": "r",  # ㄹ is written r or l
        "u": "o",  # o/u/ŏ/ŭ are confused across romanizations (Chosun / Choson / Joseon)
    }
)
_DOUBLE = re.compile(r"(.)\1+")
# ㄹ and ㄴ at the start of a word before i/y are dropped in South Korean usage (Ryonbong / Yonbong, Ri / Yi).
_INITIAL_LIQUID = re.compile(r"^[rn](?=[iy])")


@lru_cache(maxsize=262144)
def fold(token: str) -> str:
    """Fold one lower-case ASCII token to its phonetic key ('Paekso'l' and 'baekseol' both give 'begsor')."""
    key = token
    for old, new in _DIGRAPHS:
        if old in key:
            key = key.replace(old, new)
    key = key.translate(_LETTERS)
    key = _DOUBLE.sub(r"\1", key)
    return _INITIAL_LIQUID.sub("", key)
