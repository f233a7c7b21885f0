"""Turn pydantic validation errors on a YAML file into "file:line: field: reason" messages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import ValidationError


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
            child = next((value for key, value in node.value if str(key.value) == str(part)), None)
            key_node = next((key for key, _ in node.value if str(key.value) == str(part)), None)
            if key_node is not None:
                line = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def describe(error: ValidationError, text: str, source: Path) -> str:
    messages = []
    for item in error.errors():
        loc = item["loc"]
        line = line_of(text, loc)
        where = f"{source}:{line}" if line else str(source)
        field = ".".join(str(part) for part in loc) or "(top level)"
        messages.append(f"{where}: {field}: {item['msg']}")
    return "\n".join(messages)
