"""Screening benchmark: NameIndex against a naive rapidfuzz scan, on a 10,000-name watchlist.

    .venv/bin/python benchmarks/screening.py [--listings 20000] [--naive 1000] [--seed 7]

Watchlist: the real OFAC/UN DPRK excerpts (when ../shared/realdata is present) plus generated,
plausible Korean- and Chinese-style company names (seeded syllable and word tables) up to 10,000 names.
Listings: seeded seller names; one in ten is a perturbed watchlist name (romanization swap, spacing,
misspelling, legal form changed, city prefix), the rest are marketplace-style sellers whose made-up brand
is drawn from the same syllables as the watchlist's names (only an exact repeat of a listed brand word is
redrawn: that would be a true match, not a false flag). Prints a Markdown table of throughput (one core),
recall on the planted positives and false flags on the rest, for NameIndex and for a naive rapidfuzz scan
(token_sort_ratio with rapidfuzz's default processor: lower case, punctuation stripped) on the same
listings.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matchers.names import NameIndex  # noqa: E402
from matchers.screen import Screener  # noqa: E402
from matchers.types import ScreenInput  # noqa: E402
from watchlists.model import Entity  # noqa: E402

SANCTIONS = ROOT.parent / "shared" / "realdata" / "sanctions"
KOREAN = [
    "kum",
    "ryong",
    "song",
    "paek",
    "chon",
    "myong",
    "hwa",
    "sin",
    "kwang",
    "il",
    "chol",
    "un",
    "ha",
    "nam",
    "tae",
    "dong",
    "hyok",
    "sung",
    "pong",
    "rim",
    "yon",
    "chang",
    "kang",
    "mun",
    "ok",
    "sol",
    "ho",
    "man",
    "pyol",
    "san",
    "jin",
    "hung",
    "nung",
    "mi",
    "ra",
    "bok",
    "su",
]
PINYIN = [
    "jin",
    "xiang",
    "zhi",
    "cheng",
    "hong",
    "da",
    "tian",
    "fu",
    "xin",
    "yuan",
    "guang",
    "ming",
    "hai",
    "long",
    "feng",
    "bai",
    "song",
    "hua",
    "sheng",
    "tai",
    "shun",
    "rui",
    "jia",
    "mei",
    "bao",
    "heng",
    "kang",
    "lian",
    "yu",
    "hao",
    "peng",
    "ze",
    "wei",
    "an",
]
# Sellers' brands come from the same syllables as the listed names, so near misses are possible.
SHARED_SYLLABLES = sorted(set(KOREAN) | set(PINYIN))
CITIES = ["Dandong", "Hunchun", "Shenyang", "Dalian", "Yanji", "Qingdao", "Xuchang", "Yiwu", "Guangzhou"]
INDUSTRIES = ["Trading", "Metal Materials", "Industry and Trade", "Economic and Trade", "Import and Export"]
KOREAN_FORMS = ["KOREA {} TRADING CORPORATION", "{} GENERAL CORPORATION", "KOREA {} SHIPPING CO", "{} JOINT VENTURE"]
SELLER_GOODS = ["Hair Products", "Wigs", "Eyelash", "Beauty", "Rattan Crafts", "Handicraft", "Bags", "Trading"]
SELLER_FORMS = [
    "{city} {brand} {goods} Co., Ltd.",
    "{brand} {goods} Store",
    "{brand} Official Store",
    "{city} {brand} Factory",
]
ROMANIZATION_SWAPS = [("p", "b"), ("t", "d"), ("k", "g"), ("o", "eo"), ("u", "eu"), ("ch", "j"), ("r", "l")]


@dataclass(frozen=True)
class Listing:
    seller: str
    expected: str | None  # entity id of a planted positive
    how: str = ""  # the perturbation of a planted positive
    original: str = ""  # the listed name it was made from


def real_entities() -> list[Entity]:
    if not SANCTIONS.is_dir():
        return []
    from watchlists.importers import load

    ofac = load(
        [SANCTIONS / "ofac_sdn_2024-05-03_DPRK_excerpt.csv", SANCTIONS / "ofac_alt_2025-08_DPRK_aliases_excerpt.csv"],
        "ofac-csv",
    )
    un = load([SANCTIONS / "un_consolidated_2018-10-29_DPRK_excerpt.xml"], "un-xml")
    return [e for e in [*ofac.entities, *un.entities] if e.schema != "vessel"]


def generated_entities(rng: random.Random, count: int, seen: set[str]) -> list[Entity]:
    entities: list[Entity] = []
    while len(entities) < count:
        if rng.random() < 0.5:
            brand = "".join(rng.sample(KOREAN, rng.choice((2, 2, 3)))).upper()
            name = rng.choice(KOREAN_FORMS).format(brand)
        else:
            brand = "".join(rng.sample(PINYIN, 2)).upper()
            name = f"{rng.choice(CITIES).upper()} {brand} {rng.choice(INDUSTRIES).upper()} CO., LTD."
        if name in seen:
            continue
        seen.add(name)
        entities.append(Entity(f"GEN{len(entities):05d}", "generated", name))
    return entities


PERTURBATIONS = ("romanization", "spacing", "transposition", "legal_form", "city_prefix", "none")


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


def make_listings(entities: list[Entity], rng: random.Random, count: int) -> list[Listing]:
    companies = [e for e in entities if e.schema in ("organization", "other")]
    listed_words = {w.strip(",.").lower() for e in entities for a in e.all_names() for w in a.name.split()}
    listings = []
    for _ in range(count):
        if rng.random() < 0.1:
            entity = rng.choice(companies)
            strong = [a.name for a in entity.all_names() if a.quality == "strong"]
            original = rng.choice(strong)
            seller, how = perturb(original, rng)
            listings.append(Listing(seller, entity.entity_id, how, original))
        else:
            brand = "".join(rng.sample(SHARED_SYLLABLES, 2))
            while brand in listed_words:  # a listed brand word would make this seller a true match
                brand = "".join(rng.sample(SHARED_SYLLABLES, 2))
            brand = brand.title()
            form = rng.choice(SELLER_FORMS)
            listings.append(
                Listing(form.format(city=rng.choice(CITIES), brand=brand, goods=rng.choice(SELLER_GOODS)), None)
            )
    return listings


def run(listings_count: int, naive_count: int, seed: int) -> str:
    rng = random.Random(seed)
    real = real_entities()
    seen = {a.name for e in real for a in e.all_names()}
    real_names = sum(len(e.all_names()) for e in real)
    entities = real + generated_entities(rng, max(0, 10_000 - real_names), seen)
    all_names = [a.name for e in entities for a in e.all_names()]
    owner = [e.entity_id for e in entities for _ in e.all_names()]
    listings = make_listings(entities, rng, listings_count)
    planted = [listing for listing in listings if listing.expected]

    started = time.perf_counter()
    index = NameIndex(entities)
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    results = [index.match(listing.seller) for listing in listings]
    ours_seconds = time.perf_counter() - started
    ours_found = sum(
        any(r.entity_id == listing.expected for r in hits)
        for listing, hits in zip(listings, results, strict=True)
        if listing.expected
    )
    flagged_negatives = sum(bool(hits) for listing, hits in zip(listings, results, strict=True) if not listing.expected)

    sample = listings[:naive_count]
    started = time.perf_counter()
    naive = [
        process.extract(
            s.seller, all_names, scorer=fuzz.token_sort_ratio, processor=utils.default_process, limit=5, score_cutoff=80
        )
        for s in sample
    ]
    naive_seconds = time.perf_counter() - started
    sample_planted = [s for s in sample if s.expected]
    sample_negatives = len(sample) - len(sample_planted)
    naive_found = sum(
        any(owner[i] == listing.expected for _, _, i in hits)
        for listing, hits in zip(sample, naive, strict=True)
        if listing.expected
    )
    naive_false = sum(bool(hits) for listing, hits in zip(sample, naive, strict=True) if not listing.expected)
    sample_results = results[: len(sample)]
    ours_on_sample = sum(
        any(r.entity_id == listing.expected for r in hits)
        for listing, hits in zip(sample, sample_results, strict=True)
        if listing.expected
    )
    ours_false_on_sample = sum(
        bool(hits) for listing, hits in zip(sample, sample_results, strict=True) if not listing.expected
    )

    rows = [
        "| matcher | listings/s (1 core) | recall on planted positives | flagged non-planted |",
        "|---|---|---|---|",
        f"| NameIndex (blocked, romanization-aware), all listings | {len(listings) / ours_seconds:,.0f} | "
        f"{ours_found / len(planted):.3f} ({ours_found}/{len(planted)}) | "
        f"{flagged_negatives}/{len(listings) - len(planted)} |",
        f"| NameIndex, first {len(sample):,} listings | - | "
        f"{ours_on_sample / max(1, len(sample_planted)):.3f} ({ours_on_sample}/{len(sample_planted)}) | "
        f"{ours_false_on_sample}/{sample_negatives} |",
        f"| naive rapidfuzz token_sort_ratio >= 80 (default_process), top 5, same {len(sample):,} | "
        f"{len(sample) / naive_seconds:,.0f} | "
        f"{naive_found / max(1, len(sample_planted)):.3f} ({naive_found}/{len(sample_planted)}) | "
        f"{naive_false}/{sample_negatives} |",
    ]
    screener = Screener(entities, name_index=index)
    started = time.perf_counter()
    for listing in listings:
        screener.screen(ScreenInput(seller_name=listing.seller, title="Human hair wig, hand-tied"))
    screen_seconds = time.perf_counter() - started
    rows.append(f"| full Screener (all matchers) | {len(listings) / screen_seconds:,.0f} | - | - |")
    rows += ["", "| perturbation of the planted name | planted | NameIndex found | recall |", "|---|---|---|---|"]
    for how in PERTURBATIONS:
        group = [
            hits for listing, hits in zip(listings, results, strict=True) if listing.expected and listing.how == how
        ]
        expected = [listing.expected for listing in listings if listing.expected and listing.how == how]
        found = sum(any(r.entity_id == e for r in hits) for e, hits in zip(expected, group, strict=True))
        rows.append(f"| {how} | {len(group)} | {found} | {found / max(1, len(group)):.3f} |")
    speedup = (len(listings) / ours_seconds) / (len(sample) / naive_seconds)
    summary = (
        f"watchlist: {len(entities):,} entities, {len(all_names):,} names ({real_names} real); "
        f"listings: {len(listings):,} ({len(planted)} planted); index build {build_seconds:.2f} s; "
        f"speed-up over naive: {speedup:.0f}x"
    )
    return summary + "\n\n" + "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--naive", type=int, default=1_000, help="listings timed with the naive scan")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(run(args.listings, args.naive, args.seed))


if __name__ == "__main__":
    main()
