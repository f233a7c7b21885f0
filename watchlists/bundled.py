"""The sourced watchlist shipped with originwatch (``watchlists/data/originwatch.yml``)."""

from __future__ import annotations

from pathlib import Path

from watchlists.importers import ImportResult, load

DATA_DIR = Path(__file__).with_name("data")
BUNDLED_FILES = ("originwatch.yml",)


def bundled_paths() -> list[Path]:
    """Paths of the bundled list files, in load order."""
    return [DATA_DIR / name for name in BUNDLED_FILES]


def load_bundled() -> ImportResult:
    """The bundled list, validated (raises WatchlistFormatError if someone broke it)."""
    return load(bundled_paths(), "yaml")
