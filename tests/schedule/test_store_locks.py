"""The daemon reads the store while crawls write it: that must never cost a crawl its writes.

A crawl keeps one connection open and opens short ones beside it. Opening the database file with
Python's open() in that process (to read its header) used to drop the long connection's POSIX
locks on close, and a reader in another process then made the crawl's next write fail with
"disk I/O error" (every scheduled crawl of the soak run ended "failed" that way).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys, time
    from db.connection import open_db, opened
    keep = open_db(sys.argv[1])
    for i in range(30):
        keep.execute("insert into schedule_commands (site, command, requested_at) values ('x', 'pause', 't')")
        keep.conn.commit()
        with opened(sys.argv[1]) as db:
            db.execute("select count(*) from schedule_commands").fetchone()
        time.sleep(0.05)
    print("ok")
""")
READER = textwrap.dedent("""
    import sys, time
    from db.connection import opened
    for i in range(60):
        with opened(sys.argv[1]) as db:
            db.execute("select count(*) from schedule_commands").fetchone()
        time.sleep(0.03)
""")


def test_a_reader_in_another_process_does_not_break_a_writer_with_two_connections(db_path: Path) -> None:
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db_path)], cwd=PROJECT)
    writer = subprocess.run(
        [sys.executable, "-c", WRITER, str(db_path)], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )
    reader.wait(timeout=120)
    assert writer.returncode == 0, writer.stderr[-500:]
    assert writer.stdout.strip() == "ok"
