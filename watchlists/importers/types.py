"""What every importer returns, and the filters a caller may apply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from watchlists.errors import WatchlistFormatError
from watchlists.model import Entity


@dataclass
class Parsed:
    """One format module's output for the files it was given."""

    entities: list[Entity]
    source: str
    warnings: list[str] = field(default_factory=list)
    # entity_id -> line in its file, so a duplicate across files can name both places
    lines: dict[str, int | None] = field(default_factory=dict)
    # the list's own description (publisher, url, retrieved, ...) where the format has one
    meta: dict[str, str] = field(default_factory=dict)


def combine(parts: Sequence[tuple[Path, Parsed]], source: str | None = None) -> Parsed:
    """Several files of one format as one import of one list: one source, ids unique across files.

    ``source`` is the list name for formats that have a fixed one; our own formats pass None and
    every file must then declare the same list name, because the store keys a version and its
    entities by that one name. Metadata keys the files share must agree.
    """
    if not parts:
        raise ValueError("combine() needs at least one parsed file")
    first_path, first = parts[0]
    name = source or first.source
    meta: dict[str, str] = {}
    meta_from: dict[str, Path] = {}
    entities: list[Entity] = []
    warnings: list[str] = []
    lines: dict[str, int | None] = {}
    where: dict[str, Path] = {}
    for path, part in parts:
        if source is None and part.source != name:
            reason = (
                f"declares list {part.source!r} but {first_path.name} declares {name!r}; "
                "one import is one list, so import them separately"
            )
            raise WatchlistFormatError(path, None, "list.name", reason)
        for key, value in part.meta.items():
            if key in meta and meta[key] != value:
                reason = f"list {key} {value!r} differs from {meta[key]!r} in {meta_from[key].name}"
                raise WatchlistFormatError(path, None, f"list.{key}", reason)
            meta.setdefault(key, value)
            meta_from.setdefault(key, path)
        for entity in part.entities:
            line = part.lines.get(entity.entity_id)
            if entity.entity_id in where:
                other, other_line = where[entity.entity_id], lines[entity.entity_id]
                first_at = other.name if other_line is None else f"{other.name}:{other_line}"
                reason = f"duplicate entity_id {entity.entity_id!r} (first at {first_at})"
                raise WatchlistFormatError(path, line, "entity_id", reason)
            where[entity.entity_id], lines[entity.entity_id] = path, line
            entities.append(entity if entity.source == name else replace(entity, source=name))
        warnings.extend(part.warnings)
    return Parsed(entities=entities, source=name, warnings=warnings, lines=lines, meta=meta)


@dataclass
class ImportResult:
    entities: list[Entity]
    source: str  # "ofac-sdn", "un-sc", "opensanctions", or our own list's declared name; every entity's source
    files: list[Path]
    sha256: str  # over the input files' bytes, in the order given
    warnings: list[str] = field(default_factory=list)
    format: str = ""  # the format the files were read as (given or detected), one of FORMATS
    # our YAML list's ``list:`` block other than its name (publisher, url, retrieved, description);
    # empty for formats that carry no such block
    list_meta: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportFilters:
    """Keep an entity only if, for each non-empty set, one of its values is in that set.

    Values compare case-insensitively, e.g. ``ImportFilters(programs={"DPRK3"}, countries={"kp"})``.
    """

    programs: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)

    def keeps(self, entity: Entity) -> bool:
        checks = (
            (self.programs, entity.programs),
            (self.countries, entity.countries),
            (self.topics, entity.topics),
        )
        for wanted, values in checks:
            if wanted and not {w.casefold() for w in wanted} & {v.casefold() for v in values}:
                return False
        return True
