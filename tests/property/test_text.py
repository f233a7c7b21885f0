"""The text canonicaliser and the normalizers: total on any text, canonical text is its own
canonical form, every canonical span maps back inside the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matchers.canonical import canonicalize, normalize
from matchers.names.tokenize import normalize_text
from matchers.phrases.text import label_key
from matchers.phrases.text import normalize as phrase_normalize

# Text as sellers write it: any code point, weighted towards the scripts, marks and tricks we meet.
TRICKY = st.sampled_from(
    ["朝鲜", "北韩", "북한", "조선", "North Korea", "D.P.R.K.", "N o r t h", "&amp;", "&#x41;", "\u200b", "\u00a0",
     "Ｎｏｒｔｈ", "ᄀ", "\u0301", "\r\n", "  ", ":", "`", "İ", "ß", "ﬁ", "\U0001f600", "\ufeff"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=20), TRICKY), max_size=30).map("".join)


@given(TEXT)
def test_canonical_text_is_its_own_canonical_form(text: str) -> None:
    once = normalize(text)
    assert isinstance(once, str)
    assert normalize(once) == once


@given(TEXT, st.data())
def test_every_canonical_span_maps_inside_the_original(text: str, data: st.DataObject) -> None:
    canon = canonicalize(text)
    if not canon.text:
        return
    start = data.draw(st.integers(0, len(canon.text) - 1))
    end = data.draw(st.integers(start + 1, len(canon.text)))
    begin, finish = canon.span(start, end)
    assert 0 <= begin <= finish <= len(text)
    assert canon.original(start, end) == text[begin:finish]


@given(TEXT)
def test_the_other_normalizers_are_total(text: str) -> None:
    assert isinstance(normalize_text(text), str)
    assert isinstance(phrase_normalize(text), str)
    assert isinstance(label_key(text), str)
