"""A compact jamo-based romanizer for Hangul names: Revised Romanization and a McCune-Reischauer style.

Precomposed syllables U+AC00..U+D7A3 are ``0xAC00 + (initial * 21 + medial) * 28 + final``. Sound changes
across syllables are left out on purpose except the common ones that change spellings in the lists
(final ㄱ/ㅂ/ㄷ before ㄴ/ㅁ, ㄴ+ㄹ). Both outputs are folded by ``phonetic.fold`` before comparison, so
the romanizer only has to be close enough that the two folded keys agree with the lists' own spellings.
"""

from __future__ import annotations

_FIRST, _LAST = 0xAC00, 0xD7A3
_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_MR_INITIAL = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h")
# MR voices plain stops between voiced sounds (Paektu but Kŭmgang): these are the voiced forms.
_MR_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_RR_MEDIAL = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_MR_MEDIAL = (
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i",
)  # fmt: skip
_RR_FINAL = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_NASALISED = {"k": "ng", "p": "m", "t": "n"}  # final stop before ㄴ/ㅁ: 백마 Paengma, 합년 hamnyeon


def is_hangul_syllable(char: str) -> bool:
    return _FIRST <= ord(char) <= _LAST


def _decompose(char: str) -> tuple[int, int, int]:
    index = ord(char) - _FIRST
    return index // 588, (index % 588) // 28, index % 28


def romanize(text: str, *, system: str = "rr") -> str:
    """Romanize the Hangul syllables of ``text`` (other characters pass through unchanged).

    ``system`` is "rr" (Revised Romanization, ASCII) or "mr" (McCune-Reischauer style with breves,
    apostrophes for aspirates).
    """
    if system not in ("rr", "mr"):
        raise ValueError(f"unknown romanization system {system!r}: expected 'rr' or 'mr'")
    initials, medials = (_RR_INITIAL, _RR_MEDIAL) if system == "rr" else (_MR_INITIAL, _MR_MEDIAL)
    syllables = [_decompose(c) if is_hangul_syllable(c) else None for c in text]
    out: list[str] = []
    for position, char in enumerate(text):
        parts = syllables[position]
        if parts is None:
            out.append(char)
            continue
        initial_index, medial_index, final_index = parts
        previous = syllables[position - 1] if position else None
        following = syllables[position + 1] if position + 1 < len(syllables) else None
        initial = initials[initial_index]
        if previous is not None:
            previous_final = _RR_FINAL[previous[2]]
            if system == "mr" and initial in _MR_VOICED and previous_final in ("", "n", "m", "ng", "l"):
                initial = _MR_VOICED[initial]
            if initial_index == 5 and previous_final in ("n", "l"):
                initial = "l"  # ㄴ+ㄹ and ㄹ+ㄹ are read ll (Chollima)
            elif initial_index == 5 and previous_final:
                initial = "n"  # ㄹ after other consonants is read n (Amnokkang)
        final = _RR_FINAL[final_index]
        # ㄹ after a stop is read ㄴ, so it nasalises the stop like ㄴ/ㅁ do (압록 amnok)
        if following is not None and following[0] in (2, 5, 6) and final in _NASALISED:
            final = _NASALISED[final]
        if following is not None and following[0] == 5 and final == "n":
            final = "l"
        out.append(initial + medials[medial_index] + final)
    return "".join(out)
