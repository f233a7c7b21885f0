"""A stand-in for `originwatch crawl` where a test is about scheduling, not crawling.

``python fake_crawl.py --db PATH --site NAME --mode ok|crash|hang|slow [--seconds S] [--listings N]``
records a crawl run the way a real crawl does (through ``db.runs``), and appends "start"/"end"
lines with times to ``<db>.<site>.trace`` so a test can check that runs never overlapped.
``hang`` ignores SIGTERM and sleeps for ever: only SIGKILL ends it.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from db.connection import opened
from db.runs import finish_run, start_run


def trace(db: str, site: str, what: str) -> None:
    with Path(f"{db}.{site}.trace").open("a") as out:
        out.write(f"{what} {time.time():.3f}\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--mode", default="ok")
    parser.add_argument("--seconds", type=float, default=0.0)
    parser.add_argument("--listings", type=int, default=5)
    args = parser.parse_args()
    trace(args.db, args.site, "start")
    if args.mode == "crash":
        raise RuntimeError("the spider blew up")
    with opened(args.db, create=True) as db:
        run_id = start_run(db, args.site, start_url="http://127.0.0.1/", args={})
    if args.mode == "hang":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            time.sleep(60)
    time.sleep(args.seconds)
    stats = {
        "pages/parsed": args.listings + 2, "pages/broken": 1, "pages/blocked": 1, "listings/seen": args.listings,
        "listings/new": args.listings, "listings/changed": 0, "hits/new": 1, "hits/updated": 0,
    }  # fmt: skip
    with opened(args.db) as db:
        finish_run(db, run_id, "finished", stats)
    trace(args.db, args.site, "end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
