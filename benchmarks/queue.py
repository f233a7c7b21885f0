"""The review queue on a large store: 1,000,000 listings and 100,000 hits (defaults).

Builds the store once (plain inserts through SQLite, not the crawl path: this measures the queries),
then times the queue's queries as the CLI runs them: a page of `hits --status new`, the count shown
under it, `hits --platform X --reason phrase`, a page deep in the queue, `--changed-since`, and a CJK
and a Latin full-text search. Each figure is the best of five runs on a warm cache.

    python benchmarks/queue.py [--listings N] [--hits N] [--db PATH (kept; reused if it exists)]
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file's name is also the standard library's `queue`: keep its folder off the import path, or any
# library importing `queue` (threading helpers, concurrent.futures) would import this script instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from db import open_db  # noqa: E402
from db.connection import optimize  # noqa: E402
from db.hits import count_hits, list_hits  # noqa: E402
from db.listings import search_listings  # noqa: E402

PLATFORMS = [f"shop{n}.example" for n in range(20)]
WORDS = ["lace", "wig", "remy", "hair", "mink", "lashes", "rattan", "bag", "tote", "basket", "hand-tied", "bob"]
CJK = ["真人发", "假发", "蕾丝", "朝鲜加工", "手工", "睫毛", "藤编", "包"]
KINDS = ["phrase", "seller", "place", "contact", "category"]
BATCH = 20_000


def build(db_path: Path, listings: int, hits: int, rng: random.Random) -> None:
    db = open_db(db_path)
    conn = db.conn
    hit_every = max(1, listings // hits)
    started = time.perf_counter()
    for first in range(1, listings + 1, BATCH):
        rows, hit_rows, reason_rows = [], [], []
        for n in range(first, min(first + BATCH, listings + 1)):
            title = " ".join(rng.sample(WORDS, 3)) + " " + "".join(rng.sample(CJK, 2))
            rows.append((n, rng.choice(PLATFORMS), f"/item/{n}", f"https://x.example/item/{n}", title, "", "h", 1,
                         "2026-11-01", "2026-11-01", "[]", "[]", "{}", "wig"))  # fmt: skip
            if n % hit_every == 0 and n // hit_every <= hits:
                day = f"2026-11-{rng.randint(1, 30):02d}T00:00:00+00:00"
                status = rng.choices(["new", "confirmed", "dismissed", "escalated"], [85, 5, 8, 2])[0]
                hit_rows.append((n // hit_every, n, rng.random(), rng.choice(["high", "low"]), status, "wig", 0, "[]",
                                 day, day, day, 0))  # fmt: skip
                for kind in rng.sample(KINDS, rng.randint(1, 3)):
                    reason_rows.append((n // hit_every, kind, "rule", 0.5))
        with db.atomic():
            conn.executemany(
                "insert into listings (id, platform, listing_key, url, title, description, content_hash, version,"
                " first_seen, last_seen, contacts, images, attributes, category)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "insert into hits (id, listing_id, score, priority, status, category, stale, reasons, created_at,"
                " updated_at, reasons_changed_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                hit_rows,
            )
            conn.executemany("insert into hit_reasons (hit_id, kind, rule, score) values (?, ?, ?, ?)", reason_rows)
    optimize(db)
    print(f"built {listings:,} listings, {count_hits(db):,} hits in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)  # fmt: skip
    db.close()


def best_of(action: Callable[[], Any], runs: int = 5) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--hits", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or Path(tmp) / "queue.db"
        if not db_path.exists():
            build(db_path, args.listings, args.hits, random.Random(args.seed))
        db = open_db(db_path)
        platform = PLATFORMS[3]
        queries: list[tuple[str, Callable[[], Any]]] = [
            ("hits --status new (first page of 50)", lambda: list_hits(db, status=["new"], limit=50)),
            ("count under that page", lambda: count_hits(db, status=["new"])),
            (f"hits --platform {platform} --reason phrase (50)",
             lambda: list_hits(db, platform=platform, reason_kind="phrase", limit=50)),
            ("hits --status new --offset 50000 (50)", lambda: list_hits(db, status=["new"], limit=50, offset=50_000)),
            ("hits --changed-since 2026-11-29 (50)", lambda: list_hits(db, changed_since="2026-11-29", limit=50)),
            ("hits --format csv --status escalated (all)",
             lambda: list_hits(db, status=["escalated"], with_review=True)),
            ("search 朝鲜加工 (50)", lambda: search_listings(db, "朝鲜加工", limit=50)),
            ("search hand-tied (50)", lambda: search_listings(db, "hand-tied", limit=50)),
        ]  # fmt: skip
        print(f"| query ({args.listings:,} listings, {count_hits(db):,} hits) | rows | best of 5 |")
        print("|---|---|---|")
        for label, action in queries:
            seconds, result = best_of(action)
            rows = result if isinstance(result, int) else len(result)
            print(f"| `{label}` | {rows:,} | {seconds * 1000:.1f} ms |")
        db.close()


if __name__ == "__main__":
    main()
