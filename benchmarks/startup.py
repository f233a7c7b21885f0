"""How fast the command line starts: `--help`, `hits --help`, `hits` and `runs` on a small store.

Each figure is the best and the median of N runs of the installed `originwatch` entry point in a fresh
process (wall time, so Python's own start is included). Target: under 0.3 s for `--help` and `hits`.
Nothing here imports Scrapy, Twisted or the matchers: those load only for commands that crawl or screen.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.3


def entry_point() -> list[str]:
    script = Path(sys.executable).with_name("originwatch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "crawler.cli.main"]


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    base = entry_point()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "startup.db"
        bundled = ROOT / "watchlists" / "data" / "originwatch.yml"
        subprocess.run([*base, "--db", str(db), "watchlist", "import", str(bundled)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        commands = {
            "originwatch --help": [*base, "--help"],
            "originwatch hits --help": [*base, "hits", "--help"],
            "originwatch hits": [*base, "--db", str(db), "hits"],
            "originwatch runs": [*base, "--db", str(db), "runs"],
        }
        print(f"| command | best | median ({args.runs} runs) | under {TARGET_SECONDS} s |")
        print("|---|---|---|---|")
        slow = 0
        for label, command in commands.items():
            times = timed(command, args.runs)
            ok = statistics.median(times) < TARGET_SECONDS
            slow += not ok
            print(f"| `{label}` | {min(times):.3f} s | {statistics.median(times):.3f} s | {'yes' if ok else 'NO'} |")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
