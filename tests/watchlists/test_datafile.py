"""The one strict base model and YAML loader: errors name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.datafile import DataFileError, StrictModel, load_yaml


class Inner(StrictModel):
    weight: float


class Outer(StrictModel):
    name: str
    items: list[Inner] = []


def test_valid_file_loads_frozen(tmp_path: Path) -> None:
    path = tmp_path / "ok.yml"
    path.write_text("name: a\nitems:\n  - weight: 0.5\n", encoding="utf-8")
    loaded = load_yaml(path, Outer)
    assert loaded.items[0].weight == 0.5
    with pytest.raises(ValueError):
        loaded.name = "b"  # type: ignore[misc]


def test_unknown_key_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "typo.yml"
    path.write_text("name: a\nitems:\n  - weight: 0.5\n  - wieght: 1\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_yaml(path, Outer)
    assert f"{path}:4: items.1.wieght: Extra inputs are not permitted" in str(caught.value)


def test_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("name: a\nitems: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"^{path}:\d+: not valid YAML"):
        load_yaml(path, Outer)


def test_missing_and_non_utf8_files_are_data_file_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        load_yaml(tmp_path / "absent.yml", Outer)
    latin = tmp_path / "latin.yml"
    latin.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_yaml(latin, Outer)


def test_empty_file_reports_the_missing_required_field(tmp_path: Path) -> None:
    path = tmp_path / "empty.yml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataFileError, match="name: Field required"):
        load_yaml(path, Outer)
