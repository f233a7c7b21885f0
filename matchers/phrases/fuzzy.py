"""Near-miss spellings of two-word country names: "Noth Korea", "N0rth Korea", "North Koera".

Distance is optimal string alignment (Levenshtein plus adjacent transposition), so "Koera" is one
edit from "Korea", as a typist would count it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matchers.rules import Fuzzy

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class FuzzyHit:
    start: int
    end: int
    text: str
    weight: float
    target: str  # the spelling it is close to, e.g. "north korea"


class FuzzyPairFinder:
    def __init__(self, config: Fuzzy) -> None:
        self._pairs = [(p.first, p.second, p.weight) for p in config.pairs]
        self._max = config.max_distance
        self._min_len = config.min_token_length

    def find(self, text: str) -> list[FuzzyHit]:
        """Adjacent token pairs within edit distance of a pair, excluding the exact spelling."""
        words = _TOKEN.findall(text)
        if len(words) < 2:
            return []
        # Most texts hold no token near the pair at all: look at each distinct token once and stop
        # there, instead of walking every occurrence (a page repeating one word).
        distinct = list(dict.fromkeys(words))
        cutoff = self._max
        if not any(process.extractOne(p[1], distinct, scorer=OSA.distance, score_cutoff=cutoff) for p in self._pairs):
            return []
        found = list(_TOKEN.finditer(text))
        tokens = words
        hits: dict[tuple[int, int], FuzzyHit] = {}
        for first, second, weight in self._pairs:
            # One C-level pass over all tokens; the Python loop only sees near matches. Tokens are
            # separated by non-word characters, so a pair's span runs from one token to the next.
            near = process.extract(second, tokens, scorer=OSA.distance, score_cutoff=self._max, limit=None)
            for token, _, index in near:
                if index == 0 or len(token) < self._min_len:
                    continue
                previous = tokens[index - 1]
                if len(previous) < self._min_len or OSA.distance(previous, first) > self._max:
                    continue
                if previous == first and token == second:
                    continue  # exact spelling: the phrase rules own it
                start, end = found[index - 1].start(), found[index].end()
                # "noth korea" is near both "north korea" and "north korean": report it once.
                hits.setdefault((start, end), FuzzyHit(start, end, text[start:end], weight, f"{first} {second}"))
        return sorted(hits.values(), key=lambda h: h.start)
