"""Startup stays fast: the command line loads Scrapy, Twisted, the matchers and the SQLite tooling only
for the commands that need them (benchmarks/startup.py measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("scrapy", "twisted", "matchers", "pypinyin", "rapidfuzz", "lxml", "sqlite_utils", "watchlists.importers")


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(done.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_loads_nothing_heavy() -> None:
    code = (
        "from click.testing import CliRunner\n"
        "from crawler.cli.main import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0"
    )
    assert heavy(loaded_after(code)) == []


def test_the_queue_loads_only_the_store() -> None:
    code = (
        "import tempfile, pathlib\n"
        "from click.testing import CliRunner\n"
        "from crawler.cli.main import cli\n"
        "from db import open_db\n"
        "path = pathlib.Path(tempfile.mkdtemp()) / 'ow.db'\n"
        "open_db(path).close()\n"
        "assert CliRunner().invoke(cli, ['--db', str(path), 'hits']).exit_code == 0"
    )
    light = ("sqlite_utils", "matchers.types")  # the store, and the result types it takes
    assert [m for m in heavy(loaded_after(code)) if m != "matchers" and not m.startswith(light)] == []


def test_the_import_formats_listed_without_loading_the_importers_are_the_importers() -> None:
    from crawler.cli.watchlist import FORMATS
    from watchlists.importers import FORMATS as PARSED

    assert FORMATS == PARSED
