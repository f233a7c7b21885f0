"""One canonical form of listing text for every matcher, with a map back to the original text.

Listings arrive obfuscated, by accident or on purpose: ``&nbsp;`` and other entities from
spreadsheets and scraped markup, zero-width characters inside words, full-width digits, letters
spaced out ("M a d e  i n ..."), and separators between Han characters ("朝 鲜 加 工", "朝·鲜"). The
canonical form undoes all of that, then applies the comparison form every rule is written in
(NFKC, case-folded, plain quotes, single spaces, "a : b" as "a: b").

Each step is a regular-expression pass that records only the places where it changed the length of
the text, so a matcher's span in the canonical text maps back to the exact original substring
(``Canonical.original``). Every step is linear in the length of the text, and a step that finds
nothing to change costs one C-level scan.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Canonical", "canonicalize", "normalize"]


def _format_chars() -> str:
    """Category Cf (zero-width space and joiners, soft hyphen, bidi marks, BOM, tag characters ...)
    as a character class of ranges, which the regex engine tests far faster than single members."""
    codes = [c for c in range(0x80, sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_CF = re.compile(f"[{_format_chars()}]+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_NON_ASCII_RUN = re.compile(r"[A-Za-z0-9]?[^\x00-\x7f]+")
_ASCII_LOWER = str.maketrans({c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "‐": "-", "–": "-"})
# Runs of single letters separated by single spaces ("M a d e"); two or more spaces end a run,
# because that is how spaced-out text separates its words ("M a d e  i n").
_LETTER = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"  # Latin, Greek, Cyrillic: CJK has its own step
_SPACED_LETTERS = re.compile(f"(?<![\\w])[{_LETTER}](?: [{_LETTER}])+(?![\\w])")
_MIN_SPACED_RUN = 3  # "a b" is ordinary text; "M a d e" is not
# Single letters joined by one repeated punctuation mark ("N.o.r.t.h", "K-o-r-e-a", "N_o_r_t_h"):
# at least four letters, so "e.g." and "U.S.A." stay as they are.
_PUNCTUATED_LETTERS = re.compile(f"(?<![\\w.\\-_*])[{_LETTER}]([.\\-_*])[{_LETTER}](?:\\1[{_LETTER}]){{2,}}(?![\\w])")
# Cyrillic and Greek letters that look like Latin ones, written inside a Latin word to hide it
# ("Nоrth Kоrea" with Cyrillic о): folded to Latin in words that mix the scripts, never in Russian
# or Greek text. One character for one, so positions do not move.
_HOMOGLYPHS = str.maketrans(
    {"а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
     "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ο": "o", "α": "a", "ι": "i",
     "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c"}
)  # fmt: skip
_MIXED_WORD = re.compile(r"[^\W\d_]*(?:[a-z][^\W\d_]*[\u0370-\u04ff]|[\u0370-\u04ff][^\W\d_]*[a-z])[^\W\d_]*")
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
_COLON = re.compile(r" ?: ?")
_CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff"
)
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# Separators people put between Han (or Hangul) characters to break up a phrase: "朝 鲜", "朝·鲜",
# "朝*鲜", "朝-鲜". Clause punctuation (，、。) is not among them: it separates list items.
_CJK_SEPARATED = re.compile(f"(?<=[{_CJK}])[ ·・•‧∙⋅*_~\\-/.]+(?=[{_CJK}])")
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Middle dots and bullets never separate words between Han characters in ordinary text.
_ALWAYS_DROPPED = frozenset("·・•‧∙⋅")


@dataclass(frozen=True)
class _Edits:
    """Where one step changed the text's length: output span [out_start, out_end) came from input
    span [in_start, in_end). Outside these spans the step kept characters one for one."""

    out_starts: list[int] = field(default_factory=list)
    out_ends: list[int] = field(default_factory=list)
    in_starts: list[int] = field(default_factory=list)
    in_ends: list[int] = field(default_factory=list)

    def add(self, out_start: int, out_end: int, in_start: int, in_end: int) -> None:
        self.out_starts.append(out_start)
        self.out_ends.append(out_end)
        self.in_starts.append(in_start)
        self.in_ends.append(in_end)

    def start(self, pos: int) -> int:
        """Input position of the character at output ``pos`` (its start)."""
        i = bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.out_ends[i]:
            return self.in_starts[i]
        return self.in_ends[i] + (pos - self.out_ends[i])

    def end(self, pos: int) -> int:
        """Input position just after the output character before ``pos`` (an exclusive end)."""
        if pos <= 0:
            return 0
        i = bisect_right(self.out_starts, pos - 1) - 1
        if i < 0:
            return pos
        if pos - 1 < self.out_ends[i]:
            return self.in_ends[i]
        return self.in_ends[i] + (pos - self.out_ends[i])


Replace = Callable[[re.Match[str]], str | None]


def _substitute(pattern: re.Pattern[str], text: str, replace: Replace) -> tuple[str, _Edits]:
    """``pattern.sub`` that records every length-changing replacement; ``replace`` returning None
    keeps the match as it is."""
    edits = _Edits()
    pieces: list[str] = []
    last = 0
    out = 0
    for found in pattern.finditer(text):
        new = replace(found)
        if new is None:
            continue
        start, end = found.span()
        pieces.append(text[last:start])
        out += start - last
        pieces.append(new)
        if len(new) != end - start:
            edits.add(out, out + len(new), start, end)
        out += len(new)
        last = end
    if not pieces:
        return text, edits
    pieces.append(text[last:])
    return "".join(pieces), edits


def _per_char(text: str, fold: Callable[[str], str]) -> tuple[str, _Edits]:
    """Apply ``fold`` to each non-ASCII run; where a run changes length, go character cluster by
    cluster (NFKC composes a base letter with the combining marks after it, so they go together)
    and record the clusters that changed length."""
    edits = _Edits()
    pieces: list[str] = []
    last = 0
    out = 0
    for found in _NON_ASCII_RUN.finditer(text):
        run = found.group(0)
        new = fold(run)
        if new == run:
            continue
        start = found.start()
        pieces.append(text[last:start])
        out += start - last
        last = found.end()
        if len(new) == len(run):
            pieces.append(new)
            out += len(new)
            continue
        index = 0
        while index < len(run):
            stop = index + 1
            while stop < len(run) and unicodedata.combining(run[stop]):
                stop += 1
            cluster = run[index:stop]
            folded = fold(cluster)
            if len(folded) != len(cluster):
                edits.add(out, out + len(folded), start + index, start + stop)
            pieces.append(folded)
            out += len(folded)
            index = stop
    if not pieces:
        return text, edits
    pieces.append(text[last:])
    return "".join(pieces), edits


def _unescape(found: re.Match[str]) -> str | None:
    new = html.unescape(found.group(0))
    return None if new == found.group(0) else new


def _collapse_spaced_letters(text: str) -> tuple[str, _Edits]:
    runs = list(_SPACED_LETTERS.finditer(text))
    if not runs:
        return text, _Edits()
    long_runs = [(m.end() - m.start() + 1) // 2 >= _MIN_SPACED_RUN for m in runs]
    # A two-letter word ("i n") joins only beside a longer spaced-out run ("M a d e  i n").
    keep = []
    for i, found in enumerate(runs):
        if long_runs[i]:
            keep.append(True)
            continue
        before = i > 0 and long_runs[i - 1] and not text[runs[i - 1].end() : found.start()].strip()
        after = i + 1 < len(runs) and long_runs[i + 1] and not text[found.end() : runs[i + 1].start()].strip()
        keep.append(before or after)
    edits = _Edits()
    pieces: list[str] = []
    last = 0
    out = 0
    for found, joined in zip(runs, keep, strict=True):
        if not joined:
            continue
        start, end = found.span()
        pieces.append(text[last:start])
        out += start - last
        for offset in range(0, end - start, 2):
            pieces.append(text[start + offset])
            edits.add(out, out + 1, start + offset, start + offset + 1)
            out += 1
        last = end
    pieces.append(text[last:])
    return "".join(pieces), edits


def _unpunctuate(found: re.Match[str]) -> str:
    return found.group(0).replace(found.group(1), "")


def _fold_homoglyphs(text: str) -> str:
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_HOMOGLYPHS), text)


def _cjk_separator(text: str) -> Replace:
    def lone(pos: int, step: int) -> bool:
        """Is the CJK character at ``pos`` a word of one character (no CJK character beyond it)?"""
        beyond = pos + step
        return not (0 <= beyond < len(text) and _CJK_CHAR.match(text, beyond))

    def replace(found: re.Match[str]) -> str | None:
        separator = found.group(0)
        if all(c in _ALWAYS_DROPPED for c in separator):
            return ""
        left, right = found.start() - 1, found.end()
        left_lone, right_lone = lone(left, -1), lone(right, 1)
        # Han: one lone character is enough ("朝 鲜加工"); Hangul writes one-syllable words
        # ("이 제품"), so both sides must be lone syllables ("북 한 산").
        hangul = _HANGUL.match(text, left) or _HANGUL.match(text, right)
        joined = (left_lone and right_lone) if hangul else (left_lone or right_lone)
        return "" if joined else None

    return replace


@dataclass(frozen=True)
class Canonical:
    """Canonical text plus the steps that map its positions back to ``source``."""

    source: str
    text: str
    steps: tuple[_Edits, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of canonical ``text[start:end]``."""
        if start >= end:
            return start, start
        for edits in reversed(self.steps):
            start, end = edits.start(start), edits.end(end)
        return start, end

    def original(self, start: int, end: int) -> str:
        """The original substring that canonical ``text[start:end]`` came from."""
        begin, finish = self.span(start, end)
        return self.source[begin:finish]

    def find_original(self, canonical_fragment: str) -> str | None:
        """The original text of the first occurrence of a canonical fragment, or None."""
        fragment = normalize(canonical_fragment)
        index = self.text.find(fragment) if fragment else -1
        return None if index < 0 else self.original(index, index + len(fragment))


def _strip(text: str) -> tuple[str, _Edits]:
    edits = _Edits()
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    if lead:
        edits.add(0, 0, 0, lead)
    return stripped, edits


# Plain ASCII text that no step but lower-casing would change: no entity, quote, colon, run of
# whitespace, edge space or spaced-out letters. Most listing fields are like this.
_ASCII_WORK = re.compile(
    r"[&`:]|\s{2,}|[^\S ]|^\s|\s$|(?<!\w)[A-Za-z] [A-Za-z](?!\w)|(?<!\w)[A-Za-z]([.\-_*])[A-Za-z]\1[A-Za-z]\1[A-Za-z]"
)


def canonicalize(text: str) -> Canonical:
    """The canonical form of ``text``; linear in its length."""
    if text.isascii() and not _ASCII_WORK.search(text):
        lowered = text.lower()
        if len(lowered) > _CACHED_LENGTH:
            _remember_long(lowered)
        return Canonical(source=text, text=lowered, steps=())
    steps: list[_Edits] = []

    def run(result: tuple[str, _Edits]) -> str:
        new, edits = result
        if edits.out_starts:
            steps.append(edits)
        return new

    current = text
    if "&" in current:
        current = run(_substitute(_ENTITY, current, _unescape))
    if not current.isascii():
        current = run(_substitute(_CF, current, lambda m: ""))
        if not unicodedata.is_normalized("NFKC", current):
            current = run(_per_char(current, lambda s: unicodedata.normalize("NFKC", s)))
    current = current.translate(_QUOTES)
    current = run(_collapse_spaced_letters(current))
    if "." in current or "-" in current or "_" in current or "*" in current:
        current = run(_substitute(_PUNCTUATED_LETTERS, current, _unpunctuate))
    ascii_text = current.isascii()
    current = current.lower() if ascii_text else run(_per_char(current, str.casefold)).translate(_ASCII_LOWER)
    current = run(_substitute(_WHITESPACE, current, lambda m: None if m.group(0) == " " else " "))
    if not current.isascii():
        current = _fold_homoglyphs(current)
        current = run(_substitute(_CJK_SEPARATED, current, _cjk_separator(current)))
    if ":" in current:
        current = run(_substitute(_COLON, current, lambda m: None if m.group(0) == ": " else ": "))
    current = run(_strip(current))
    if len(current) > _CACHED_LENGTH:
        _remember_long(current)
    return Canonical(source=text, text=current, steps=tuple(steps))


# Rules, labels and short fields are normalized again and again; long texts are not cached (a
# cache of whole descriptions would hold megabytes).
_CACHED_LENGTH = 512


@lru_cache(maxsize=8192)
def _normalize_short(text: str) -> str:
    return canonicalize(text).text


# Canonical texts of long fields, so a matcher normalizing the screener's canonical field again
# costs one lookup; a few entries only (each may be a whole page).
_LONG_CANONICAL: dict[str, None] = {}
_LONG_ENTRIES = 16


def _remember_long(text: str) -> None:
    if len(_LONG_CANONICAL) >= _LONG_ENTRIES:
        _LONG_CANONICAL.pop(next(iter(_LONG_CANONICAL)))
    _LONG_CANONICAL[text] = None


def normalize(text: str) -> str:
    """The canonical text alone (no offset map). Canonical text is its own canonical form."""
    if len(text) <= _CACHED_LENGTH:
        return _normalize_short(text)
    if text in _LONG_CANONICAL:
        return text
    return canonicalize(text).text
