"""What every importer returns, and the filters a caller may apply."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from watchlists.model import Entity


@dataclass
class Parsed:
    """One format module's output for the files it was given."""

    entities: list[Entity]
    source: str
    warnings: list[str] = field(default_factory=list)


def combine(parts: list[Parsed], source: str | None = None) -> Parsed:
    """Several files of one format as one import; the source is given, or the parts' own joined."""
    return Parsed(
        entities=[e for part in parts for e in part.entities],
        source=source or "+".join(dict.fromkeys(part.source for part in parts)),
        warnings=[w for part in parts for w in part.warnings],
    )


@dataclass
class ImportResult:
    entities: list[Entity]
    source: str  # "ofac-sdn", "un-sc", "opensanctions", or a YAML list's declared name
    files: list[Path]
    sha256: str  # over the input files' bytes, in the order given
    warnings: list[str] = field(default_factory=list)
    format: str = ""  # the format the files were read as (given or detected), one of FORMATS


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
