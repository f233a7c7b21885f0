"""Per-path response overrides for the demo server, read from ``_server.yml`` in the served root.

The file lets a static tree behave like a real marketplace: wrong charsets, 500s, redirects,
slow and truncated responses. Unknown keys are errors, so a typo cannot silently turn a test
fixture into a plain 200.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from watchlists.datafile import DataFileError, StrictModel, parse_yaml, where

OVERRIDES_FILE = "_server.yml"
MAX_DELAY_SECONDS = 2.0  # a slow page must never stall a test run for long


class OverridesError(DataFileError):
    """``_server.yml`` is unreadable or invalid; the message names file, line and reason."""


class PathOverride(StrictModel):
    status: int | None = Field(default=None, ge=100, le=599)
    headers: dict[str, str] = Field(default_factory=dict)
    redirect: str | None = None  # Location header; status defaults to 301
    delay: float = Field(default=0.0, ge=0.0, le=MAX_DELAY_SECONDS)
    truncate_at: int | None = Field(default=None, ge=0)  # bytes sent before the connection drops
    note: str = ""  # why this override exists; ignored by the server

    @model_validator(mode="after")
    def _redirect_status_is_3xx(self) -> PathOverride:
        if self.redirect is not None and self.status is not None and not 300 <= self.status < 400:
            raise ValueError(f"redirect needs a 3xx status, got {self.status}")
        return self


class ServerOverrides(StrictModel):
    hidden: tuple[str, ...] = ()  # root-relative file names never served (ground-truth files etc.)
    paths: dict[str, PathOverride] = Field(default_factory=dict)

    def for_path(self, url_path: str) -> PathOverride | None:
        return self.paths.get(url_path)


def load_overrides(root: Path) -> ServerOverrides:
    """Read ``root/_server.yml``; a missing file means no overrides."""
    source = root / OVERRIDES_FILE
    if not source.is_file():
        return ServerOverrides()
    text = source.read_text(encoding="utf-8")
    try:
        overrides = parse_yaml(text, source, ServerOverrides)
    except DataFileError as exc:
        raise OverridesError(str(exc)) from exc
    for url_path in overrides.paths:
        if not url_path.startswith("/"):
            raise OverridesError(f"{where(source, text, ['paths', url_path])}: path {url_path!r} must start with '/'")
    return overrides
