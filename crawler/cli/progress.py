"""Progress bars for long command-line work, on a terminal only; and the rotating log file.

``with progress("rescan") as update: ... update(done, total)``. On a terminal (standard error is a
TTY) rich draws a bar; otherwise nothing is drawn at all, so cron mail, pipes and CI logs stay quiet.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path

Update = Callable[[int, int | None], None]  # (done, total or None when unknown)

LOG_MAX_BYTES = 10 * 1024 * 1024
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(description: str, *, total: int | None = None, enabled: bool | None = None) -> Iterator[Update]:
    """A bar (or, with no total, a counter) while the block runs; a no-op off a terminal."""
    if not (on_terminal() if enabled is None else enabled):
        yield _quiet
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total)
            bar.update(task, completed=done)

        yield update


def _quiet(done: int, total: int | None = None) -> None:
    """Off a terminal nothing is drawn."""


def configure_logging(log_file: Path, *, verbose: bool = False, level: int = logging.INFO) -> None:
    """Log to a rotating file (10 MB, five old files kept); warnings also to standard error, or
    everything with ``verbose`` (systemd's journal keeps standard error)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(level)
    handler = RotatingFileHandler(log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(console)
    # APScheduler says "Running job ..." at INFO for every job; our own lines say more, once.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
