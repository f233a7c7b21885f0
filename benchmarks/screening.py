"""Screening benchmark: the name index against fair naive scans, at two watchlist sizes.

    .venv/bin/python benchmarks/screening.py [--sizes 10000,1000000] [--listings 20000]
        [--naive 200] [--naive-rapidfuzz 1000] [--seed 7] [--output FILE]

Watchlist: the real OFAC/UN DPRK excerpts (when ../shared/realdata is present, vessels and aircraft
left out: they are never sellers) plus generated names up to each size: Korean- and Chinese-style
companies, their aliases, and people (a full OpenSanctions export, ~1,000,000 names, is mostly people),
from seeded syllable and word tables. Listings: seeded marketplace listings (title, description,
location, seller); one seller in ten is a perturbed watchlist company name (romanization swap, spacing,
misspelling, legal form changed, city prefix), the rest are sellers whose made-up brand is drawn from
the same syllables as the watchlist's names.

Three ways to find the planted names, timed in CPU seconds of this process (one core; the machine is
shared, so wall time would measure the neighbours):
- the name index (blocked candidates, then the scorer);
- naive, same scorer: the same prepared names (tokenized and weighed once), the same scorer and
  threshold (``compare_at_least``, the exact-name rule included), against every name: what blocking saves;
- naive rapidfuzz: ``process.extract`` with ``token_sort_ratio`` >= 80 on names processed once
  (``default_process``, so lower case and no punctuation, done before timing), top 5.
Recall is measured the same way for all three: the planted entity is among the hits. The naive scans
are timed on the first listings only (``--naive`` / ``--naive-rapidfuzz``); the index on all of them.
The full Screener (every matcher, title and description included) runs on all listings.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matchers.names import NameIndex  # noqa: E402
from matchers.names.compare import compare_at_least  # noqa: E402
from matchers.names.tokenize import normalize_text  # noqa: E402
from matchers.screen import Screener  # noqa: E402
from matchers.types import ScreenInput  # noqa: E402
from watchlists.model import Alias, Entity  # noqa: E402

SANCTIONS = ROOT.parent / "shared" / "realdata" / "sanctions"
# fmt: off
KOREAN = (
    "kum", "ryong", "song", "paek", "chon", "myong", "hwa", "sin", "kwang", "il", "chol", "un", "ha", "nam",
    "tae", "dong", "hyok", "sung", "pong", "rim", "yon", "chang", "kang", "mun", "ok", "sol", "ho", "man",
    "pyol", "san", "jin", "hung", "nung", "mi", "ra", "bok", "su",
)
PINYIN = (
    "jin", "xiang", "zhi", "cheng", "hong", "da", "tian", "fu", "xin", "yuan", "guang", "ming", "hai", "long",
    "feng", "bai", "song", "hua", "sheng", "tai", "shun", "rui", "jia", "mei", "bao", "heng", "kang", "lian",
    "yu", "hao", "peng", "ze", "wei", "an",
)
# Only for generated entries and people, never for sellers. Real Chinese and Korean names draw on a few
# hundred syllables; with only the sellers' few dozen, a million names would list nearly every seller.
MORE_KOREAN = (
    "ung", "chu", "yong", "hak", "sok", "kil", "ryon", "hyon", "gyong", "chun", "sam", "ri", "pu", "hae",
    "yang", "to", "kye", "pyong", "chung", "hyang", "chil", "tok", "son", "chi", "mo", "ki", "ku", "hu",
    "ran", "ro", "nyon", "so", "ye", "wol", "in", "hui", "sun", "kap", "ul", "ik", "chae", "po", "kuk",
    "hoe", "tong", "kon", "sang", "yu", "o", "a", "ae", "we", "wi", "pak", "sa", "ma", "pi", "mu", "hyo",
    "kyu", "ryu",
)
MORE_PINYIN = (
    "qiang", "ning", "zhen", "lin", "tong", "chao", "rong", "yi", "xing", "shan", "kai", "bo", "dan", "jun",
    "ping", "qing", "huan", "sen", "hui", "kun", "li", "fang", "zhong", "guo", "min", "de", "ren", "yong",
    "chang", "xu", "ke", "yan", "run", "tao", "gao", "yao", "zi", "fei", "lei", "meng", "qi", "ying", "jie",
    "chun", "dong", "nan", "wen", "jing", "yun", "quan", "shu", "ding", "hang", "zhuo", "lu", "pu", "bin",
    "can", "shi", "cai", "lan", "zhu", "jiang",
)
SURNAMES_KO = ("kim", "ri", "pak", "choe", "jong", "kang", "cho", "yun", "jang", "han")
SURNAMES_ZH = ("zhang", "wang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu")
LATIN = (
    "ba", "ka", "lo", "re", "mi", "sa", "to", "vi", "na", "de", "ko", "ra", "ni", "po", "lu", "ma", "se",
    "ti", "ga", "vo", "be", "ri", "do", "ne", "fa", "mo", "si", "te", "zu", "an", "el", "or", "us", "ir",
)
WESTERN_ENDINGS = ("ov", "ova", "enko", "ski", "in", "son", "berg", "er", "ez", "ani", "ovich", "ides", "escu")
# fmt: on
# Sellers' brands come from the same syllables as the listed names, so near misses are possible.
SHARED_SYLLABLES = sorted(set(KOREAN) | set(PINYIN))
CITIES = ["Dandong", "Hunchun", "Shenyang", "Dalian", "Yanji", "Qingdao", "Xuchang", "Yiwu", "Guangzhou"]
INDUSTRIES = ["Trading", "Metal Materials", "Industry and Trade", "Economic and Trade", "Import and Export"]
KOREAN_FORMS = ["KOREA {} TRADING CORPORATION", "{} GENERAL CORPORATION", "KOREA {} SHIPPING CO", "{} JOINT VENTURE"]
WESTERN_FORMS = ["{} HOLDINGS LTD", "{} LOGISTICS LLC", "OOO {}", "{} INVESTMENT GROUP", "{} CAPITAL SA"]
SELLER_GOODS = ["Hair Products", "Wigs", "Eyelash", "Beauty", "Rattan Crafts", "Handicraft", "Bags", "Trading"]
SELLER_FORMS = [
    "{city} {brand} {goods} Co., Ltd.",
    "{brand} {goods} Store",
    "{brand} Official Store",
    "{city} {brand} Factory",
]
TITLES = [
    "Human hair lace front wig, 13x4, natural black",
    "Mink false eyelashes 3D, 10 pairs",
    "Handmade rattan bag, round, beach style",
    "Remy hair extensions, tape in, 20 inch",
    "Synthetic wig, short bob, heat resistant",
]
DESCRIPTIONS = [
    "Factory direct. 100% human hair, hand-tied, double drawn. MOQ 10 pcs, OEM accepted, ships in 3 days.",
    "Soft and reusable, cruelty free. Private label welcome. Contact our sales team for wholesale prices.",
    "Woven by skilled artisans. Lined interior, magnetic closure. Sample available, fast delivery worldwide.",
    "Our {brand} factory has 15 years of experience, exporting to Europe and America. Quality guaranteed.",
]
ROMANIZATION_SWAPS = [("p", "b"), ("t", "d"), ("k", "g"), ("o", "eo"), ("u", "eu"), ("ch", "j"), ("r", "l")]
# Planted sellers come from the real entries and this many generated ones: the first generated entries are
# the same at every size, so every size screens the same listings.
PLANTED_FROM = 5_000
PERTURBATIONS = ("romanization", "spacing", "transposition", "legal_form", "city_prefix", "none")


@dataclass(frozen=True)
class Listing:
    screen: ScreenInput
    expected: str | None  # entity id of a planted positive
    how: str = ""  # the perturbation of a planted positive


def real_entities() -> list[Entity]:
    if not SANCTIONS.is_dir():
        return []
    from watchlists.importers import load

    ofac = load(
        [SANCTIONS / "ofac_sdn_2024-05-03_DPRK_excerpt.csv", SANCTIONS / "ofac_alt_2025-08_DPRK_aliases_excerpt.csv"],
        "ofac-csv",
    )
    un = load([SANCTIONS / "un_consolidated_2018-10-29_DPRK_excerpt.xml"], "un-xml")
    return [e for e in [*ofac.entities, *un.entities] if e.schema not in ("vessel", "aircraft")]


def _brand(rng: random.Random, syllables: Sequence[str], parts: int) -> str:
    return "".join(rng.choice(syllables) for _ in range(parts))


# Shares of the generated names, roughly as in a full OpenSanctions export: mostly people, mostly with
# Western, Russian and other non-East-Asian names; Korean and Chinese companies a small part.
MIX = (("korean_company", 0.04), ("chinese_company", 0.06), ("western_company", 0.2), ("korean_person", 0.03),
       ("chinese_person", 0.04), ("western_person", 0.63))  # fmt: skip


def _generated_name(rng: random.Random, kind: float) -> tuple[str, str]:
    """One generated name and its schema, drawn by ``kind`` in [0, 1) along MIX."""
    korean, pinyin = (*KOREAN, *MORE_KOREAN), (*PINYIN, *MORE_PINYIN)
    bounds = iter(sum(share for _, share in MIX[: i + 1]) for i in range(len(MIX)))
    if kind < next(bounds):
        brand = _brand(rng, korean, rng.choice((2, 3, 3))).upper()
        return rng.choice(KOREAN_FORMS).format(brand), "organization"
    if kind < next(bounds):
        brand = _brand(rng, pinyin, rng.choice((2, 3))).upper()
        return f"{rng.choice(CITIES).upper()} {brand} {rng.choice(INDUSTRIES).upper()} CO., LTD.", "organization"
    if kind < next(bounds):
        brand = (_brand(rng, LATIN, 3) + rng.choice(("x", "n", "s", "l", ""))).upper()
        return rng.choice(WESTERN_FORMS).format(brand), "organization"
    if kind < next(bounds):
        given = f"{rng.choice(korean).title()} {rng.choice(korean).title()}"
        return f"{rng.choice(SURNAMES_KO).upper()} {given}", "person"
    if kind < next(bounds):
        return f"{rng.choice(SURNAMES_ZH).upper()} {_brand(rng, pinyin, 2).title()}", "person"
    first = _brand(rng, LATIN, 2).title()
    return f"{(_brand(rng, LATIN, 2) + rng.choice(WESTERN_ENDINGS)).upper()}, {first}", "person"


def generated_entities(rng: random.Random, names: int, seen: set[str]) -> list[Entity]:
    """Entities with ``names`` names in all; a quarter of the companies carry one alias."""
    entities: list[Entity] = []
    total = 0
    while total < names:
        name, schema = _generated_name(rng, rng.random())
        if name in seen:
            continue
        seen.add(name)
        entity = Entity(f"GEN{len(entities):07d}", "generated", name, schema=schema)  # type: ignore[arg-type]
        total += 1
        if schema == "organization" and total < names and rng.random() < 0.25:
            alias = name.replace("CORPORATION", "CORP").replace("CO., LTD.", "COMPANY LIMITED")
            if alias != name and alias not in seen:
                seen.add(alias)
                entity.aliases.append(Alias(alias))
                total += 1
        entities.append(entity)
    return entities


def perturb(name: str, rng: random.Random) -> tuple[str, str]:
    """A seller's rendering of a listed name, and which perturbation (PERTURBATIONS) made it."""
    words = name.replace(",", "").split()
    how = PERTURBATIONS[rng.randrange(6)]
    if how == "romanization":  # romanization swap in the longest word
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        old, new = rng.choice(ROMANIZATION_SWAPS)
        words[longest] = words[longest].lower().replace(old, new, 1)
    elif how == "spacing" and len(words) > 1:  # join two words
        i = rng.randrange(len(words) - 1)
        words[i : i + 2] = [words[i] + words[i + 1]]
    elif how == "transposition":  # two letters swapped inside the longest word
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        if len(word) > 4:
            i = rng.randrange(1, len(word) - 2)
            words[longest] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif how == "legal_form":  # legal form swapped
        words = [w for w in words if w.upper().strip(".") not in {"CO", "LTD", "CORPORATION", "COMPANY", "LIMITED"}]
        words.append(rng.choice(["Co., Ltd.", "Company Limited", "Corp."]))
    elif how == "city_prefix":  # as Chinese sellers add
        words.insert(0, rng.choice(CITIES))
    text = " ".join(words)
    return (text.title() if rng.random() < 0.5 else text), how


def words_of(entities: Sequence[Entity]) -> set[str]:
    return {w.strip(",.").lower() for e in entities for a in e.all_names() for w in a.name.split()}


def make_listings(
    real: list[Entity], generated: list[Entity], rng: random.Random, count: int, listed_words: set[str]
) -> list[Listing]:
    """Planted sellers are drawn from the real companies and the first generated ones, so every size
    screens the same listings (the first generated entries are the same at every size). A made-up brand
    that is a word of any listed name at the largest size (``listed_words``) is redrawn: that seller would
    be a true match, not a negative."""
    companies = [e for e in [*real, *generated] if e.schema in ("organization", "other")]
    listings = []
    for _ in range(count):
        title, description = rng.choice(TITLES), rng.choice(DESCRIPTIONS)
        brand = "".join(rng.sample(SHARED_SYLLABLES, 2))
        while brand in listed_words:  # a listed brand word would make this seller a true match
            brand = "".join(rng.sample(SHARED_SYLLABLES, 2))
        brand = brand.title()
        city = rng.choice(CITIES)
        if rng.random() < 0.1:
            entity = rng.choice(companies)
            original = rng.choice([a.name for a in entity.all_names() if a.quality == "strong"])
            seller, how = perturb(original, rng)
            expected: str | None = entity.entity_id
        else:
            form = rng.choice(SELLER_FORMS)
            seller, how, expected = form.format(city=city, brand=brand, goods=rng.choice(SELLER_GOODS)), "", None
        screen = ScreenInput(
            title=title,
            description=description.format(brand=brand),
            seller_name=seller,
            seller_location=f"{city}, China",
        )
        listings.append(Listing(screen, expected, how))
    return listings


T = TypeVar("T")


def _cpu(work: Callable[[], T]) -> tuple[float, T]:
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def naive_same_scorer(index: NameIndex, sellers: Sequence[str]) -> list[set[str]]:
    """Every prepared name of the index against each seller with the index's own scorer: no blocking."""
    names = index.indexed_names
    normalized = [normalize_text(n.prepared.raw) for n in names]
    config, threshold = index.config, index.threshold
    found: list[set[str]] = []
    for seller in sellers:
        query, exact = index.prepare(seller), normalize_text(seller)
        hits = set()
        for indexed, text in zip(names, normalized, strict=True):
            if text == exact or compare_at_least(query, indexed.prepared, config, threshold) is not None:
                hits.add(index.entities[indexed.entity].entity_id)
        found.append(hits)
    return found


def naive_rapidfuzz(choices: list[str], owner: list[str], sellers: Sequence[str]) -> list[set[str]]:
    found = []
    for seller in sellers:
        hits = process.extract(
            utils.default_process(seller), choices, scorer=fuzz.token_sort_ratio, processor=None, limit=5,
            score_cutoff=80,
        )  # fmt: skip
        found.append({owner[i] for _, _, i in hits})
    return found


@dataclass
class Row:
    size: int
    names: int
    build_s: float
    rss_mb: float
    index_rate: float
    index_recall: tuple[int, int]
    hits_on_negatives: tuple[int, int]
    screener_rate: float
    sample_recall: tuple[int, int]
    same_rate: float
    same_recall: tuple[int, int]
    fuzz_rate: float
    fuzz_recall: tuple[int, int]


def _recall(listings: Sequence[Listing], found: Sequence[set[str]]) -> tuple[int, int]:
    planted = [(listing, hits) for listing, hits in zip(listings, found, strict=False) if listing.expected]
    return sum(listing.expected in hits for listing, hits in planted), len(planted)


def watchlist(size: int, seed: int) -> tuple[list[Entity], list[Entity]]:
    """The real entries and the generated ones, ``size`` names in all."""
    real = real_entities()
    seen = {a.name for e in real for a in e.all_names()}
    real_names = sum(len(e.all_names()) for e in real)
    return real, generated_entities(random.Random(seed + 1), max(0, size - real_names), seen)


def measure(
    size: int, listings_count: int, naive: int, naive_fuzz: int, seed: int, listed_words: set[str]
) -> tuple[Row, list[Listing]]:
    rng = random.Random(seed)
    real, generated = watchlist(size, seed)
    listings = make_listings(real, generated[:PLANTED_FROM], rng, listings_count, listed_words)
    entities = [*real, *generated]
    del generated
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def build() -> NameIndex:
        built = NameIndex(entities)
        built.mentions("", field="title")  # the mention search is built on first use: build it here
        return built

    build_s, index = _cpu(build)
    gc.freeze()  # the index is built once and kept: the collector need not walk it on every pass
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    sellers = [listing.screen.seller_name for listing in listings]

    def by_index() -> list[set[str]]:
        return [{r.entity_id or "" for r in index.match(seller) if r.score >= index.threshold} for seller in sellers]

    index_s, index_found = _cpu(by_index)
    negatives = [hits for listing, hits in zip(listings, index_found, strict=True) if not listing.expected]
    screener = Screener(entities, name_index=index)
    screener_s, _ = _cpu(lambda: [screener.screen(listing.screen) for listing in listings])
    same_s, same_found = _cpu(lambda: naive_same_scorer(index, sellers[:naive]))
    choices = [utils.default_process(a.name) for e in index.entities for a in e.all_names() if a.name.strip()]
    owner = [e.entity_id for e in index.entities for a in e.all_names() if a.name.strip()]
    fuzz_s, fuzz_found = _cpu(lambda: naive_rapidfuzz(choices, owner, sellers[:naive_fuzz]))
    row = Row(
        size=size,
        names=len(index),
        build_s=build_s,
        rss_mb=rss_mb,
        index_rate=len(sellers) / index_s,
        index_recall=_recall(listings, index_found),
        hits_on_negatives=(sum(bool(h) for h in negatives), len(negatives)),
        screener_rate=len(listings) / screener_s,
        sample_recall=_recall(listings[:naive], index_found[:naive]),
        same_rate=naive / same_s,
        same_recall=_recall(listings[:naive], same_found),
        fuzz_rate=naive_fuzz / fuzz_s,
        fuzz_recall=_recall(listings[:naive_fuzz], fuzz_found),
    )
    gc.unfreeze()
    return row, listings


def _fraction(pair: tuple[int, int]) -> str:
    found, total = pair
    return f"{found / max(1, total):.3f} ({found}/{total})"


def report(rows: Sequence[Row], listings: int, naive: int, naive_fuzz: int) -> str:
    lines = [
        f"Listings: {listings:,} (one seller in ten planted); naive scans timed on the first {naive:,} "
        f"(same scorer) and {naive_fuzz:,} (rapidfuzz) listings. CPU seconds of one process (one core).",
        "",
        "| watchlist names | index build (CPU s) | index memory (MB, max RSS growth) | full Screener, listings/s | "
        "name index, listings/s | recall (all listings) | hits on non-planted sellers |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.names:,} | {r.build_s:.1f} | {r.rss_mb:,.0f} | {r.screener_rate:,.0f} | {r.index_rate:,.0f} | "
            f"{_fraction(r.index_recall)} | {r.hits_on_negatives[0]:,}/{r.hits_on_negatives[1]:,} |"
        )
    lines += [
        "",
        "| watchlist names | naive, same scorer: listings/s | recall | name index recall, same sample | "
        "index speed-up | naive rapidfuzz: listings/s | recall | index speed-up |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.names:,} | {r.same_rate:,.1f} | {_fraction(r.same_recall)} | {_fraction(r.sample_recall)} | "
            f"**{r.index_rate / r.same_rate:,.0f}x** | {r.fuzz_rate:,.1f} | {_fraction(r.fuzz_recall)} | "
            f"**{r.index_rate / r.fuzz_rate:,.0f}x** |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = last.names / first.names
        lines += [
            "",
            f"From {first.names:,} to {last.names:,} names ({growth:,.0f}x): name index "
            f"{first.index_rate:,.0f} -> {last.index_rate:,.0f} listings/s, full Screener "
            f"{first.screener_rate:,.0f} -> {last.screener_rate:,.0f}; naive same scorer "
            f"{first.same_rate:,.1f} -> {last.same_rate:,.2f}, naive rapidfuzz {first.fuzz_rate:,.1f} -> "
            f"{last.fuzz_rate:,.2f}.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000", help="watchlist sizes in names, comma-separated")
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--naive", type=int, default=50, help="listings timed with the naive same-scorer scan")
    parser.add_argument("--naive-rapidfuzz", type=int, default=300, help="listings timed with rapidfuzz")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, help="also write the tables to this Markdown file")
    args = parser.parse_args()
    rows = []
    sizes = [int(s) for s in args.sizes.split(",")]
    real, generated = watchlist(max(sizes), args.seed)
    listed_words = words_of([*real, *generated])
    del real, generated
    for size in sizes:
        row, _ = measure(size, args.listings, args.naive, args.naive_rapidfuzz, args.seed, listed_words)
        rows.append(row)
        print(f"measured {row.names:,} names", file=sys.stderr, flush=True)
    text = report(rows, args.listings, args.naive, args.naive_rapidfuzz)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
