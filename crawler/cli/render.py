"""Output formats shared by the listing commands: an aligned table, JSON, CSV.

Tables pad by display width, so Chinese, Japanese and Korean text (two columns a character) lines up.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any


def width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters take two, combining marks none."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def clip(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` display columns, with an ellipsis when cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for char in text:
        w = width(char)
        if used + w > columns - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    widths: Mapping[str, int] | None = None,
    below: str | None = None,
) -> str:
    """Aligned columns. ``below`` names a field printed in full on its own line under each row (a URL
    that must stay copyable)."""
    limits = dict(widths or {})
    cells = [[_cell(row.get(c), limits.get(c)) for c in columns] for row in rows]
    sizes = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(pad(c.upper(), sizes[i]) for i, c in enumerate(columns)).rstrip()]
    for row, cell_row in zip(rows, cells, strict=True):
        lines.append("  ".join(pad(v, sizes[i]) for i, v in enumerate(cell_row)).rstrip())
        if below:
            lines.append("    " + _flat(row.get(below)))
    return "\n".join(lines)


def as_json(rows: Any) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def as_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _flat(row.get(c)) for c in columns})
    return out.getvalue()


def _flat(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _cell(value: Any, limit: int | None) -> str:
    text = " ".join(_flat(value).split())
    return clip(text, limit) if limit else text
