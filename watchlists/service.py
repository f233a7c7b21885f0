"""Importing watchlists into the store: each import becomes a list version."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from sqlite_utils import Database

from db.watchlists import list_versions, record_import
from watchlists.bundled import bundled_paths
from watchlists.importers import ImportFilters, ImportResult, load


def import_lists(
    db: Database, paths: Sequence[Path], fmt: str | None = None, *, filters: ImportFilters | None = None
) -> tuple[int, ImportResult]:
    """Parse the files completely (a malformed file raises and imports nothing), then store them."""
    result = load(paths, fmt, filters=filters)
    version_id = record_import(
        db,
        source=result.source,
        fmt=result.format,
        files=[str(p) for p in result.files],
        sha256=result.sha256,
        entities=result.entities,
        filters={k: sorted(v) for k, v in asdict(filters).items() if v} if filters else None,
        warnings=result.warnings,
        meta=result.list_meta,
    )
    return version_id, result


def ensure_bundled(db: Database) -> int | None:
    """Import the bundled list unless this database already has that exact version of it."""
    result = load(bundled_paths(), "yaml")
    if any(v["source"] == result.source and v["sha256"] == result.sha256 for v in list_versions(db)):
        return None
    version_id, _ = import_lists(db, bundled_paths(), "yaml")
    return version_id
