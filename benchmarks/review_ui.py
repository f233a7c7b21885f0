"""Review UI benchmark: a store of 1,000,000 listings and 100,000 hits.

    .venv/bin/python benchmarks/review_ui.py [--listings 1000000] [--hits 100000] [--db PATH] [--runs 15]

Measures, for the queue page, a filtered queue page and a CJK full-text search, the median server time
(the request handled in-process by the Flask app, rendering included) and the median browser time (headless
Chromium from Debian's `chromium`: navigation start to the load event, over HTTP on 127.0.0.1); and the
wall time of one bulk decision on 10,000 hits (`crawler.app.review_actions.bulk_decide`). Targets: pages
< 100 ms server, < 300 ms browser; the bulk action < 5 s. The store is generated with executemany
through `db.bulk` (not timed); `--db` keeps it for reruns.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.app.review_actions import Actor, bulk_decide  # noqa: E402
from crawler.app.users import add_user  # noqa: E402
from db import open_db  # noqa: E402
from db.bulk import BulkHit, BulkReason, insert_hits, insert_listings, optimize  # noqa: E402
from db.records import ListingRecord  # noqa: E402
from db.review import HitFilter, queue_ids  # noqa: E402
from db.users import Role  # noqa: E402

PLATFORMS = [
    "www.amazon.com", "www.ebay.com", "www.etsy.com", "www.aliexpress.com", "www.alibaba.com",
    "www.made-in-china.com", "www.dhgate.com", "www.go4worldbusiness.com", "shopee.sg", "www.1688.com",
]  # fmt: skip
WORDS = [
    "lace", "front", "wig", "human", "hair", "remy", "virgin", "bob", "curly", "straight", "mink", "eyelashes",
    "3D", "natural", "rattan", "bag", "handmade", "woven", "beach", "tote", "straw", "wholesale", "factory",
    "真人发", "假发", "蕾丝", "头套", "睫毛", "藤编包", "手工", "批发", "가발", "속눈썹", "수제", "인모",
]  # fmt: skip
CJK_PHRASE = "朝鲜加工"
PASSWORD = "benchmark password"
PAGES = {
    "today's queue": "/",
    "queue": "/queue",
    "filtered queue": "/queue?platform=www.ebay.com&reason=phrase&min_score=0.6",
    "CJK search": "/queue?q=" + CJK_PHRASE,
}


def build(path: Path, n_listings: int, n_hits: int, seed: int) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with open_db(path) as db:
        t0 = time.perf_counter()
        batch: list[ListingRecord] = []
        for i in range(n_listings):
            words = " ".join(rng.choice(WORDS) for _ in range(8))
            special = i % 200 == 0  # 0.5% carry the phrase inside a longer sentence
            description = f"{words}. 本店产品由{CJK_PHRASE}厂手工制作" if special else f"{words} {rng.randint(1, 999)}"
            platform = PLATFORMS[i % len(PLATFORMS)]
            batch.append(ListingRecord(
                platform=platform, listing_key=f"/item/{i}", url=f"https://{platform}/item/{i}",
                title=f"{words} #{i}", description=description, price=str(rng.randint(5, 90)), currency="USD",
                seller_name=f"Seller {rng.randint(1, 50_000)} Trading",
                seller_location=rng.choice(["Dandong", "Qingdao", "Xuchang"]),
            ))  # fmt: skip
            if len(batch) == 50_000:
                insert_listings(db, batch, seen_at=now.isoformat(timespec="seconds"))
                batch = []
        if batch:
            insert_listings(db, batch, seen_at=now.isoformat(timespec="seconds"))
        t1 = time.perf_counter()
        step = max(1, n_listings // n_hits)
        hits = []
        for j in range(n_hits):
            listing_id = j * step + 1 + (j * 7) % step  # spread over every platform
            kinds = rng.sample(["seller", "phrase", "place", "contact", "category"], rng.choice([1, 1, 2]))
            score = round(rng.uniform(0.25, 0.99), 3)
            status = rng.choices(["new", "confirmed", "dismissed", "escalated", "unsure"], [85, 5, 7, 2, 1])[0]
            created = (now - timedelta(days=rng.uniform(0, 60))).isoformat(timespec="seconds")
            reasons = tuple(BulkReason(k, f"{k}-rule", score, f"{k} reason", "wig", "title") for k in kinds)
            hits.append(BulkHit(listing_id, score, "high" if score >= 0.5 else "low", "wig", status, created, reasons))
        insert_hits(db, hits)
        add_user(db, "bench", PASSWORD, "analyst")
        optimize(db)
        print(f"store: {n_listings:,} listings in {t1 - t0:.0f} s, {n_hits:,} hits in {time.perf_counter() - t1:.0f} s")


def server_times(path: Path, runs: int) -> dict[str, float]:
    from review.app import create_app

    app = create_app(path, config={"WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": PASSWORD})
    out = {}
    for name, url in PAGES.items():
        samples = []
        for i in range(runs + 2):
            t = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - t
            assert response.status_code == 200, (url, response.status_code)
            if i >= 2:  # the first two warm the page cache
                samples.append(elapsed * 1000)
        out[name] = statistics.median(samples)
        rows = response.get_data(as_text=True).count("data-hit=")
        print(f"  server {name:15} median {out[name]:6.1f} ms  ({rows} rows)")
    return out


def browser_times(path: Path, runs: int) -> dict[str, float]:
    import logging

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from review.app import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, create_app(path), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + "/login")
        page.fill("input[name=username]", "bench")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        for name, url in PAGES.items():
            samples = []
            for i in range(runs + 2):
                page.goto(base + url, wait_until="load")
                timing = page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                                       " return n.loadEventEnd - n.startTime; })()")  # fmt: skip
                if i >= 2:
                    samples.append(float(timing))
            out[name] = statistics.median(samples)
            print(f"  browser {name:14} median {out[name]:6.1f} ms")
        browser.close()
    server.shutdown()
    return out


def bulk_time(path: Path, count: int) -> float:
    with open_db(path) as db:
        ids = queue_ids(db, HitFilter(status=("new",)))[:count]
        items = [(i, 0) for i in ids]
        t = time.perf_counter()
        outcome = bulk_decide(db, Actor("bench", Role.ANALYST), items, "dismissed", reason="not_dprk", note="bench")
        elapsed = time.perf_counter() - t
    assert len(outcome.changed) == count, (len(outcome.changed), len(outcome.conflicts))
    print(f"  bulk dismiss of {count:,} hits: {elapsed:.2f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--hits", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--bulk", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, default=None, help="keep the generated store here (reused if present)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="ow-review-bench-")) / "bench.db"
    if not path.exists():
        build(path, args.listings, args.hits, args.seed)
    server = server_times(path, args.runs)
    browser = browser_times(path, args.runs)
    bulk = bulk_time(path, args.bulk)
    ok = all(v < 100 for v in server.values()) and all(v < 300 for v in browser.values()) and bulk < 5
    print(f"targets (server < 100 ms, browser < 300 ms, bulk < 5 s): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
