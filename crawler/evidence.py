"""Evidence that holds up after a listing is taken down: the raw HTTP response as a WARC record.

Each record is a gzip member of its own, so records stored separately can be concatenated into one
`.warc.gz` that replay tools (pywb, ReplayWeb.page) open.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SOFTWARE = "originwatch/0.1"


@dataclass(frozen=True)
class Capture:
    """A response exactly as the crawler received it."""

    url: str
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    captured_at: str = ""  # ISO 8601, UTC
    protocol: str = "HTTP/1.1"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True)
class WarcRecord:
    record_id: str
    sha256: str  # of the response body (payload)
    data: bytes  # one gzipped WARC response record


def _writer(buf: io.BytesIO) -> WARCWriter:
    return WARCWriter(buf, gzip=True, warc_version="WARC/1.1")


def response_record(capture: Capture) -> WarcRecord:
    buf = io.BytesIO()
    writer = _writer(buf)
    reason = "OK" if capture.status == 200 else ""
    # Transfer encodings were undone by the HTTP client; the stored body is the decoded one.
    headers = [
        (k, v)
        for k, v in capture.headers
        if k.lower() not in ("transfer-encoding", "content-encoding", "content-length")
    ]
    http_headers = StatusAndHeaders(f"{capture.status} {reason}".strip(), headers, protocol=capture.protocol)
    warc_headers = {"WARC-Date": _warc_date(capture.captured_at), "WARC-Payload-Digest-SHA256": capture.sha256}
    record = writer.create_warc_record(
        capture.url,
        "response",
        payload=io.BytesIO(capture.body),
        length=len(capture.body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    writer.write_record(record)
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return WarcRecord(record_id=record_id, sha256=capture.sha256, data=buf.getvalue())


def warcinfo_record(description: str) -> bytes:
    buf = io.BytesIO()
    writer = _writer(buf)
    info = {"software": SOFTWARE, "format": "WARC File Format 1.1", "description": description}
    writer.write_record(writer.create_warcinfo_record("originwatch-evidence.warc.gz", info))
    return buf.getvalue()


def warc_file(records: Iterable[bytes], description: str) -> bytes:
    """A complete .warc.gz: a warcinfo record, then the stored response records."""
    return warcinfo_record(description) + b"".join(records)


def _warc_date(captured_at: str) -> str:
    # WARC-Date is W3C-ISO8601 with a Z suffix.
    return captured_at.replace("+00:00", "Z") if captured_at else ""
