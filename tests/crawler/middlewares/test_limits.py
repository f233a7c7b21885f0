"""The pure pieces of the crawl limits and failure classes (crawler/limits.py, middlewares/faults.py)."""

from __future__ import annotations

import email.utils

import pytest
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)

from crawler.limits import (
    CrawlLimits,
    failure_lines,
    limit_notes,
    most_repeated_segment,
    path_prefix,
    retry_after_seconds,
)
from crawler.middlewares.faults import FetchFailure, failure_kind, looks_binary

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [("5", 5.0), (b"0", 0.0), ("86400", 120.0), (email.utils.formatdate(NOW + 30, usegmt=True), 30.0),
     (email.utils.formatdate(NOW - 30, usegmt=True), 0.0), ("soon", None), ("", None), (None, None), ("-3", None)],
)  # fmt: skip
def test_retry_after_in_seconds_or_as_a_date_capped(header: str | bytes | None, expected: float | None) -> None:
    seconds = retry_after_seconds(header, now=NOW, cap=120.0)
    assert seconds == (pytest.approx(expected, abs=1) if expected is not None else None)


def test_a_budget_counts_against_the_first_path_segment() -> None:
    assert path_prefix("http://shop.example/farm/a/b?x=1") == "shop.example/farm/"
    assert path_prefix("http://shop.example/product/1") == "shop.example/product/"
    assert path_prefix("http://shop.example/about.html") == "shop.example/"
    assert path_prefix("http://shop.example/a/b/c", 2) == "shop.example/a/b/"


def test_repeated_segments() -> None:
    assert most_repeated_segment("http://x/shop/shop/shop/") == ("shop", 3)
    assert most_repeated_segment("http://x/") == ("", 0)


@pytest.mark.parametrize(
    ("exc", "kind"),
    [(DownloadTimeoutError(), "timeout"), (DownloadConnectionRefusedError(), "refused"),
     (ResponseDataLossError(), "truncated"), (DownloadCancelledError("max size"), "too_large"),
     (IgnoreRequest("Forbidden by robots.txt"), "robots"),
     (IgnoreRequest("max redirections reached"), "redirect_chain"),
     (IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (1 B) during decompression."), "decompression_bomb"),
     (FetchFailure("redirect_loop", "a -> b -> a"), "redirect_loop"), (IgnoreRequest("offsite"), ""),
     (ValueError("?"), "other")],
)  # fmt: skip
def test_each_failure_has_its_class(exc: BaseException, kind: str) -> None:
    assert failure_kind(exc) == kind


def test_failure_lines_and_limit_notes_say_what_happened() -> None:
    stats = {"failures/timeout": 2, "failures/robots": 1, "limits/budget/x/farm/": 40, "limits/segment_repeats": 3,
             "limits/outlinks/pages": 1, "limits/outlinks/dropped": 700}  # fmt: skip
    assert failure_lines(stats) == ["2 timed out", "1 refused by robots.txt"]
    notes = limit_notes(stats, CrawlLimits())
    assert notes[0] == (
        "crawl limit: 40 link(s) not followed, a part of the site that yielded no listing: x/farm/ "
        "(budget 100 requests)"
    )
    assert "repeated more than 2 times" in notes[1]
    assert "700 link(s) not followed" in notes[2]


def test_binary_bodies_are_recognised() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n....")
    assert looks_binary(b"<html>\x00</html>")
    assert not looks_binary("<html><title>假发</title></html>".encode())
