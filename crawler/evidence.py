"""Evidence that holds up after a listing is taken down: the raw HTTP response as a WARC record,
with the request that fetched it and, beside the product page, the seller's profile page.

Each record is a gzip member of its own, so records stored separately can be concatenated into one
`.warc.gz` that replay tools (pywb, ReplayWeb.page) open. ``verify_warc`` re-reads stored records:
every gzip member whole (``warcio check`` passes a truncated file), every payload against its digest.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
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
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    # Pages kept beside this one (the seller's profile beside a product page).
    related: tuple[Capture, ...] = ()

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


def request_record(capture: Capture, concurrent_to: str) -> bytes:
    """The WARC request record of the request that fetched ``capture``."""
    buf = io.BytesIO()
    writer = _writer(buf)
    parts = urlsplit(capture.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc), *((k, v) for k, v in capture.request_headers if k.lower() != "host")]
    http_headers = StatusAndHeaders(f"{capture.method} {target} {capture.protocol}", headers, is_http_request=True)
    warc_headers = {"WARC-Date": _warc_date(capture.captured_at), "WARC-Concurrent-To": concurrent_to}
    record = writer.create_warc_record(
        capture.url, "request", payload=io.BytesIO(b""), length=0, http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )  # fmt: skip
    writer.write_record(record)
    return buf.getvalue()


def capture_records(capture: Capture) -> WarcRecord:
    """The response record of ``capture``, its request record, then those of its related pages.
    ``record_id`` and ``sha256`` are the main response's."""
    main = response_record(capture)
    data = [main.data, request_record(capture, main.record_id)]
    for related in capture.related:
        record = response_record(related)
        data += [record.data, request_record(related, record.record_id)]
    return WarcRecord(record_id=main.record_id, sha256=main.sha256, data=b"".join(data))


def gzip_members(data: bytes) -> tuple[int, str]:
    """How many whole gzip members ``data`` holds, and what is wrong with it ("" when nothing)."""
    members, rest = 0, data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        try:
            while True:
                chunk = inflater.decompress(rest, 1 << 20)
                rest = inflater.unconsumed_tail
                if inflater.eof or (not chunk and not rest):
                    break
        except zlib.error as exc:
            return members, f"gzip member {members + 1} is damaged ({exc})"
        if not inflater.eof:
            return members, f"gzip member {members + 1} is truncated"
        members += 1
        rest = inflater.unused_data
    return members, ""


def verify_warc(data: bytes, sha256: str) -> list[str]:
    """Every problem with one stored evidence blob; empty when it is whole and matches ``sha256``.

    Checks each gzip member to its end (CRC and length included), then every response record's
    payload against its own ``WARC-Payload-Digest-SHA256`` header, and the first one against ours.
    """
    members, problem = gzip_members(data)
    if problem:
        return [problem]
    if not members:
        return ["no WARC record"]
    problems: list[str] = []
    responses = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            digest = hashlib.sha256(record.content_stream().read()).hexdigest()
            stated = record.rec_headers.get_header("WARC-Payload-Digest-SHA256")
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if stated and stated != digest:
                problems.append(f"{uri}: payload SHA-256 {digest} differs from its record's {stated}")
            if responses == 0 and digest != sha256:
                problems.append(f"{uri}: payload SHA-256 {digest} differs from the stored {sha256}")
            responses += 1
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        problems.append(f"WARC record unreadable: {exc}")
    if not responses and not problems:
        problems.append("no WARC response record")
    return problems


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
