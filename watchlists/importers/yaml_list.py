"""Our own sourced list format: ``list:`` metadata plus ``entities:``.

The document is composed once so every entity keeps its node's line number for errors.
The ``list:`` block's name is the source of the import and of every entity in it; its other
keys travel with the import as ``ImportResult.list_meta``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from watchlists.datafile import StrictModel
from watchlists.errors import WatchlistFormatError
from watchlists.importers.record import EntityRecord, first_error
from watchlists.importers.types import Parsed, combine
from watchlists.model import Entity


class ListMeta(StrictModel):
    name: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str = ""
    retrieved: str = ""
    description: str = ""


def _compose(path: Path) -> yaml.Node:
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        raise WatchlistFormatError(path, None, None, f"not UTF-8: {exc.reason}") from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise WatchlistFormatError(path, line, None, f"invalid YAML: {exc.problem}") from exc
    if not isinstance(node, yaml.MappingNode):
        raise WatchlistFormatError(path, 1, None, "expected a mapping with 'list' and 'entities'")
    return node


def _construct(node: yaml.Node) -> object:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse_file(path: Path) -> Parsed:
    root = _compose(path)
    assert isinstance(root, yaml.MappingNode)
    sections = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    for key, _ in root.value:
        if key.value not in ("list", "entities"):
            raise WatchlistFormatError(path, key.start_mark.line + 1, str(key.value), "unknown top-level key")
    if "list" not in sections or "entities" not in sections:
        raise WatchlistFormatError(path, 1, None, "needs both 'list' and 'entities'")
    try:
        meta = ListMeta.model_validate(_construct(sections["list"]))
    except ValidationError as exc:
        field, reason = first_error(exc)
        raise WatchlistFormatError(path, sections["list"].start_mark.line + 1, field, reason) from exc
    entity_nodes = sections["entities"]
    if not isinstance(entity_nodes, yaml.SequenceNode):
        raise WatchlistFormatError(path, entity_nodes.start_mark.line + 1, "entities", "expected a list")
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    for node in entity_nodes.value:
        line = node.start_mark.line + 1
        try:
            record = EntityRecord.model_validate(_construct(node))
        except ValidationError as exc:
            field, reason = first_error(exc)
            raise WatchlistFormatError(path, line, field, reason) from exc
        if not record.citation.strip() or not record.evidence:
            missing = "citation" if not record.citation.strip() else "evidence"
            raise WatchlistFormatError(path, line, missing, "every entry in a sourced list needs one")
        if record.entity_id in seen:
            reason = f"duplicate entity_id (first on line {seen[record.entity_id]})"
            raise WatchlistFormatError(path, line, "entity_id", reason)
        seen[record.entity_id] = line
        entities.append(record.to_entity(meta.name))
    about = {key: value for key, value in meta.model_dump(exclude={"name"}).items() if value}
    return Parsed(entities=entities, source=meta.name, lines=dict(seen), meta=about)


def parse(paths: list[Path]) -> Parsed:
    """Several files are one list only if each declares the same ``list.name``."""
    return combine([(path, parse_file(path)) for path in paths])
