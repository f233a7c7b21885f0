"""OpenSanctions ``targets.nested.json``: one target per line, linked entities nested inline.

Nested objects (sanctions, addresses, identifications) are lifted out into flat FtM entities,
with the back-link their nesting implied, and then resolved exactly as ``entities.ftm.json``.
The same entity can be nested under several targets; a top-level line wins over a nested copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from watchlists.errors import WatchlistFormatError
from watchlists.importers.ftm_json import RawEntity, check_entity, read_lines, resolve
from watchlists.importers.types import Parsed


def _flatten(data: dict[str, Any], path: Path, line: int, out: dict[str, RawEntity], top: bool) -> None:
    check_entity(data, path, line)
    flat_props: dict[str, list[Any]] = {}
    for name, values in (data.get("properties") or {}).items():
        for value in values:
            if not isinstance(value, dict):
                flat_props.setdefault(name, []).append(value)
                continue
            nested = dict(value)
            props = dict(nested.get("properties") or {})
            # A sanction nested under its target omits the link back to it.
            if nested.get("schema") == "Sanction" and not props.get("entity"):
                props["entity"] = [data["id"]]
            nested["properties"] = props
            _flatten(nested, path, line, out, top=False)
            link = "addressEntity" if nested.get("schema") == "Address" else name
            flat_props.setdefault(link, []).append(nested["id"])
    if top or data["id"] not in out:
        out[data["id"]] = RawEntity({**data, "properties": flat_props}, path, line)


def parse(paths: list[Path]) -> Parsed:
    raws: dict[str, RawEntity] = {}
    top_level: set[str] = set()
    for path in paths:
        for line, data in read_lines(path):
            entity = check_entity(data, path, line)
            if entity["id"] in top_level:
                first = raws[entity["id"]]
                reason = f"duplicate id {entity['id']!r} (first at {first.path.name}:{first.line})"
                raise WatchlistFormatError(path, line, "id", reason)
            top_level.add(entity["id"])
            _flatten(entity, path, line, raws, top=True)
    return resolve(list(raws.values()))
