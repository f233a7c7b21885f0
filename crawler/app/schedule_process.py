"""Child processes of the scheduler: each crawl runs in its own process group under a hard timeout.

A Twisted reactor cannot be restarted and APScheduler cannot kill a hung job, so the scheduler never
crawls in its own process. A child that outlives its timeout gets SIGTERM, then SIGKILL after a
grace period, to its whole process group (a browser it started dies with it); the child is always
waited for, so none is left a zombie.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

TAIL_BYTES = 4096


@dataclass(frozen=True)
class ChildResult:
    exit_code: int | None  # negative: killed by that signal
    timed_out: bool
    interrupted: bool  # stopped because the scheduler itself was stopping
    seconds: float
    tail: str  # the last line of the child's output, for a one-line cause

    def cause(self, timeout: float) -> str:
        if self.timed_out:
            return f"killed after the hard timeout of {timeout:g} s"
        if self.interrupted:
            return "stopped with the scheduler"
        if self.exit_code is not None and self.exit_code < 0:
            return f"killed by {signal.Signals(-self.exit_code).name}" + (f": {self.tail}" if self.tail else "")
        if self.exit_code:
            return f"exit code {self.exit_code}" + (f": {self.tail}" if self.tail else "")
        return ""


def _start_ticks(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a reused pid is not mistaken."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def process_owner(pid: int | None = None) -> str:
    """``pid:start-ticks@host`` naming this process (or ``pid``) in the store."""
    pid = pid or os.getpid()
    return f"{pid}:{_start_ticks(pid)}@{socket.gethostname()}"


def owner_alive(owner: str) -> bool:
    """Is the process an owner string names still running? On another host we cannot tell: yes."""
    ident, _, host = owner.partition("@")
    pid_text, _, ticks = ident.partition(":")
    if not pid_text.isdigit():
        return False
    if host and host != socket.gethostname():
        return True
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    current = _start_ticks(pid)
    return not ticks or not current or current == ticks


def _last_line(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, handle.seek(0, os.SEEK_END) - TAIL_BYTES))
            lines = [line.strip() for line in handle.read().decode("utf-8", "replace").splitlines()]
    except OSError:
        return ""
    return next((line for line in reversed(lines) if line), "")[:300]


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class Child:
    """One child process started in its own session; ``wait`` enforces the timeout."""

    def __init__(self, command: Sequence[str], log_path: Path, *, env: dict[str, str] | None = None) -> None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path = log_path
        self._log: IO[bytes] = log_path.open("ab")
        self._log.write(f"\n=== {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {' '.join(command)}\n".encode())
        self._log.flush()
        # Output goes to a file, never a pipe: a chatty crawl must not block on a pipe nobody reads.
        self.process = subprocess.Popen(
            list(command), stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True, env=env,
        )  # fmt: skip
        self.pid = self.process.pid
        self._stop = threading.Event()
        self._started = time.monotonic()

    def stop(self) -> None:
        """Ask ``wait`` to end the child now (the scheduler is shutting down)."""
        self._stop.set()

    def wait(self, timeout: float, kill_grace: float) -> ChildResult:
        deadline = self._started + timeout
        timed_out = interrupted = False
        while self.process.poll() is None:
            if self._stop.is_set():
                interrupted = True
                break
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            self._stop.wait(min(left, 0.2))
        if timed_out or interrupted:
            self._end(kill_grace)
        # Whatever the leader did, nothing it started may outlive it.
        _signal_group(self.pid, signal.SIGKILL)
        self._log.close()
        return ChildResult(
            exit_code=self.process.returncode,
            timed_out=timed_out,
            interrupted=interrupted,
            seconds=time.monotonic() - self._started,
            tail=_last_line(self.log_path),
        )

    def _end(self, kill_grace: float) -> None:
        _signal_group(self.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=kill_grace)
        except subprocess.TimeoutExpired:
            _signal_group(self.pid, signal.SIGKILL)
            self.process.wait()
