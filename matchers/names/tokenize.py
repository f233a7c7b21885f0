"""Turn a company or person name into classified tokens.

Steps: NFKC; strip diacritics and breves from Latin letters (Chŏngjin -> chongjin); case-fold; drop
apostrophes inside words (Paekso'l -> paeksol); fold Traditional Han to Simplified; split Latin, Han and
Hangul runs. Latin words are looked up as phrases in the lexicon (longest first); Han and Hangul runs
are scanned for lexicon words, and what is left is romanized (pinyin, Revised Romanization).
Legal forms and stop words are dropped; every other token keeps a class that decides its weight.

Sellers type fast: a Latin word that is not in the lexicon is first checked for a lexicon word (legal
form, generic or industry word; not a place) one edit away ("Ceorporation", "Maderials"), then for two lexicon
words run together ("Tradeco") or a glued industry/legal suffix or place prefix ("Yuanweiimport",
"QINGDAOJINHAO"), so such words do not become distinctive tokens that block a match.
Words of the lexicon's multi-word phrases are left alone: "venture" is only generic next to "joint".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from matchers.names.hangul import romanize
from matchers.names.hanja import HanjaTable, is_han, pinyin, to_simplified
from matchers.names.phonetic import fold
from matchers.names.rules import NameRules, TokenClass

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u0060\u00b4]")
_RUNS = re.compile(
    r"(?P<han>[\u3400-\u9fff\uf900-\ufaff]+)|(?P<hangul>[\uac00-\ud7a3]+)|(?P<word>[^\W_\u3400-\u9fff\uf900-\ufaff\uac00-\ud7a3]+)"
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # shown to people: the word, its lexicon canonical form, or the romanized Han/Hangul
    cls: TokenClass
    key: str  # compared: phonetic key for names, canonical word for lexicon words
    readings: frozenset[str] = frozenset()  # folded Sino-Korean readings (pinyin and Han tokens)
    variants: frozenset[str] = frozenset()  # other folded spellings (McCune-Reischauer of Hangul)
    dictionary: bool = False  # an ordinary dictionary word (Golden, Star): never distinctive alone


@dataclass(frozen=True, slots=True)
class _Lexeme:
    canonical: str | None  # None: drop the word (legal form, stop word)
    cls: TokenClass


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """NFKC, no diacritics, case-folded, Simplified Han, apostrophes removed, punctuation as spaces."""
    if not text.isascii():  # plain ASCII has nothing to compose, decompose or strip
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = unicodedata.normalize("NFC", text)
    text = text.casefold()
    text = _APOSTROPHES.sub("", to_simplified(text)).replace("&", " and ")
    return " ".join(match.group(0) for match in _RUNS.finditer(text))


@dataclass(frozen=True)
class _Vocabulary:
    phrases: dict[tuple[str, ...], _Lexeme]  # Latin word sequences
    han: dict[str, _Lexeme]  # Han and Hangul strings, matched inside unspaced text
    # Lengths of the phrases (in words) and Han strings (in characters) by their first word or character,
    # longest first: a word that starts no phrase is a name at once, without building candidate tuples.
    phrase_lengths: dict[str, tuple[int, ...]]
    han_lengths: dict[str, tuple[int, ...]]
    phrase_words: frozenset[str]  # words of multi-word phrases: never repaired on their own
    typo_keys: dict[str, tuple[str, ...]]  # one-deletion keys of long legal/generic words -> those words
    suffixes: frozenset[str]  # legal, generic and industry words that may be glued to a name's end
    prefixes: frozenset[str]  # places that may be glued to a name's start
    known: frozenset[str]  # every Latin word of the lexicon
    # Romanized lexicon words by phonetic key: Korean words reach the lists in several spellings
    # (muyok / mooyok / muyeok), so a word whose key is a lexicon word's key is that word.
    folded: dict[str, str]
    dictionary: frozenset[str]  # ordinary dictionary words (name_common_words.yml)


def _build_vocabulary(rules: NameRules) -> _Vocabulary:
    forms, words, config = rules.legal_forms, rules.lexicon, rules.settings
    # Later entries win, so the order is the precedence: a legal form is dropped even if also a place.
    entries: list[tuple[str, _Lexeme]] = []
    entries += [
        (variant, _Lexeme(canonical, "descriptor")) for canonical, vs in words.descriptors.items() for variant in vs
    ]
    entries += [(variant, _Lexeme(canonical, "place")) for canonical, vs in words.places.items() for variant in vs]
    entries += [(variant, _Lexeme(number, "name")) for number, vs in words.ordinals.items() for variant in vs]
    entries += [
        (variant, _Lexeme(canonical, "generic")) for canonical, vs in forms.generic_words.items() for variant in vs
    ]
    entries += [(variant, _Lexeme(None, "generic")) for variant in [*forms.stop_words, *forms.legal_forms]]
    phrases: dict[tuple[str, ...], _Lexeme] = {}
    han: dict[str, _Lexeme] = {}
    for variant, lexeme in entries:
        normal = normalize_text(variant)
        if not normal:
            continue
        if any(is_han(c) or "\uac00" <= c <= "\ud7a3" for c in normal):
            han[normal.replace(" ", "")] = lexeme
        else:
            phrases[tuple(normal.split())] = lexeme
    singles = {phrase[0]: lexeme for phrase, lexeme in phrases.items() if len(phrase) == 1}
    phrase_words = frozenset(word for phrase in phrases if len(phrase) > 1 for word in phrase)
    typo_keys: dict[str, list[str]] = {}
    # Places are left out: Korean names sit one letter from Korean and Chinese places (DAEDONG / Dandong,
    # NAMHUNG / Hamhung, YONBONG / Sonbong), so "correcting" them would erase the distinctive word.
    fixable = {word for word, lexeme in singles.items() if lexeme.cls != "place"} | {
        word for phrase, lexeme in phrases.items() if len(phrase) > 1 and lexeme.cls != "place" for word in phrase
    }
    for word in sorted(fixable):
        if len(word) >= config.lexicon_typo_min_length and word.isalpha():
            for key in _deletions(word):
                typo_keys.setdefault(key, []).append(word)
    long_enough = {word: lexeme for word, lexeme in singles.items() if len(word) >= config.glued_affix_min_length}
    # Only words that are not English keep a folded spelling: "mooyok" is muyok, but "tread" is not trade.
    folded: dict[str, str] = {}
    for word, lexeme in sorted(singles.items()):
        if lexeme.cls != "place" and word.isalpha() and len(word) > config.short_token_length:
            folded.setdefault(fold(word), word)
    return _Vocabulary(
        phrases=phrases,
        han=han,
        phrase_lengths=_lengths_by_start((phrase[0], len(phrase)) for phrase in phrases),
        han_lengths=_lengths_by_start((text[0], len(text)) for text in han),
        phrase_words=phrase_words,
        known=frozenset(singles) | phrase_words,
        typo_keys={key: tuple(words) for key, words in typo_keys.items()},
        suffixes=frozenset(word for word, lexeme in long_enough.items() if lexeme.cls in ("generic", "descriptor"))
        | frozenset(word for word in phrase_words if len(word) >= config.glued_affix_min_length),
        prefixes=frozenset(word for word, lexeme in long_enough.items() if lexeme.cls == "place"),
        folded=folded,
        dictionary=rules.common_words.word_set() - frozenset(singles),
    )


def _lengths_by_start(starts: Iterable[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for start, length in starts:
        lengths.setdefault(start, set()).add(length)
    return {start: tuple(sorted(found, reverse=True)) for start, found in lengths.items()}


def _deletions(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _typo_of_lexicon_word(word: str, vocabulary: _Vocabulary) -> str | None:
    """The lexicon word ``word`` misspells by one edit (transpositions included), or None."""
    found = {known for key in _deletions(word) for known in vocabulary.typo_keys.get(key, ())}
    close = sorted(known for known in found if OSA.distance(word, known) <= 1)
    return close[0] if close else None


def _lexeme_token(lexeme: _Lexeme, text: str, dropped: list[str]) -> Token | None:
    if lexeme.canonical is None:
        dropped.append(text)
        return None
    return Token(text, lexeme.cls, lexeme.canonical)


@dataclass(frozen=True, slots=True)
class TokenizedName:
    tokens: tuple[Token, ...]
    dropped: tuple[str, ...]  # legal forms and stop words that were removed, for explanations


class Tokenizer:
    """Tokenizes names with one rule set. Per-word results are cached on the instance: they are pure
    functions of the word and the rules, so two tokenizers with different rules never share them."""

    def __init__(self, rules: NameRules) -> None:
        self.rules = rules
        self.hanja = HanjaTable(rules.hanja, rules.settings.max_hanja_readings)
        self._vocabulary = _build_vocabulary(rules)
        self._repaired = lru_cache(maxsize=65536)(self._repair)
        self._latin_name = lru_cache(maxsize=262144)(self._make_latin_name)

    def is_ordinary(self, word: str) -> bool:
        """A dictionary or lexicon word (normalized): never the distinctive word of a name."""
        return word in self._vocabulary.dictionary or word in self._vocabulary.known

    def _repair(self, word: str) -> tuple[str, ...]:
        """``word`` as the lexicon would read it: a misspelt lexicon word corrected, glued affixes split off."""
        vocabulary = self._vocabulary
        if (word,) in vocabulary.phrases or word in vocabulary.phrase_words or not word.isalpha():
            return (word,)
        spelled = vocabulary.folded.get(fold(word)) if word not in vocabulary.dictionary else None
        if spelled is not None:
            return (spelled,)
        corrected = _typo_of_lexicon_word(word, vocabulary)
        if corrected is not None:
            return (corrected,)
        for cut in range(2, len(word) - 1):  # two lexicon words run together: "Tradeco", "JointVenture"
            if word[:cut] in vocabulary.known and word[cut:] in vocabulary.known:
                return (word[:cut], word[cut:])
        config = self.rules.settings
        shortest, keep = config.glued_affix_min_length, config.glued_remainder_min_length
        for length in range(len(word) - keep, shortest - 1, -1):  # longest affix first: "trading" before "ding"
            if word[-length:] in vocabulary.suffixes:
                return (*self._repaired(word[:-length]), word[-length:])
            if word[:length] in vocabulary.prefixes:
                return (word[:length], *self._repaired(word[length:]))
        return (word,)

    def _make_latin_name(self, word: str) -> Token:
        readings = self.hanja.readings_of_pinyin(word) if not word.isdigit() else frozenset()
        return Token(word, "name", fold(word), readings, dictionary=word in self._vocabulary.dictionary)

    def _latin_tokens(self, words: list[str], dropped: list[str]) -> list[Token]:
        vocabulary = self._vocabulary
        tokens: list[Token] = []
        position = 0
        while position < len(words):
            remaining = len(words) - position
            for length in vocabulary.phrase_lengths.get(words[position], ()):
                if length > remaining:
                    continue
                lexeme = vocabulary.phrases.get(tuple(words[position : position + length]))
                if lexeme is not None:
                    token = _lexeme_token(lexeme, " ".join(words[position : position + length]), dropped)
                    if token is not None:
                        tokens.append(token)
                    position += length
                    break
            else:
                tokens.append(self._latin_name(words[position]))
                position += 1
        return tokens

    def _han_name_tokens(self, residue: str) -> list[Token]:
        # Chinese brand names are mostly two characters ("金祥"); pairs let "长安海连" meet "Changan Hailian".
        chunks = [residue[i : i + 2] for i in range(0, len(residue), 2)]
        if len(chunks) > 1 and len(chunks[-1]) == 1:
            chunks[-2:] = [chunks[-2] + chunks[-1]]
        tokens = []
        for chunk in chunks:
            spelled = pinyin(chunk)
            reading = self.hanja.reading_of_han(chunk)
            tokens.append(Token(spelled, "name", fold(spelled), frozenset([fold(reading)]) if reading else frozenset()))
        return tokens

    @staticmethod
    def _hangul_name_tokens(residue: str) -> list[Token]:
        spelled = romanize(residue)
        key = fold(spelled)
        mr = fold(normalize_text(romanize(residue, system="mr")).replace(" ", ""))
        return [Token(spelled, "name", key, frozenset(), frozenset([mr]) - {key})]

    def _script_tokens(self, run: str, dropped: list[str], *, hangul: bool) -> list[Token]:
        vocabulary = self._vocabulary
        tokens: list[Token] = []
        residue = ""

        def flush() -> None:
            nonlocal residue
            if residue:
                tokens.extend(self._hangul_name_tokens(residue) if hangul else self._han_name_tokens(residue))
                residue = ""

        position = 0
        while position < len(run):
            remaining = len(run) - position
            for length in vocabulary.han_lengths.get(run[position], ()):
                if length > remaining:
                    continue
                lexeme = vocabulary.han.get(run[position : position + length])
                if lexeme is not None:
                    flush()
                    segment = run[position : position + length]
                    token = _lexeme_token(lexeme, romanize(segment) if hangul else pinyin(segment), dropped)
                    if token is not None:
                        tokens.append(token)
                    position += length
                    break
            else:
                residue += run[position]
                position += 1
        flush()
        return tokens

    def tokenize(self, name: str) -> TokenizedName:
        """Classified tokens of ``name``, in order, legal forms and stop words removed."""
        # Not cached by whole name on purpose: the per-word steps are cached, and a whole-name cache kept
        # every new seller's tokens alive, which made the garbage collector rescan the whole index
        # (benchmarks/RESULTS.md).
        tokens: list[Token] = []
        dropped: list[str] = []
        words: list[str] = []
        for match in _RUNS.finditer(normalize_text(name)):
            if match.lastgroup == "word":
                words.extend(self._repaired(match.group(0)))
                continue
            tokens.extend(self._latin_tokens(words, dropped))
            words = []
            tokens.extend(self._script_tokens(match.group(0), dropped, hangul=match.lastgroup == "hangul"))
        tokens.extend(self._latin_tokens(words, dropped))
        return TokenizedName(tuple(tokens), tuple(dropped))
