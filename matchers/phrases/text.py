"""Text normalization and keyword search shared by the phrase, place, category and contact matchers.

Every matcher searches the same canonical form (matchers.canonical: entities decoded, format
characters dropped, NFKC, case-folded, spaced-out letters joined, single spaces) so a rule written
once matches full-width, upper-case, obfuscated and oddly spaced variants alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from matchers.canonical import normalize as canonical_normalize

T = TypeVar("T")


def normalize(text: str) -> str:
    """The canonical comparison form (matchers.canonical): every rule, label and text is compared in it."""
    return canonical_normalize(text)


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
            # Boundary needs are worked out once per pattern, not once per occurrence.
            self._automaton.add_word(key, (key, len(key), needs_boundary(key[0]), needs_boundary(key[-1]), payloads))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str, *, limit: int | None = None) -> list[Hit[T]]:
        """Every boundary-respecting occurrence in already-normalized ``text`` (the first ``limit``
        when given)."""
        if self._empty or not text:
            return []
        hits: list[Hit[T]] = []
        length = len(text)
        for end_index, (key, size, left, right, payloads) in self._automaton.iter(text):
            start = end_index - size + 1
            end = end_index + 1
            if left and start > 0:
                before = text[start - 1]
                if before.isalnum() and before < "\u1100":
                    continue
            right_blocked = False
            if right and end < length:
                after = text[end]
                right_blocked = after.isalnum() and after < "\u1100"
            for payload, prefix in payloads:
                if right_blocked and not prefix:
                    continue
                hits.append(Hit(start, end, key, payload))
            if limit is not None and len(hits) >= limit:
                break
        return hits


def drop_nested(hits: list[Hit[T]]) -> list[Hit[T]]:
    """Keep the longest hit where hits overlap ("北朝鲜" wins over the "朝鲜" inside it).

    One sort and one sweep: hits come by start, longest first, so a hit lies inside an earlier kept
    hit exactly when it ends no later than the furthest kept end."""
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit[T]] = []
    furthest = -1
    for hit in ordered:
        if hit.end <= furthest:
            continue
        kept.append(hit)
        furthest = hit.end
    return kept


def uncovered(hits: list[Hit[T]], spans: Iterable[tuple[int, int]]) -> list[Hit[T]]:
    """The hits that lie inside none of ``spans``, in one sort and sweep (not hits x spans)."""
    ordered_spans = sorted(spans)
    if not ordered_spans:
        return list(hits)
    kept: list[Hit[T]] = []
    index = 0
    furthest = -1  # furthest end among spans starting at or before the hit's start
    for hit in sorted(hits, key=lambda h: h.start):
        while index < len(ordered_spans) and ordered_spans[index][0] <= hit.start:
            furthest = max(furthest, ordered_spans[index][1])
            index += 1
        if hit.end > furthest:
            kept.append(hit)
    return kept


def covered(hit: Hit[T], spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= hit.start and hit.end <= end for start, end in spans)
