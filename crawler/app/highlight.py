"""Matched text in context, as segments: the web UI and complaint packets escape each segment and wrap
the matched ones in <mark>, so seller-written text is never marked safe."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool = False


def marked_segments(text: str, needles: Iterable[str]) -> list[Segment]:
    """`text` split into plain and matched segments (every case-insensitive occurrence of any needle)."""
    spans: list[tuple[int, int]] = []
    folded = text.casefold()
    if len(folded) != len(text):  # casefold changed lengths (ß → ss): match on the text as it is
        folded = text
    for needle in {n.strip() for n in needles if n and n.strip()}:
        key = needle.casefold() if folded is not text else needle
        start = folded.find(key)
        while start != -1 and key:
            spans.append((start, start + len(key)))
            start = folded.find(key, start + len(key))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out: list[Segment] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], marked=True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def excerpt(text: str, needles: Iterable[str], *, context: int = 80) -> list[Segment]:
    """The first match with `context` characters either side (the text's start when nothing matches)."""
    segments = marked_segments(text, needles)
    first = next((i for i, s in enumerate(segments) if s.marked), None)
    if first is None:
        return [Segment(text[: 2 * context] + ("…" if len(text) > 2 * context else ""))]
    before = "".join(s.text for s in segments[:first])
    out = [Segment(("…" if len(before) > context else "") + before[-context:])] if before else []
    out.append(segments[first])
    budget = context
    for s in segments[first + 1 :]:
        if budget <= 0:
            break
        piece = s.text[:budget] if not s.marked else s.text
        out.append(Segment(piece, s.marked))
        budget -= len(piece)
    rest = sum(len(s.text) for s in segments[first + 1 :])
    if rest > context:
        out.append(Segment("…"))
    return out
