"""The scheduler's rescan, run as ``python -m crawler.app.schedule_rescan --db PATH`` in a child process.

It re-screens the archive with the rescan use case and records which list versions it screened
against, so the next run knows whether the lists changed since. A child process keeps the
screener's memory out of the long-lived daemon.
"""

from __future__ import annotations

import argparse
import sys

from crawler.app.screening import rescan
from db.connection import opened
from db.schedule import record_rescan
from db.watchlists import latest_versions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    args = parser.parse_args(argv)
    with opened(args.db) as db:
        versions = latest_versions(db)
        try:
            report = rescan(db)
        except Exception as exc:
            record_rescan(db, versions, status="failed", cause=f"{type(exc).__name__}: {exc}")
            raise
        record_rescan(
            db,
            versions,
            status="finished",
            screened=report.screened,
            new_hits=report.new_hits,
            updated_hits=report.updated_hits,
            stale_hits=report.stale_hits,
            seconds=round(report.seconds, 2),
        )
    print(
        f"rescreened {report.screened} listing(s): {report.new_hits} new hit(s), "
        f"{report.updated_hits} updated, {report.stale_hits} stale"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
