"""Text normalization and keyword search shared by the phrase, place, category and contact matchers.

Every matcher searches the same normalized form (NFKC, case-folded, typographic quotes made plain,
whitespace collapsed, spaces around colons dropped) so a rule written once matches full-width,
upper-case and oddly spaced variants alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "‐": "-", "–": "-"})
_SPACES = re.compile(r"\s+")
# "원산지 : 조선" and "Origin:DPRK" must read the same as "원산지: 조선".
_COLON = re.compile(r"\s*:\s*")


# The screener normalizes the same title once per matcher; caching keeps that to one pass.
@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return _COLON.sub(": ", _SPACES.sub(" ", folded)).strip()


# "Origin (extracted)", "Country of Origin (optional)", "产地（省份）": the bracketed qualifier does
# not change what the value is.
_QUALIFIER = re.compile(r"\s*[(\[（【][^()\[\]（）【】]*[)\]）】]\s*$")


def label_key(label: str) -> str:
    """The form labels are compared in: normalized, a trailing bracketed qualifier and colon dropped."""
    key = normalize(label).rstrip(":").strip()
    return _QUALIFIER.sub("", key) or key


class LabelSet:
    """Attribute labels compared by ``label_key`` ("Origin (extracted)" is "origin")."""

    def __init__(self, labels: Iterable[str]) -> None:
        self._keys = frozenset(label_key(label) for label in labels)

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and label_key(label) in self._keys

    def __or__(self, other: LabelSet) -> LabelSet:
        joined = LabelSet(())
        joined._keys = self._keys | other._keys
        return joined


def is_word_char(char: str) -> bool:
    """Letters and digits of scripts that separate words with spaces (Latin, Greek, Cyrillic)."""
    return char.isalnum() and ord(char) < 0x1100


def needs_boundary(char: str) -> bool:
    return is_word_char(char)


@dataclass(frozen=True)
class Hit(Generic[T]):
    start: int
    end: int  # exclusive
    text: str
    payload: T


class KeywordIndex(Generic[T]):
    """Aho-Corasick search over normalized text with word-boundary checks for spaced scripts.

    Patterns are normalized with ``normalize`` when added. A pattern that starts (ends) with a
    Latin/Cyrillic letter or digit only matches where the text has no such letter just before
    (after) it, so "dprk" does not fire inside "dprkn" and "rason" not inside "reason".
    ``prefix=True`` drops the right-hand check, for inflected languages ("nordkorea" in
    "nordkoreanische").
    """

    def __init__(self, entries: Iterable[tuple[str, T, bool]]) -> None:
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[T, bool]]] = {}
        for pattern, payload, prefix in entries:
            key = normalize(pattern)
            if not key:
                raise ValueError(f"empty keyword pattern {pattern!r}")
            table.setdefault(key, []).append((payload, prefix))
        for key, payloads in table.items():
            self._automaton.add_word(key, (key, payloads))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit[T]]:
        """Every boundary-respecting occurrence in already-normalized ``text``."""
        if self._empty or not text:
            return []
        hits: list[Hit[T]] = []
        for end_index, (key, payloads) in self._automaton.iter(text):
            start = end_index - len(key) + 1
            end = end_index + 1
            left_ok = not (needs_boundary(key[0]) and start > 0 and is_word_char(text[start - 1]))
            if not left_ok:
                continue
            right_blocked = needs_boundary(key[-1]) and end < len(text) and is_word_char(text[end])
            for payload, prefix in payloads:
                if right_blocked and not prefix:
                    continue
                hits.append(Hit(start, end, key, payload))
        return hits


def drop_nested(hits: list[Hit[T]]) -> list[Hit[T]]:
    """Keep the longest hit where hits overlap ("北朝鲜" wins over the "朝鲜" inside it)."""
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit[T]] = []
    for hit in ordered:
        if any(k.start <= hit.start and hit.end <= k.end for k in kept):
            continue
        kept.append(hit)
    return kept


def covered(hit: Hit[T], spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= hit.start and hit.end <= end for start, end in spans)
