"""The statuses a crawl run can end in (no imports, so the command line loads it cheaply)."""

from __future__ import annotations

RUN_STATUSES = ("running", "finished", "failed", "broken", "interrupted")
ENDED_BADLY = ("failed", "broken", "interrupted")  # a command that ran such a crawl exits non-zero
