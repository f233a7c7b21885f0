"""Import watchlists into the store, guarded so an import can never silently weaken screening.

- An identical file set (same SHA-256) as the source's current version makes no new version.
- An import whose entity count falls by more than ``MAX_SHRINK`` from the source's current version
  is refused unless the operator allows it (a ``sdn.csv`` cut at a row boundary once replaced 596
  entries with 298).
- OFAC ``sdn.csv`` without its ``alt.csv`` is refused the same way: every alias would be lost.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlite_utils import Database

from db.connection import writing
from db.watchlists import list_versions, record_import
from watchlists.bundled import BUNDLED_FILES, bundled_paths
from watchlists.importers import ImportFilters, ImportResult, load
from watchlists.importers.ofac_csv import ALT_COLUMNS

MAX_SHRINK = 0.10  # share of a source's entities an import may drop without --allow-shrink


class ImportRefusedError(ValueError):
    """The import would weaken screening; nothing was imported. The message says how to force it."""


@dataclass(frozen=True)
class ImportOutcome:
    result: ImportResult
    version_id: int  # the new version, or the existing identical one
    created: bool  # False: an identical version was already current, nothing was written
    previous_count: int | None = None  # entities in the source's version before this import
    notes: list[str] = field(default_factory=list)


def _current_version(db: Database, source: str) -> dict[str, object] | None:
    versions = [v for v in list_versions(db) if v["source"] == source]
    return versions[-1] if versions else None


def _has_alt_file(paths: Sequence[Path]) -> bool:
    for path in paths:
        with path.open(encoding="latin-1", newline="") as handle:
            first = next(csv.reader(handle), [])
        if len(first) == ALT_COLUMNS:
            return True
    return False


def import_lists(
    db: Database,
    paths: Sequence[Path],
    fmt: str | None = None,
    *,
    filters: ImportFilters | None = None,
    allow_shrink: bool = False,
) -> ImportOutcome:
    """Parse the files completely (a malformed file raises and imports nothing), check the guards,
    then store them as one new version of their source's list."""
    result = load(paths, fmt, filters=filters)
    # Parsed outside the lock; checked and written under it, so two processes importing the same list
    # at once (two crawls each loading the bundled list into an empty store) make one version.
    with writing(db):
        return _record_guarded(db, result, filters, allow_shrink=allow_shrink)


def _record_guarded(
    db: Database, result: ImportResult, filters: ImportFilters | None, *, allow_shrink: bool
) -> ImportOutcome:
    current = _current_version(db, result.source)
    if current is not None and current["sha256"] == result.sha256:
        return ImportOutcome(result, int(str(current["id"])), created=False, previous_count=_count(current))
    notes = []
    if result.format == "ofac-csv" and not _has_alt_file(result.files):
        if not allow_shrink:
            raise ImportRefusedError(
                "sdn.csv without its alt.csv would drop every alias; pass alt.csv as a second PATH "
                "(or --allow-shrink to import names only)"
            )
        notes.append("imported without alt.csv (--allow-shrink): aliases are missing")
    previous = _count(current) if current is not None else None
    if current is not None and previous and len(result.entities) < previous * (1 - MAX_SHRINK):
        drop = 1 - len(result.entities) / previous
        if not allow_shrink:
            raise ImportRefusedError(
                f"{result.source}: {len(result.entities)} entries against {previous} in version {current['id']} "
                f"(-{drop:.0%}, more than {MAX_SHRINK:.0%}); is the file cut short? --allow-shrink imports it anyway"
            )
        notes.append(f"{drop:.0%} fewer entries than the previous version (--allow-shrink)")
    version_id = record_import(
        db,
        source=result.source,
        fmt=result.format,
        files=[str(p) for p in result.files],
        sha256=result.sha256,
        entities=result.entities,
        filters={k: sorted(v) for k, v in asdict(filters).items() if v} if filters else None,
        warnings=[*result.warnings, *notes],
        meta=result.list_meta,
    )
    return ImportOutcome(result, version_id, created=True, previous_count=previous, notes=notes)


def _count(version: dict[str, object]) -> int:
    return int(str(version.get("entity_count") or 0))


def ensure_bundled(db: Database) -> int | None:
    """Import the bundled list unless this database already has that exact version of it; the new
    version's id, or None when nothing was imported."""
    outcome = import_lists(db, bundled_paths(), "yaml", allow_shrink=True)
    return outcome.version_id if outcome.created else None


BUNDLED_NAME = "watchlists/data/" + ", ".join(BUNDLED_FILES)
