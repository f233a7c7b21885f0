"""The one error every watchlist importer raises for input it cannot trust."""

from __future__ import annotations

from pathlib import Path


class WatchlistFormatError(ValueError):
    """A watchlist file is malformed; nothing from it was imported.

    ``line`` is a line number where the format has lines (CSV, YAML, JSON lines, XML),
    or an element path for XML when no line is known.
    """

    def __init__(self, path: Path | str, line: int | str | None, field: str | None, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.reason = reason
        where = self.path.name if line is None else f"{self.path.name}:{line}"
        what = f" field '{field}':" if field else ""
        super().__init__(f"{where}:{what} {reason}")
