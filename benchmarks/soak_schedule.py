"""Unattended soak of the scheduler: N scheduled crawls of the demo site, two of them made to hang.

    .venv/bin/python benchmarks/soak_schedule.py [--crawls 24] [--every 60] [--timeout 40] [--hang 8,17]

Starts the demo marketplace on 127.0.0.1 and ``originwatch schedule run`` as a separate process
with one site whose cron fires every ``--every`` seconds (the issue's spec is one a minute; a
shorter interval fits a session, and the figures say which was used). The demo server stops
answering (a tarpit: the request is held open, no byte is sent) during crawls number ``--hang``,
so those crawls hang until the hard timeout kills them. While it runs, the script samples the
daemon's resident memory and looks for zombie or left-over crawl processes; at the end it
prints the figures as JSON.

Expected: every hung crawl ``timed out``, every other ``finished``, no zombie, no crawl process
left, and the daemon's memory flat after the first crawls.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from crawler.demo import SITE_ROOT  # noqa: E402
from crawler.demo.server import DemoRequestHandler, make_server  # noqa: E402
from db.connection import opened  # noqa: E402
from db.schedule import scheduled_runs  # noqa: E402

TARPIT_SECONDS = 600.0
ENDED = ("finished", "broken", "failed", "timed_out", "interrupted")


class Tarpit:
    """Counts crawls by their robots.txt request; during the chosen ones every request hangs."""

    crawl = 0
    hang: ClassVar[set[int]] = set()
    release = threading.Event()


def _handler(base: type[DemoRequestHandler]) -> type[DemoRequestHandler]:
    class Handler(base):  # type: ignore[valid-type,misc]
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path.startswith("/robots.txt"):
                Tarpit.crawl += 1
            if Tarpit.crawl in Tarpit.hang:
                Tarpit.release.wait(TARPIT_SECONDS)  # held open, nothing sent: the crawl hangs
                return
            super().do_GET()

    return Handler


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def processes() -> list[tuple[int, int, str, str]]:
    """(pid, ppid, state, command line) of every process."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        out.append((int(stat.parent.name), int(fields[1]), fields[0], cmdline))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawls", type=int, default=24)
    parser.add_argument("--every", type=int, default=60, help="seconds between fires (divides 60)")
    parser.add_argument("--timeout", type=float, default=40.0, help="the site's hard timeout, seconds")
    parser.add_argument("--page-limit", type=int, default=20)
    parser.add_argument("--hang", default="8,17", help="which crawls (1-based) the server makes hang")
    parser.add_argument("--output", type=Path, default=None, help="also write the JSON figures here")
    args = parser.parse_args()
    if 60 % args.every:
        parser.error("--every must divide 60 (a cron seconds field)")
    Tarpit.hang = {int(n) for n in args.hang.split(",") if n}

    work = Path(tempfile.mkdtemp(prefix="soak-schedule-"))
    db_path = work / "soak.db"
    server = make_server(SITE_ROOT, 0)
    server.RequestHandlerClass = _handler(server.RequestHandlerClass)  # type: ignore[arg-type]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    schedule = work / "schedule.yml"
    schedule.write_text(
        f"""kill_grace: 5s
log_file: {work / "schedule.log"}
sites:
  - site: demo
    spider: discover
    args: {{start_url: "{base}"}}
    settings: {{DOWNLOAD_DELAY: 0, AUTOTHROTTLE_START_DELAY: 0, DOWNLOAD_DELAY_JITTER: 0, ORIGINWATCH_BLOCK_BACKOFF: 0}}
    page_limit: {args.page_limit}
    cron: "{"0" if args.every == 60 else f"*/{args.every}"} * * * * *"
    timeout: {args.timeout}
""",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "schedule", "--config", str(schedule)]
    daemon = subprocess.Popen([*command, "run"], cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = time.monotonic()
    samples: list[tuple[float, int, int]] = []  # (seconds, ended runs, RSS KiB)
    zombies_seen: set[int] = set()
    deadline = started + args.crawls * (args.every + args.timeout) + 120
    ended: list[Any] = []
    try:
        while time.monotonic() < deadline:
            time.sleep(2)
            if daemon.poll() is not None:
                raise SystemExit(f"the daemon exited with {daemon.returncode}: {daemon.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
            zombies_seen |= {pid for pid, ppid, state, _ in processes() if ppid == daemon.pid and state == "Z"}
            if db_path.exists():
                with opened(db_path) as db:
                    ended = [r for r in scheduled_runs(db, site="demo", limit=1000) if r.status in ENDED]
            samples.append((round(time.monotonic() - started, 1), len(ended), rss_kib(daemon.pid)))
            if len(ended) >= args.crawls:
                break
        runs_seen = len(ended)
        time.sleep(1)
        zombies_at_end = [pid for pid, ppid, state, _ in processes() if ppid == daemon.pid and state == "Z"]
        rss_end = rss_kib(daemon.pid)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        Tarpit.release.set()
        server.shutdown()
    left_over = [cmd for pid, _, _, cmd in processes() if str(db_path) in cmd and pid != os.getpid()]
    with opened(db_path) as db:
        history = list(reversed(scheduled_runs(db, site="demo", limit=1000)))
    crawls = [r for r in history if r.status in ENDED][: args.crawls]
    counts: dict[str, int] = {}
    for run in crawls:
        counts[run.status] = counts.get(run.status, 0) + 1
    after_warmup = [rss for _, done, rss in samples if done >= 2]
    figures = {
        "spec": f"{args.crawls} crawls, cron every {args.every} s, hard timeout {args.timeout:g} s, "
        f"page limit {args.page_limit}, crawls {sorted(Tarpit.hang)} made to hang",
        "wall_seconds": round(time.monotonic() - started, 1),
        "statuses": counts,
        "hung_crawls_timed_out": [i + 1 for i, r in enumerate(crawls) if r.status == "timed_out"],
        "other_fires": {s: sum(1 for r in history if r.status == s) for s in ("skipped", "missed")},
        "crawl_seconds": [round(_seconds(r.started_at, r.finished_at), 1) for r in crawls if r.finished_at],
        "listings_per_finished_crawl": sorted({r.listings for r in crawls if r.status == "finished"}),
        "zombies_seen_during": len(zombies_seen),
        "zombies_at_end": len(zombies_at_end),
        "crawl_processes_left": len(left_over),
        "daemon_rss_kib": {
            "after_2_crawls": after_warmup[0] if after_warmup else None,
            "end": rss_end,
            "max_after_2_crawls": max(after_warmup) if after_warmup else None,
            "min_after_2_crawls": min(after_warmup) if after_warmup else None,
        },
        "rss_samples_kib": [rss for _, _, rss in samples][:: max(1, len(samples) // 24)],
        "daemon_exit_code": daemon.returncode,
        "runs_seen": runs_seen,
        "work_dir": str(work),
    }
    text = json.dumps(figures, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    expected_hung = len([n for n in Tarpit.hang if n <= args.crawls])
    ok = (
        counts.get("timed_out", 0) == expected_hung
        and counts.get("finished", 0) == args.crawls - expected_hung
        and not zombies_seen
        and not left_over
    )
    return 0 if ok else 1


def _seconds(start: str, end: str) -> float:
    from datetime import datetime

    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


if __name__ == "__main__":
    sys.exit(main())
