"""The demo server in a subprocess, for tests: ``with MockServer(root) as mock: crawl(mock.url)``.

As in Scrapy's own suite (``tests/mockserver``), the server runs in a process of its own so a Twisted
reactor in the test process never shares a thread with it. ``python -m tests.mockserver --root DIR``
prints the base URL on its first line, then serves until terminated.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import urljoin

START_TIMEOUT_SECONDS = 10.0
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _first_line(stream: IO[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True)
    reader.start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


class MockServer:
    def __init__(self, root: Path | None = None) -> None:
        from crawler.demo import SITE_ROOT

        self.root = (root or SITE_ROOT).resolve()
        self.url = ""
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> MockServer:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        command = [sys.executable, "-m", "tests.mockserver", "--root", str(self.root), "--port", "0"]
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=PROJECT_ROOT
        )
        assert self._process.stdout is not None
        line = _first_line(self._process.stdout, START_TIMEOUT_SECONDS).strip()
        if not line.startswith("http://"):
            self.close()
            raise RuntimeError(f"mock server subprocess did not start: {line or self._stderr()}")
        self.url = line
        return self

    def _stderr(self) -> str:
        if self._process is None or self._process.stderr is None:
            return "(no output)"
        try:
            return self._process.stderr.read().strip() or "(no output)"
        except ValueError:
            return "(no output)"

    def urljoin(self, path: str) -> str:
        return urljoin(self.url + "/", path)

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


__all__ = ["MockServer"]
