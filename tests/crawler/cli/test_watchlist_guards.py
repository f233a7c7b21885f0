"""Watchlist imports cannot silently weaken screening: a list that shrank by more than 10% or OFAC's
sdn.csv without alt.csv is refused unless allowed; an identical file makes no new version; diff stays
within one source and shows fields."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner, Result

from crawler.cli.main import cli

HEADER = "name,entity_id,countries\n"


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def ours(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "ours.csv"
    path.write_text(HEADER + "".join(f"Trader {n},t{n},kp\n" for n in range(count)), encoding="utf-8")
    return path


def test_a_list_that_shrank_is_refused_unless_allowed(tmp_path: Path) -> None:
    db = tmp_path / "ow.db"
    assert "as version 1" in invoke(db, "watchlist", "import", str(ours(tmp_path / "a", 20))).output
    cut = ours(tmp_path / "b", 17)  # 15% fewer
    refused = invoke(db, "watchlist", "import", str(cut))
    assert refused.exit_code == 1
    assert "nothing imported: ours: 17 entries against 20 in version 1 (-15%, more than 10%)" in refused.output
    assert "--allow-shrink" in refused.output
    assert "Traceback" not in refused.output
    assert len(invoke(db, "watchlist", "versions").output.splitlines()) == 2  # header and version 1
    forced = invoke(db, "watchlist", "import", "--allow-shrink", str(cut))
    assert forced.exit_code == 0, forced.output
    assert "Imported 17 entries (was 20)" in forced.output
    small = ours(tmp_path / "c", 16)  # 6% fewer than the current version: fine
    assert invoke(db, "watchlist", "import", str(small)).exit_code == 0


def test_identical_reimport_makes_no_new_version(tmp_path: Path) -> None:
    db = tmp_path / "ow.db"
    path = ours(tmp_path / "a", 5)
    invoke(db, "watchlist", "import", str(path))
    again = invoke(db, "watchlist", "import", str(path))
    assert again.exit_code == 0
    assert "identical to its current version 1; nothing imported" in again.output
    assert len(invoke(db, "watchlist", "versions").output.splitlines()) == 2


def test_ofac_sdn_without_alt_is_refused(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    with sdn.open("w", newline="", encoding="latin-1") as handle:
        writer = csv.writer(handle)
        writer.writerow(["23476", "DANDONG JINXIANG TRADE CO., LTD.", "-0-", "DPRK3", "-0-", "-0-", "-0-", "-0-",
                         "-0-", "-0-", "-0-", "Linked To: KOREA KUMSAN."])  # fmt: skip
    alt = tmp_path / "alt.csv"
    with alt.open("w", newline="", encoding="latin-1") as handle:
        csv.writer(handle).writerow(["23476", "1", "aka", "KUMSANG TRADE", "-0-"])
    db = tmp_path / "ow.db"
    refused = invoke(db, "watchlist", "import", "--format", "ofac-csv", str(sdn))
    assert refused.exit_code == 1
    assert "sdn.csv without its alt.csv would drop every alias" in refused.output
    both = invoke(db, "watchlist", "import", "--format", "ofac-csv", str(sdn), str(alt))
    assert both.exit_code == 0, both.output
    assert "(1 aliases)" in both.output


def test_diff_within_one_source_field_by_field(tmp_path: Path) -> None:
    db = tmp_path / "ow.db"
    invoke(db, "watchlist", "import", str(ours(tmp_path / "a", 3)))
    changed = tmp_path / "b" / "ours.csv"
    changed.parent.mkdir()
    changed.write_text(HEADER + "Trader 0,t0,kp;cn\nTrader 1,t1,kp\nTrader 2,t2,kp\nTrader 3,t3,kp\n")
    invoke(db, "watchlist", "import", str(changed))
    diff = invoke(db, "watchlist", "diff", "1", "2")
    assert diff.exit_code == 0, diff.output
    assert "+ t3  Trader 3" in diff.output
    assert "~ t0  Trader 0" in diff.output
    assert "countries: ['kp'] -> ['kp', 'cn']" in diff.output
    other = tmp_path / "c" / "theirs.csv"
    other.parent.mkdir()
    other.write_text(HEADER + "Someone,s1,kp\n")
    invoke(db, "watchlist", "import", str(other))
    across = invoke(db, "watchlist", "diff", "1", "3")
    assert across.exit_code == 1
    assert "version 1 is 'ours' and version 3 is 'theirs': diff compares versions of one source" in across.output
