"""Watchlist names inside a listing's title or description: a maker or partner named in the text.

A seller may not be the listed company, and still write "OEM for Korea Paekho Trading Corporation" or
"our partner 朝鲜联合机械贸易会社". Such a name is found without scanning the list: each word of the text
looks up the index's blocking keys of distinctive tokens (the same inverted index the seller field uses),
and only the few listed names a rare word points at are compared with the runs of words around it. Han
and Hangul names are found verbatim (legal forms aside) by one Aho-Corasick pass. The thresholds are
stricter than for the seller field (``mention`` in name_features.yml): a text holds many words by chance.
Cost is linear in the text: one dictionary look-up per word, and a bounded number of comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from matchers.names.compare import Comparison, PreparedName, compare_at_least
from matchers.names.explain import describe
from matchers.names.hanja import is_han, to_simplified
from matchers.names.index import NameIndex
from matchers.names.phonetic import fold
from matchers.names.tokenize import normalize_text
from matchers.types import Reason

_LATIN_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\uac00-\ud7a3]")


def _is_cjk(char: str) -> bool:
    return is_han(char) or "\uac00" <= char <= "\ud7a3"


@dataclass(frozen=True, slots=True)
class _Found:
    name_id: int
    text: str
    comparison: Comparison
    query: PreparedName


class MentionFinder:
    """Find the strong names of an index's entities in free text."""

    def __init__(self, index: NameIndex) -> None:
        self._index = index
        self._settings = index.config.mention
        self._cjk = ahocorasick.Automaton()
        han_legal = sorted(
            (w.replace(" ", "") for w in index.legal_forms_normalized if any(_is_cjk(c) for c in w)),
            key=len,
            reverse=True,
        )
        cores: dict[str, list[int]] = {}
        for name_id, indexed in enumerate(index.indexed_names):
            if indexed.alias.quality != "strong":
                continue
            text = normalize_text(indexed.prepared.raw).replace(" ", "")
            if not text or not all(_is_cjk(c) or c.isdigit() for c in text):
                continue
            stripped = True
            while stripped:  # 長安海連技術有限公司 -> 长安海连技术: the name without its legal forms
                stripped = False
                for form in han_legal:
                    if text.endswith(form) and len(text) > len(form):
                        text, stripped = text[: -len(form)], True
            if len(text) >= self._settings.min_cjk_chars:
                cores.setdefault(text, []).append(name_id)
        for core, ids in cores.items():
            self._cjk.add_word(core, (core, tuple(ids)))
        if cores:
            self._cjk.make_automaton()
        self._has_cjk = bool(cores)
        self._name_words: dict[int, frozenset[str]] = {}
        self._long_word = re.compile(rf"[a-z0-9]{{{index.config.short_token_length + 1},}}")
        # Phonetic keys of the distinctive words of strong Latin names (long, not ordinary, not frequent
        # in the lists) -> those names: the only words of a text worth a second look.
        config = index.config
        triggers: dict[str, list[int]] = {}
        for name_id, indexed in enumerate(index.indexed_names):
            if indexed.alias.quality != "strong":
                continue
            for word in set(_LATIN_WORD.findall(normalize_text(indexed.prepared.raw))):
                if len(word) > config.short_token_length and not index.is_ordinary_word(word):
                    key = fold(word)
                    if not index.is_common_key(key):
                        triggers.setdefault(key, []).append(name_id)
        self._triggers = {
            key: tuple(ids)
            for key, ids in triggers.items()
            if len({index.indexed_names[i].entity for i in ids}) <= config.max_candidates
        }

    def find(self, text: str, *, field: str) -> list[Reason]:
        """Entities named in ``text``, best first, one reason each."""
        if not text.strip():
            return []
        best: dict[int, _Found] = {}
        for found in (*self._latin(text), *self._han(text)):
            entity = self._index.indexed_names[found.name_id].entity
            if entity not in best or found.comparison.score > best[entity].comparison.score:
                best[entity] = found
        reasons = [self._reason(found, field) for found in best.values()]
        reasons.sort(key=lambda r: (-r.score, r.entity_id or ""))
        return reasons

    def _latin(self, text: str) -> Iterator[_Found]:
        folded = text.casefold()
        if len(folded) != len(text):  # rare: case folding changed the length; offsets must stay valid
            folded = text.lower() if len(text.lower()) == len(text) else text
        triggers = self._triggers
        # First only the long words, and only when one is a trigger the whole word list: a page of short
        # words ("wig wig wig ...") costs one regular-expression pass.
        triggered = {
            m.start(): ids for m in self._long_word.finditer(folded) if (ids := triggers.get(fold(m.group(0))))
        }
        if not triggered:
            return
        matches = list(_LATIN_WORD.finditer(folded))
        hits = [(position, triggered[m.start()]) for position, m in enumerate(matches) if m.start() in triggered]
        words = [(m.start(), m.end()) for m in matches]
        keys = [fold(m.group(0)) for m in matches]
        index, settings = self._index, self._settings
        compared = 0
        seen: set[tuple[int, int, int]] = set()
        for position, ids in hits:
            for name_id in ids:
                candidate = index.indexed_names[name_id]
                # Runs of about the listed name's length that contain the word: its tokens, give or take
                # one, and its legal forms (which the text may or may not repeat).
                tokens = len(candidate.prepared.tokens)
                shortest = max(1, tokens - 1)
                longest = min(settings.max_window_tokens, tokens + len(candidate.prepared.dropped) + 1)
                own = self._words_of(name_id)
                best: _Found | None = None
                for size in range(shortest, longest + 1):
                    for first in range(max(0, position - size + 1), min(position, len(words) - size) + 1):
                        last = first + size - 1
                        # A run starts and ends with words of the listed name: "of Korea Paekho" is not tried.
                        if keys[first] not in own or keys[last] not in own or (name_id, first, last) in seen:
                            continue
                        seen.add((name_id, first, last))
                        compared += 1
                        if compared > settings.max_comparisons:
                            return
                        window = text[words[first][0] : words[last][1]]
                        query = index.prepare(window)
                        found = compare_at_least(query, candidate.prepared, index.config, settings.threshold)
                        # The best score wins; on a tie the shorter run, found first, is kept.
                        if (
                            found is not None
                            and self._enough(query, found)
                            and (best is None or found.score > best.comparison.score)
                        ):
                            best = _Found(name_id, window, found, query)
                if best is not None:
                    yield best

    def _han(self, text: str) -> Iterator[_Found]:
        if not self._has_cjk or not _CJK.search(text):
            return
        simplified = to_simplified(text)
        aligned = len(simplified) == len(text)
        for end, (core, ids) in self._cjk.iter(simplified):
            start = end - len(core) + 1
            shown = text[start : end + 1] if aligned else core
            for name_id in ids:
                candidate = self._index.indexed_names[name_id]
                query = self._index.prepare(candidate.prepared.raw)
                # Verbatim, in the script the list writes it in, legal forms aside: as sure as text gets.
                yield _Found(name_id, shown, Comparison(1.0, (), None), query)

    def _words_of(self, name_id: int) -> frozenset[str]:
        """Phonetic keys of the words of a listed name as written (legal forms included)."""
        found = self._name_words.get(name_id)
        if found is None:
            raw = self._index.indexed_names[name_id].prepared.raw
            found = frozenset(fold(w) for w in _LATIN_WORD.findall(normalize_text(raw)))
            self._name_words[name_id] = found
        return found

    def _enough(self, query: PreparedName, comparison: Comparison) -> bool:
        """At least min_agreeing_words words agree (a lone word in a text is no company name), enough
        of them distinctive."""
        agreeing = sum(p.query.end - p.query.start for p in comparison.pairs)
        return agreeing >= self._settings.min_agreeing_words and self._distinctive_enough(query, comparison)

    def _distinctive_enough(self, query: PreparedName, comparison: Comparison) -> bool:
        """Enough agreeing name words that are long, rare in the lists and not dictionary words.

        Judged on the written words, not the phonetic keys: PAEKHO folds to a four-letter key, which
        the seller field treats as short, but a six-letter word found in a text is not there by chance.
        """
        config = self._index.config
        agreeing = 0
        for pair in comparison.pairs:
            if pair.query.cls != "name":
                continue
            words = query.tokens[pair.query.start : pair.query.end]
            if any(
                len(t.text) > config.short_token_length and not t.dictionary and not self._index.is_common_key(t.key)
                for t in words
            ):
                agreeing += 1
        return agreeing >= self._settings.min_distinctive_tokens

    def _reason(self, found: _Found, field: str) -> Reason:
        indexed = self._index.indexed_names[found.name_id]
        entity = self._index.entities[indexed.entity]
        config = self._index.config
        names = [p for p in found.comparison.pairs if p.query.cls == "name"]
        decisive = max(names, key=lambda p: p.contribution).feature if names else "verbatim"
        detail = describe(
            field_label=f"{field} names",
            query=found.query if names else self._index.prepare(found.text),
            alias=indexed.alias,
            entity=entity,
            source_label=config.sources.get(entity.source, entity.source),
            comparison=found.comparison,
            score=found.comparison.score,
            weak_support=None,
        )
        return Reason(
            kind="entity_mention",
            score=round(found.comparison.score, 4),
            detail=detail + "; named in the text as maker or partner, not as the seller",
            matched_text=found.text,
            rule=f"names.mention.{decisive}",
            entity_id=entity.entity_id,
            source=entity.source,
            field=field,
        )
