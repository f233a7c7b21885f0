"""Layering visible from imports alone, checked on every module (imports inside functions included):

    interfaces (crawler.cli, crawler.pipelines, crawler.extensions, review)
      -> application layer (crawler.app, crawler.runner)
        -> crawler's Scrapy parts | matchers | db
          -> watchlists (model, parsing, the data-file loader)

A back-edge (a lower layer importing a higher one) fails here, naming the file and the import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "db", "matchers", "watchlists", "review")
INTERFACES = ("crawler.cli", "crawler.pipelines", "crawler.extensions", "review")
APPLICATION = ("crawler.app", "crawler.runner")
# db/ may import the pure types of the layers below it, and nothing else of theirs.
DB_MAY_IMPORT = ("matchers.types", "watchlists.model", "watchlists.datafile")
# What each part must never import (prefix match on dotted module names).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "watchlists": ("crawler", "db", "matchers", "review"),
    "matchers": ("crawler", "db", "review"),
    "db": ("crawler", "review"),
    "crawler.app": INTERFACES,
    "crawler.runner": INTERFACES,
    # Spiders, site profiles, extraction, middlewares and the items they make never touch the store.
    "crawler.spiders": ("db", *APPLICATION, *INTERFACES),
    "crawler.sites": ("db", *APPLICATION, *INTERFACES),
    "crawler.extract": ("db", *APPLICATION, *INTERFACES),
    "crawler.middlewares": ("db", *APPLICATION, *INTERFACES),
    "crawler.items": ("db", *APPLICATION, *INTERFACES),
    "crawler.identity": ("db", *APPLICATION, *INTERFACES),
    "crawler.evidence": ("db", *APPLICATION, *INTERFACES),
    "crawler.health": ("db", *APPLICATION, *INTERFACES),
    "crawler.demo": ("db", *APPLICATION, *INTERFACES),
    # The pipelines and the run log write only through the application layer.
    "crawler.pipelines": ("db",),
    "crawler.extensions": ("db",),
}


# Back-edges that exist today in other work in progress, each to be removed by its owner: the run-notes
# extension and the persistent frontier live under crawler/middlewares/ but write to the store. The test
# fails on any edge not listed here, and on a listed edge that has gone (so this list only shrinks).
KNOWN_BACK_EDGES = {
    "crawler/middlewares/notes.py: crawler.middlewares.notes imports crawler.app.runs",
    "crawler/middlewares/notes.py: crawler.middlewares.notes imports db.runs",
    "crawler/middlewares/frontier.py: crawler.middlewares.frontier imports crawler.app.runs",
    "crawler/middlewares/frontier.py: crawler.middlewares.frontier imports db.frontier",
}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def modules() -> list[Path]:
    return sorted(
        p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "site" not in p.relative_to(ROOT).parts
    )


def back_edges(path: Path, root: Path = ROOT) -> list[str]:
    """Each forbidden import in ``path`` as ``file:line: module imports target``."""
    name = module_name(path, root)
    rules = [banned for part, banned in FORBIDDEN.items() if within(name, part)]
    problems = []
    for line, target in imported(path):
        if within(name, "db") and any(within(target, p) for p in ("matchers", "watchlists")):
            if not any(within(target, allowed) for allowed in DB_MAY_IMPORT):
                problems.append(f"{path.relative_to(root)}:{line}: db imports {target} (only pure types allowed)")
            continue
        for banned in rules:
            hit = next((b for b in banned if within(target, b)), None)
            if hit is not None:
                problems.append(f"{path.relative_to(root)}:{line}: {name} imports {target}")
                break
    return problems


def test_every_module_is_checked() -> None:
    names = {module_name(p) for p in modules()}
    assert {"crawler.app.screening", "crawler.pipelines.store", "db.hits", "matchers.screen"} <= names


def _unlined(edge: str) -> str:
    where, rest = edge.split(": ", 1)
    return f"{where.rsplit(':', 1)[0]}: {rest}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_back_edge(path: Path) -> None:
    assert [e for e in back_edges(path) if _unlined(e) not in KNOWN_BACK_EDGES] == []


def test_known_back_edges_still_exist() -> None:
    found = {_unlined(e) for p in modules() for e in back_edges(p)}
    assert KNOWN_BACK_EDGES - found == set(), "fixed: remove these from KNOWN_BACK_EDGES"


def test_the_check_catches_a_back_edge(tmp_path: Path) -> None:
    (tmp_path / "matchers").mkdir()
    leaky = tmp_path / "matchers" / "leaky.py"
    leaky.write_text("def f():\n    from db.hits import list_hits\n    return list_hits\n", encoding="utf-8")
    assert back_edges(leaky, tmp_path) == ["matchers/leaky.py:2: matchers.leaky imports db.hits"]
    (tmp_path / "db").mkdir()
    greedy = tmp_path / "db" / "greedy.py"
    greedy.write_text("from matchers.screen import Screener\nfrom matchers.types import Reason\n", encoding="utf-8")
    assert back_edges(greedy, tmp_path) == [
        "db/greedy.py:1: db imports matchers.screen (only pure types allowed)"
    ]
