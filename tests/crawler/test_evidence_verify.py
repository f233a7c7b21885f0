"""Evidence verification finds what ``warcio check`` passes: a truncated record, a damaged byte,
a payload that is not the one whose SHA-256 we stored."""

from __future__ import annotations

import gzip
import io

from warcio.archiveiterator import ArchiveIterator

from crawler.evidence import Capture, capture_records, gzip_members, verify_warc

PAGE = Capture(
    url="http://127.0.0.1/product/1", status=200, headers=[("Content-Type", "text/html")],
    body=b"<html><title>wig</title></html>", captured_at="2026-12-02T10:00:00+00:00",
    request_headers=[("User-Agent", "originwatch/0.1")],
)  # fmt: skip
SELLER = Capture(url="http://127.0.0.1/seller/1/", status=200, body=b"<html>seller</html>",
                 captured_at="2026-12-02T10:00:01+00:00")  # fmt: skip


def test_a_capture_keeps_its_request_and_the_seller_page_beside_it() -> None:
    record = capture_records(Capture(**{**PAGE.__dict__, "related": (SELLER,)}))
    records = ArchiveIterator(io.BytesIO(record.data))
    kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in records]
    assert kinds == [("response", PAGE.url), ("request", PAGE.url), ("response", SELLER.url), ("request", SELLER.url)]
    assert gzip_members(record.data) == (4, "")
    assert verify_warc(record.data, PAGE.sha256) == []


def test_request_record_is_tied_to_its_response() -> None:
    record = capture_records(PAGE)
    request = next(r for r in ArchiveIterator(io.BytesIO(record.data)) if r.rec_type == "request")
    assert request.rec_headers.get_header("WARC-Concurrent-To") == record.record_id
    assert request.http_headers.get_header("User-Agent") == "originwatch/0.1"
    assert (request.http_headers.protocol, request.http_headers.statusline) == ("GET", "/product/1 HTTP/1.1")


def test_a_truncated_record_is_reported() -> None:
    data = capture_records(PAGE).data
    problems = verify_warc(data[: len(data) - 30], PAGE.sha256)
    assert problems
    assert "truncated" in problems[0]


def test_a_damaged_byte_is_reported() -> None:
    data = bytearray(capture_records(PAGE).data)
    data[len(data) // 3] ^= 0xFF
    assert verify_warc(bytes(data), PAGE.sha256)


def test_a_payload_that_does_not_match_our_digest_is_reported() -> None:
    other = capture_records(Capture(**{**PAGE.__dict__, "body": b"<html>changed</html>"}))
    problems = verify_warc(other.data, PAGE.sha256)
    assert len(problems) == 1
    assert f"differs from the stored {PAGE.sha256}" in problems[0]


def test_a_rewritten_record_whose_digest_header_disagrees_is_reported() -> None:
    # Re-packed with a changed body but the old digest header: gzip is whole, the payload is not ours.
    text = gzip.decompress(capture_records(PAGE).data).replace(b"<title>wig</title>", b"<title>WIG</title>")
    problems = verify_warc(gzip.compress(text), PAGE.sha256)
    assert any("differs from its record's" in p for p in problems)


def test_empty_or_garbage_data_is_reported() -> None:
    assert verify_warc(b"", PAGE.sha256) == ["no WARC record"]
    assert verify_warc(b"not gzip at all", PAGE.sha256)
