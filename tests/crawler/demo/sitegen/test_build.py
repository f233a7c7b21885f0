from __future__ import annotations

from pathlib import Path

import pytest

from crawler.demo import SITE_ROOT
from tests.sitegen.build import file_for, main, render_site, write_site
from tests.sitegen.catalog import load_catalog


def test_committed_site_matches_the_catalog() -> None:
    """Edit catalog.yml, then run `python -m tests.sitegen.build`; this fails when one was forgotten."""
    rendered = render_site(load_catalog())
    on_disk = {str(path.relative_to(SITE_ROOT)) for path in SITE_ROOT.rglob("*") if path.is_file()}
    assert on_disk == set(rendered)
    stale = [name for name, body in rendered.items() if (SITE_ROOT / name).read_bytes() != body]
    assert stale == []


def test_directory_urls_map_to_index_files() -> None:
    assert file_for("/") == "index.html"
    assert file_for("/c/wigs/") == "c/wigs/index.html"
    assert file_for("/c/wigs/page-2.html") == "c/wigs/page-2.html"


def test_build_writes_a_fresh_tree(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["--out", str(out)]) == 0
    assert (out / "EXPECTED.yml").is_file()
    assert (out / "robots.txt").read_bytes() == (SITE_ROOT / "robots.txt").read_bytes()
    assert main(["--out", str(out)]) == 0  # a generated tree may be replaced


def test_build_refuses_to_replace_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="refusing"):
        write_site({"index.html": b"x"}, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
