"""Crawl every site's fixture tree once per test session: one MockServer per site (robots.txt sits at the
root), all crawls in one helper subprocess (tests/crawler/sites/crawl_sites.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.sites import list_profiles
from tests.mockserver import MockServer

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PROJECT_ROOT = HERE.parents[2]
CRAWL_TIMEOUT_SECONDS = 120
OVERRIDE_KEY = "alibaba+ignore_robots_entry"


@dataclass(frozen=True)
class SiteCrawl:
    site: str
    base_url: str
    db_path: Path
    run_id: int
    expected: dict[str, Any]


def expected_for(site: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / site / "_expected.yml").read_text(encoding="utf-8"))
    return data


def fixture_sites() -> list[str]:
    return [site for site in list_profiles() if (FIXTURES / site / "_expected.yml").is_file()]


@pytest.fixture(scope="session")
def site_crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SiteCrawl]]:
    work = tmp_path_factory.mktemp("site-crawls")
    sites = fixture_sites()
    with ExitStack() as stack:
        servers = {site: stack.enter_context(MockServer(FIXTURES / site)) for site in sites}
        jobs = [
            {
                "key": site,
                "site": site,
                "db": str(work / f"{site}.db"),
                "spider_args": {"base_url": servers[site].url, **expected_for(site).get("spider_args", {})},
            }
            for site in sites
        ]
        if "alibaba" in servers:
            # The same site again with the operator's explicit robots override for entry URLs.
            args = {"base_url": servers["alibaba"].url, "keywords": "wig", "ignore_robots_entry": "1"}
            jobs.append({"key": OVERRIDE_KEY, "site": "alibaba", "db": str(work / "override.db"), "spider_args": args})
        jobs_file = work / "jobs.json"
        jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        done = subprocess.run(
            [sys.executable, str(HERE / "crawl_sites.py"), str(jobs_file)],
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT_SECONDS,
            cwd=work,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"site crawl helper failed ({done.returncode}):\n{done.stderr[-4000:]}")
        run_ids: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
        (work / "crawl.log").write_text(done.stderr, encoding="utf-8")  # for a person debugging a failure
        crawls = {
            site: SiteCrawl(site, servers[site].url, work / f"{site}.db", run_ids[site], expected_for(site))
            for site in sites
        }
        if OVERRIDE_KEY in run_ids:
            crawls[OVERRIDE_KEY] = SiteCrawl(
                "alibaba", servers["alibaba"].url, work / "override.db", run_ids[OVERRIDE_KEY], {}
            )
        yield crawls
