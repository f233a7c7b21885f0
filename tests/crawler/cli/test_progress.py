"""Progress bars show on a terminal and stay quiet off one; logs go to a rotating file."""

from __future__ import annotations

import logging
import os
import pty
import subprocess
import sys
from pathlib import Path

from crawler.cli.progress import LOG_BACKUPS, configure_logging

PROJECT = Path(__file__).resolve().parents[3]
WORK = (
    "from crawler.cli.progress import progress\n"
    "import time\n"
    "with progress('rescreening listings', total=3) as update:\n"
    "    for i in range(1, 4):\n"
    "        update(i, 3)\n"
    "        time.sleep(0.1)\n"
    "print('done')\n"
)


def _on_a_terminal() -> bytes:
    pid, fd = pty.fork()
    if pid == 0:  # the child: standard error is the pseudo-terminal
        os.chdir(PROJECT)
        os.execv(sys.executable, [sys.executable, "-c", WORK])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out


def test_a_bar_on_a_terminal() -> None:
    out = _on_a_terminal()
    assert b"rescreening listings" in out
    assert b"3/3" in out


def test_nothing_off_a_terminal() -> None:
    done = subprocess.run([sys.executable, "-c", WORK], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert done.stderr == ""
    assert done.stdout == "done\n"


def test_logs_rotate(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "originwatch.log"
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        configure_logging(log_file)
        handler = next(h for h in root.handlers if h not in before and isinstance(h, logging.FileHandler))
        handler.maxBytes = 200  # type: ignore[attr-defined]
        for number in range(50):
            logging.getLogger("originwatch.test").info("line %d of a long unattended run", number)
    finally:
        for added in [h for h in root.handlers if h not in before]:
            root.removeHandler(added)
            added.close()
    files = sorted(p.name for p in log_file.parent.iterdir())
    assert files[0] == "originwatch.log"
    assert len(files) == 1 + LOG_BACKUPS  # the oldest beyond the backups are dropped
