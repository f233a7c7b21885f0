"""The canonical text form: obfuscation undone, and every span maps back to the original text."""

from __future__ import annotations

import pytest

from matchers.canonical import canonicalize, normalize


@pytest.mark.parametrize(
    ("original", "canonical"),
    [
        ("Made&nbsp;in&nbsp;North&nbsp;Korea", "made in north korea"),
        ("North &amp; South", "north & south"),
        ("No\u200brth Ko\u200dre\ufeffa", "north korea"),  # zero-width space, joiner, BOM (category Cf)
        ("Nor&#x200b;th Korea", "north korea"),  # an entity that decodes to a format character
        ("ＴＥＬ：＋８５０", "tel: +850"),  # full-width letters and digits (NFKC)
        ("M a d e  i n  N o r t h  K o r e a", "made in north korea"),
        ("M a d e i n N o r t h K o r e a", "madeinnorthkorea"),  # one space everywhere: run together
        ("朝 鲜 加 工", "朝鲜加工"),
        ("朝·鲜手勒毛", "朝鲜手勒毛"),
        ("朝*鲜 手勒", "朝鲜手勒"),
        ("북 한 산 가발", "북한산 가발"),
        ("Origin : DPRK", "origin: dprk"),
        ("N.o.r.t.h K-o-r-e-a", "north korea"),  # letters joined by one repeated mark
        ("D.P.R.K", "dprk"),
        ("e.g. U.S.A.", "e.g. u.s.a."),  # three letters or fewer stay as written
        ("Nоrth Kоrea", "north korea"),  # Cyrillic о inside Latin words
        ("Северная Корея", "северная корея"),  # Russian text is not folded
        ("  Straße\t\tgroß ", "strasse gross"),
    ],
)
def test_obfuscation_is_undone(original: str, canonical: str) -> None:
    assert canonicalize(original).text == canonical


@pytest.mark.parametrize(
    "text",
    [
        "非洲风格 朝鲜手工",  # two words of several characters: the space is a real separator
        "이 제품은 북한산",  # one-syllable Korean words keep their spaces
        "a b wig",  # two single letters are ordinary text
        "Size S, M, L",
    ],
)
def test_ordinary_text_keeps_its_separators(text: str) -> None:
    assert canonicalize(text).text == normalize(text) == " ".join(text.casefold().split())


@pytest.mark.parametrize(
    ("original", "fragment", "written"),
    [
        ("Wig, Made&nbsp;in&nbsp;North&nbsp;Korea!", "made in north korea", "Made&nbsp;in&nbsp;North&nbsp;Korea"),
        ("Wig M a d e  i n  D P R K", "made in dprk", "M a d e  i n  D P R K"),
        ("Hair: No\u200brth Korea", "north korea", "No\u200brth Korea"),
        ("假发 朝 鲜 加 工 厂家", "朝鲜加工", "朝 鲜 加 工"),
        ("电话 ＋８５０ ２１２", "+850 212", "＋８５０ ２１２"),
        ("  e\u0301cole ", "école", "e\u0301cole"),  # NFKC composes e + combining acute
        ("Straße Nord", "nord", "Nord"),
    ],
)
def test_spans_map_back_to_the_original_substring(original: str, fragment: str, written: str) -> None:
    canon = canonicalize(original)
    start = canon.text.index(fragment)
    assert canon.original(start, start + len(fragment)) == written
    assert canon.find_original(fragment) == written


def test_every_canonical_span_maps_inside_the_original() -> None:
    original = "ＡＢ&amp;c\u200bd  e f g  ÉCOLE 朝 鲜 x : y"
    canon = canonicalize(original)
    for start in range(len(canon.text)):
        for end in range(start + 1, len(canon.text) + 1):
            begin, finish = canon.span(start, end)
            assert 0 <= begin < finish <= len(original)


def test_work_is_proportional_to_the_changes_not_quadratic() -> None:
    """Sized, not timed: each step records at most one edit per changed character, so the offset
    map of a long text stays linear in its length."""
    unit = "M a d e &amp; 朝 鲜 ＋８５０ wig\u200b "
    for repeats in (100, 1000):
        canon = canonicalize(unit * repeats)
        edits = sum(len(step.out_starts) for step in canon.steps)
        assert edits <= len(unit) * repeats
    small = sum(len(s.out_starts) for s in canonicalize(unit * 100).steps)
    large = sum(len(s.out_starts) for s in canonicalize(unit * 1000).steps)
    assert large == 10 * small
