from __future__ import annotations

import hashlib
import io

from warcio.archiveiterator import ArchiveIterator

from crawler.evidence import Capture, response_record, warc_file

BODY = "<html><body><h1>假发 朝鲜加工</h1></body></html>".encode()


def capture() -> Capture:
    return Capture(
        url="http://127.0.0.1:8000/product/wig.html",
        status=200,
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Server", "x")],
        body=BODY,
        captured_at="2026-11-22T10:00:00+00:00",
    )


def test_response_record_keeps_body_time_and_digest() -> None:
    record = response_record(capture())
    assert record.sha256 == hashlib.sha256(BODY).hexdigest()
    records = [(r, r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(record.data))]
    ((read, payload),) = records
    assert read.rec_type == "response"
    assert read.rec_headers.get_header("WARC-Target-URI") == "http://127.0.0.1:8000/product/wig.html"
    assert read.rec_headers.get_header("WARC-Date") == "2026-11-22T10:00:00Z"
    assert read.rec_headers.get_header("WARC-Record-ID") == record.record_id
    assert read.rec_headers.get_header("WARC-Payload-Digest-SHA256") == record.sha256
    assert read.http_headers.get_statuscode() == "200"
    # The stored body is already decoded: a replay tool must not try to gunzip it.
    assert read.http_headers.get_header("Content-Encoding") is None
    assert payload == BODY


def test_records_concatenate_into_one_warc_file() -> None:
    first, second = response_record(capture()), response_record(capture())
    records = list(ArchiveIterator(io.BytesIO(warc_file([first.data, second.data], "hit 1"))))
    assert [r.rec_type for r in records] == ["warcinfo", "response", "response"]
    assert records[1].rec_headers.get_header("WARC-Record-ID") != records[2].rec_headers.get_header("WARC-Record-ID")
