"""The demo market over real HTTP: what a polite crawler meets when it starts at the home page."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import Counter
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from crawler.demo import DemoServer


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except http.client.IncompleteRead as error:
        return -1, {}, error.partial


def crawl(start: str) -> tuple[dict[str, tuple[int, bytes]], set[str]]:
    """Breadth-first, same host, robots.txt obeyed; returns fetched pages and the off-host links seen."""
    robots = urllib.robotparser.RobotFileParser(urljoin(start, "/robots.txt"))
    robots.read()
    host = urlsplit(start).netloc
    queue, seen, pages, offsite = [start], {start}, {}, set()
    while queue:
        url = queue.pop(0)
        status, headers, body = get(url)
        final_path = urlsplit(url).path
        pages[final_path] = (status, body)
        if status != 200 or "html" not in headers.get("Content-Type", ""):
            continue
        for href in lxml.html.fromstring(body).xpath("//a/@href"):
            target = urljoin(url, str(href)).split("#")[0]
            if urlsplit(target).netloc != host:
                offsite.add(target)
            elif target not in seen and robots.can_fetch("originwatch", target):
                seen.add(target)
                queue.append(target)
    return pages, offsite


def test_polite_crawl_meets_exactly_what_expected_describes(demo_site: DemoServer, expected: dict[str, Any]) -> None:
    started = time.monotonic()
    pages, offsite = crawl(demo_site.url + "/")
    elapsed = time.monotonic() - started
    listing_paths = {entry["path"] for entry in expected["listings"]}
    assert listing_paths <= set(pages)
    assert all(pages[path][0] == 200 for path in listing_paths)
    assert not any(path.startswith(("/search", "/account/")) for path in pages)
    assert not {entry["path"] for entry in expected["not_crawlable"]} & set(pages)
    broken = {path for path, (status, _) in pages.items() if status != 200 and not path.startswith("/go/")}
    assert broken == {entry["path"] for entry in expected["broken"]}
    (blocked,) = expected["blocked"]
    assert pages[blocked["path"]][0] == 200
    assert b"validateCaptcha" in pages[blocked["path"]][1]
    assert offsite == set(expected["external_links"])
    statuses = Counter(status for status, _ in pages.values())
    assert statuses[200] == len(pages) - len(broken)
    assert elapsed < 10, f"crawl of {len(pages)} pages took {elapsed:.1f}s"


def test_encodings_are_served_as_declared(demo_site: DemoServer, expected: dict[str, Any]) -> None:
    for entry in expected["listings"]:
        if "encoding" not in entry:
            continue
        status, headers, body = get(demo_site.urljoin(entry["path"]))
        assert status == 200
        assert headers["Content-Type"] == f"text/html; charset={entry['encoding']['header']}"
        assert f"charset={entry['encoding']['meta']}".encode() in body
        body.decode(entry["encoding"]["actual"])  # strict decode: the bytes really are in that charset


def test_broken_pages_fail_over_http(demo_site: DemoServer, expected: dict[str, Any]) -> None:
    for entry in expected["broken"]:
        status, _, _ = get(demo_site.urljoin(entry["path"]))
        assert status == (entry["status"] if entry["status"] != 200 else -1), entry["path"]


def test_redirects_land_on_listings(demo_site: DemoServer, expected: dict[str, Any]) -> None:
    for redirect in expected["redirects"]:
        with urllib.request.urlopen(demo_site.urljoin(redirect["path"]), timeout=5) as response:
            assert urlsplit(response.url).path == redirect["to"]
            assert response.status == 200


def test_ground_truth_and_config_are_not_served(demo_site: DemoServer) -> None:
    for path in ("/EXPECTED.yml", "/_server.yml"):
        status, _, body = get(demo_site.urljoin(path))
        assert status == 404
        assert b"Page not found" in body
