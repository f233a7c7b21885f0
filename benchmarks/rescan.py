"""Rescan benchmark: screen 100,000 stored listings again after 100 watchlist entries are added.

    .venv/bin/python benchmarks/rescan.py [--listings 100000] [--added 100] [--seed 11] [--db PATH]

The store starts with the bundled list and, when ../shared/realdata is present, the real OFAC and UN
excerpts. Listings are seeded, marketplace-style wig/eyelash/rattan listings; a few name sellers that
the added entries will match. Setup is not timed; the figure is the wall time of `crawler.app.screening.rescan`
(screening plus writing hits, one transaction per 2,000 listings) on one process. Target: < 60 s on a
2-core machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.app.screening import rescan  # noqa: E402
from crawler.app.watchlists import import_lists  # noqa: E402
from db import open_db  # noqa: E402
from db.hits import list_hits  # noqa: E402
from db.listings import upsert_listing  # noqa: E402
from db.records import ListingRecord  # noqa: E402
from db.watchlists import record_import  # noqa: E402
from watchlists.bundled import bundled_paths  # noqa: E402
from watchlists.model import Alias, Entity  # noqa: E402

PLANT_EVERY = 1000  # every 1,000th listing's seller is one of the added entries
SANCTIONS = ROOT.parent / "shared" / "realdata" / "sanctions"
PRODUCTS = [
    "13x4 Lace Front Human Hair Wig", "Glueless Bob Wig 150% Density", "Mink Lashes 3D 25mm",
    "Magnetic False Eyelashes Kit", "Handwoven Rattan Crossbody Bag", "Wicker Beach Tote",
    "Hand-tied Hair Topper", "Synthetic Braiding Hair", "Cluster Lashes DIY", "Seagrass Storage Basket",
]  # fmt: skip
CITIES = ["Xuchang, Henan", "Qingdao, Shandong", "Guangzhou", "Yiwu, Zhejiang", "Pingdu", "Dandong, Liaoning"]
SYLLABLES = ["hua", "xin", "mei", "jia", "long", "feng", "sheng", "tai", "rui", "kang", "bo", "yuan", "li", "hai"]


def company(rng: random.Random) -> str:
    stem = "".join(rng.sample(SYLLABLES, 2)).capitalize()
    trade = rng.choice(["Hair Products", "Trading", "Beauty", "Crafts"])
    return f"{rng.choice(CITIES).split(',')[0]} {stem} {trade} Co., Ltd."


def added_entities(rng: random.Random, count: int) -> list[Entity]:
    names = set()
    while len(names) < count:
        names.add(f"{''.join(rng.sample(['kum', 'ryong', 'paek', 'myong', 'chol', 'sung', 'pyol'], 2)).upper()} "
                  f"{rng.choice(['HAIR', 'GENERAL', 'TRADING', 'EXPORT'])} CORPORATION")  # fmt: skip
    return [
        Entity(entity_id=f"bench-{n}", source="benchmark-added", name=name, aliases=[Alias(name.title())])
        for n, name in enumerate(sorted(names))
    ]


def setup(db_path: Path, listings: int, added: list[Entity], rng: random.Random) -> None:
    db = open_db(db_path)
    import_lists(db, bundled_paths(), "yaml")
    if SANCTIONS.is_dir():
        import_lists(db, sorted(SANCTIONS.glob("ofac_*.csv"))[::-1], "ofac-csv")
        import_lists(db, sorted(SANCTIONS.glob("un_*.xml")), "un-xml")
    with db.atomic():
        for n in range(listings):
            seller = added[n % len(added)].name.title() if n % PLANT_EVERY == 0 else company(rng)
            upsert_listing(
                db,
                ListingRecord.from_mapping(
                    {
                        "platform": "bench.example",
                        "listing_key": f"/item/{n}",
                        "url": f"https://bench.example/item/{n}",
                        "title": rng.choice(PRODUCTS),
                        "description": "Factory direct, OEM welcome, fast shipping.",
                        "seller_name": seller,
                        "seller_location": rng.choice(CITIES),
                        "price": f"{rng.uniform(1, 90):.2f}",
                        "currency": "USD",
                    }
                ),
            )
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--added", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--db", type=Path, default=None, help="keep the database here (default: a temp dir)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    added = added_entities(rng, args.added)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or Path(tmp) / "rescan.db"
        started = time.perf_counter()
        setup(db_path, args.listings, added, rng)
        print(f"setup: {args.listings} listings stored in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        db = open_db(db_path)
        baseline = rescan(db)
        record_import(db, source="benchmark-added", fmt="yaml", files=[], sha256="bench", entities=added)
        after = rescan(db)
        again = rescan(db)
        cited = [h for h in list_hits(db) if any(r.get("source") == "benchmark-added" for r in h["reasons"])]
        db.close()
    planted = sum(1 for h in cited if int(h["url"].rsplit("/", 1)[1]) % PLANT_EVERY == 0)
    print("| step | listings | seconds | listings/s | new hits | updated | stale |")
    print("|---|---|---|---|---|---|---|")
    steps = (("first screening", baseline), (f"after adding {args.added} entries", after), ("again, no change", again))
    for label, r in steps:
        rate = f"{r.screened / r.seconds:,.0f}"
        print(
            f"| {label} | {r.screened} | {r.seconds:.1f} | {rate} | {r.new_hits} | {r.updated_hits} | {r.stale_hits} |"
        )
    print(
        f"\nhits citing an added entry: {planted} of {args.listings // PLANT_EVERY} planted sellers, "
        f"{len(cited) - planted} on other listings"
    )


if __name__ == "__main__":
    main()
