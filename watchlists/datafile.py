"""One strict base model and one YAML loader for every data file the project reads.

Site profiles, matcher rules, extraction tables, watchlists and test fixtures are all YAML read
into pydantic models. They share one rule (unknown keys are errors, values are frozen) and one
error shape (``file:line: field: reason``), so a typo anywhere is reported the same way.

It lives in ``watchlists/`` because that is the bottom layer: ``matchers``, ``crawler`` and ``db``
may all import it, and it imports nothing of theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class StrictModel(BaseModel):
    """Base for every model read from a data file: unknown keys are errors, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DataFileError(ValueError):
    """A data file is missing, not valid YAML, or does not fit its model.

    The message has one line per problem: ``file:line: field: reason``.
    """


M = TypeVar("M", bound=BaseModel)


def line_of(text: str, loc: Sequence[int | str]) -> int | None:
    """1-based line of the deepest node along ``loc`` (a pydantic error location) that exists."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            pair = next(((key, value) for key, value in node.value if str(key.value) == str(part)), None)
            if pair is not None:
                line = pair[0].start_mark.line + 1
                child = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def where(source: Path | str, text: str, loc: Sequence[int | str]) -> str:
    """``file:line`` for ``loc`` in ``text``, or just ``file`` when the location is not in it."""
    line = line_of(text, loc)
    return f"{source}:{line}" if line else str(source)


def describe(error: ValidationError, text: str, source: Path | str) -> str:
    """One ``file:line: field: reason`` line per pydantic error."""
    messages = []
    for item in error.errors():
        loc = item["loc"]
        field = ".".join(str(part) for part in loc) or "(top level)"
        messages.append(f"{where(source, text, loc)}: {field}: {item['msg']}")
    return "\n".join(messages)


def read_yaml(text: str, source: Path | str) -> Any:
    """Parse YAML text; a syntax error becomes a DataFileError naming the line. An empty file is ``{}``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise DataFileError(f"{source}{line}: not valid YAML: {exc}") from exc
    return {} if data is None else data


def parse_yaml(text: str, source: Path | str, model: type[M]) -> M:
    """Validate YAML ``text`` (read from ``source``) into ``model``."""
    data = read_yaml(text, source)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(describe(exc, text, source)) from exc


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def load_yaml(path: Path, model: type[M]) -> M:
    """Read the YAML file at ``path`` into ``model``; every failure is a DataFileError."""
    return parse_yaml(read_text(path), path, model)
