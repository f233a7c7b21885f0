"""Generate every origin form of every language from the compact vocabulary in
matchers/rules/origin_vocabulary.yml: inflections, compound joints, hyphenated and run-together
spellings, dotted acronyms, unaccented and Traditional-character variants, and the claims built
from them ("made in" + name, name + "产", adjective + "hair").

Also the country tables that come from pycountry (ISO 3166): the names an origin field may give
for North Korea, and the names of every country, which is what a coordinated list between a
negation and a phrase is made of ("not made in China, Vietnam or North Korea").
"""

from __future__ import annotations

import gettext
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pycountry
from opencc import OpenCC

from matchers.canonical import normalize
from matchers.rules import CountryField, LanguageVocabulary, OriginVocabulary

Nature = Literal["claim", "name"]
_SLOT = re.compile(r"<(\w+)>")
_PLAIN_WORDS = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+){1,2}$")


@dataclass(frozen=True)
class Form:
    pattern: str  # canonical text
    nature: Nature
    language: str
    kind: str  # name | adjective | claim | noun_claim ("north korean hair") | joint_venture
    weight: float


def inflect(form: str, inflections: dict[str, list[str]]) -> list[str]:
    """ "norcorean<g>" with g = [o, a, os, as] -> norcoreano, norcoreana, norcoreanos, norcoreanas."""
    parts = _SLOT.split(form)
    literals, slots = parts[0::2], parts[1::2]
    if not slots:
        return [form]
    out = []
    for endings in itertools.product(*(inflections[s] for s in slots)):
        pieces = [literals[0]]
        for ending, literal in zip(endings, literals[1:], strict=True):
            pieces.extend((ending, literal))
        out.append("".join(pieces))
    return out


def compounds(form: str) -> list[str]:
    """ "nord|korea" -> nordkorea, nord-korea, nord korea."""
    if "|" not in form:
        return [form]
    return [form.replace("|", joint) for joint in ("", "-", " ")]


def spellings(form: str, spaced: bool) -> list[str]:
    """A name as people write it: as is, hyphenated and run together ("north-korea", "northkorea",
    so hashtags too) for short plain multi-word names, and without accents ("coree du nord")."""
    out = [form]
    if spaced and _PLAIN_WORDS.match(form):
        out += [form.replace(" ", "-"), form.replace(" ", "")]
    unaccented = []
    for item in out:
        stripped = "".join(c for c in unicodedata.normalize("NFD", item) if not unicodedata.combining(c))
        stripped = unicodedata.normalize("NFC", stripped)
        if stripped != item and stripped.isascii():
            unaccented.append(stripped)
    return out + unaccented


def acronym_forms(letters: str) -> list[str]:
    """ "dprk" -> dprk, d.p.r.k, d.p.r.k., d. p. r. k. (spaced-out letters are joined by
    canonicalisation already)."""
    dotted = ".".join(letters)
    return [letters, dotted, dotted + ".", ". ".join(letters) + "."]


def _expand(forms: Iterable[str], language: LanguageVocabulary, *, spell: bool) -> list[str]:
    out: list[str] = []
    for form in forms:
        for inflected in inflect(form, language.inflections):
            for compound in compounds(inflected):
                out.extend(spellings(compound, language.spaced) if spell else [compound])
    return _unique(out)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _joined(left: str, right: str, spaced: bool) -> list[str]:
    """The ways two parts of a claim are written together ("north korea-made"; "朝鲜加工", "朝鲜 加工")."""
    if right.startswith("-"):
        return [left + right]
    return [f"{left} {right}"] if spaced else [left + right, f"{left} {right}"]


def language_forms(language: LanguageVocabulary, weights: dict[str, float]) -> Iterator[Form]:
    names = _expand(language.names, language, spell=True)
    names += [f for a in language.acronyms for f in acronym_forms(a)]
    adjectives = _expand(language.adjectives, language, spell=True)
    lang = language.language

    def form(pattern: str, nature: Nature, kind: str) -> Form:
        return Form(pattern, nature, lang, kind, weights[kind])

    for name in names:
        yield form(name, "name", "name")
    for adjective in adjectives:
        yield Form(adjective, "name", lang, "adjective", weights["name"])
    for claim in _expand(language.claims_before, language, spell=False):
        for name in names:
            for target in [name, *(f"{article} {name}" for article in language.articles)]:
                for joined in _joined(claim, target, language.spaced):
                    yield form(joined, "claim", "claim")
            if language.spaced and " " in claim + name:
                # "#madeinnorthkorea"
                yield form((claim + name).replace(" ", ""), "claim", "claim")
    for claim in _expand(language.claims_after, language, spell=False):
        for word in names + adjectives:
            for joined in _joined(word, claim, language.spaced):
                yield form(joined, "claim", "claim")
    for noun in language.claim_nouns:
        for word in names + adjectives:
            yield Form(f"{word} {noun}", "claim", lang, "noun_claim", weights["claim"])
    for word in language.claim_words:
        yield form(word, "claim", "joint_venture")


def generate(vocabulary: OriginVocabulary) -> list[Form]:
    """Every form of every language, canonical and unique per (pattern, language); a claim wins
    over a name for the same pattern."""
    weights = {
        "claim": vocabulary.weights.claim,
        "name": vocabulary.weights.name,
        "joint_venture": vocabulary.weights.joint_venture,
    }
    best: dict[tuple[str, str], Form] = {}
    for language in vocabulary.languages:
        forms: Iterable[Form] = language_forms(language, weights)
        if language.traditional:
            forms = _with_traditional(list(forms))
        for item in forms:
            pattern = normalize(item.pattern)
            if not pattern:
                continue
            key = (pattern, item.language)
            found = Form(pattern, item.nature, item.language, item.kind, item.weight)
            if key not in best or (found.nature == "claim" and best[key].nature != "claim"):
                best[key] = found
    return list(best.values())


def _with_traditional(forms: list[Form]) -> list[Form]:
    convert = _s2t()
    out = list(forms)
    for item in forms:
        traditional = convert.convert(item.pattern)
        if traditional != item.pattern:
            out.append(Form(traditional, item.nature, item.language, item.kind, item.weight))
    return out


@cache
def _s2t() -> OpenCC:
    return OpenCC("s2t")


def _translations(locales: Iterable[str]) -> list[gettext.NullTranslations]:
    out: list[gettext.NullTranslations] = [gettext.NullTranslations()]
    for locale in locales:
        out.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale]))
    return out


def country_field_names(config: CountryField) -> frozenset[str]:
    """Canonical names and codes an origin field may give for the country ``config.alpha2``:
    ISO 3166 codes, names and official names in English and each locale, plus the extra styles."""
    country = pycountry.countries.get(alpha_2=config.alpha2)
    if country is None:
        raise ValueError(f"origin_vocabulary.yml: country_field.alpha2: unknown ISO 3166 code {config.alpha2!r}")
    names: list[str] = [country.alpha_2, country.alpha_3, country.numeric]
    english = [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
    for translation in _translations(config.locales):
        names.extend(translation.gettext(n) for n in english if n)
    names.extend(config.extra_names)
    return frozenset(normalize(n) for n in names if n)


@cache
def country_names(locales: tuple[str, ...]) -> frozenset[str]:
    """Every country's name (ISO 3166 name, common and official name, in English and ``locales``),
    canonical, with the "X, Republic of" forms also as "X": the items of a country list."""
    names: set[str] = set()
    translations = _translations(locales)
    for country in pycountry.countries:
        english = [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
        for translation in translations:
            for name in english:
                if name:
                    local = normalize(translation.gettext(name))
                    names.add(local)
                    names.add(local.split(",")[0].strip())
    return frozenset(n for n in names if n)
