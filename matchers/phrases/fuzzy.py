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
        tokens = _TOKEN.findall(text)
        if len(tokens) < 2:
            return []
        hits: list[FuzzyHit] = []
        for first, second, weight in self._pairs:
            # One C-level pass over all tokens; the Python loop only sees near matches.
            near = process.extract(second, tokens, scorer=OSA.distance, score_cutoff=self._max, limit=None)
            for token, _, index in near:
                if index == 0 or len(token) < self._min_len:
                    continue
                previous = tokens[index - 1]
                if len(previous) < self._min_len or OSA.distance(previous, first) > self._max:
                    continue
                if previous == first and token == second:
                    continue  # exact spelling: the phrase rules own it
                for hit in self._locate(text, previous, token, weight, f"{first} {second}"):
                    # "noth korea" is near both "north korea" and "north korean": report it once.
                    if all((h.start, h.end) != (hit.start, hit.end) for h in hits):
                        hits.append(hit)
        return hits

    @staticmethod
    def _locate(text: str, first: str, second: str, weight: float, target: str) -> list[FuzzyHit]:
        pattern = re.compile(rf"(?<![^\W_]){re.escape(first)}[\W_]+{re.escape(second)}(?![^\W_])")
        return [FuzzyHit(m.start(), m.end(), m.group(0), weight, target) for m in pattern.finditer(text)]
