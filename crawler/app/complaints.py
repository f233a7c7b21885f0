"""Complaint packets: the confirmed hits of one platform as a notice a trust-and-safety team or a
customs authority can act on.

A packet folder holds the report (HTML and PDF), the data (CSV and JSON), every WARC capture, and
SHA256SUMS, a manifest of everything in it. The report follows what a notice under the EU Digital
Services Act, Article 16(2), must contain, quotes the platform's own policy clause, and cites the legal
references kept as editable templates in review/templates/complaints/ (see packet.yml there).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlite_utils import Database

from crawler.app.highlight import Segment, excerpt
from crawler.evidence import warc_file
from db.hit_context import confirmed_hits, evidence_by_id, evidence_meta, last_decision
from db.hits import get_hit

FORMATS = ("html", "pdf", "csv", "json")
GOOD_FAITH = (
    "I have a bona fide belief that the information and allegations contained in this notice are accurate and complete."
)
REASON_FIELDS = ("kind", "score", "detail", "matched_text", "field", "rule", "entity_id", "source", "list_version_id")
TEXT_FIELDS = ("title", "description", "seller_name", "seller_location", "origin")


class PacketError(ValueError):
    """A packet that cannot be made (nothing confirmed, unknown format, missing notifier)."""


def templates_dir() -> Path:
    """review/templates: the packet templates are data, kept with the web UI's templates (the review
    package sits beside crawler/, in a checkout and when installed)."""
    return Path(__file__).resolve().parents[2] / "review" / "templates"


@dataclass(frozen=True)
class Notifier:
    name: str
    email: str


@dataclass(frozen=True)
class PacketEvidence:
    id: int
    version: int
    captured_at: str
    status: int
    sha256: str  # of the captured response body, as stored at crawl time
    file: str  # the WARC file in the packet


@dataclass(frozen=True)
class PacketHit:
    hit_id: int
    url: str
    platform: str
    title: str
    seller_name: str
    seller_location: str
    seller_url: str
    category: str
    score: float
    reasons: list[dict[str, Any]]
    excerpts: list[list[Segment]]
    evidence: list[PacketEvidence]
    decision: dict[str, str]


@dataclass(frozen=True)
class LegalReference:
    id: str
    template: str
    hit_ids: list[int] = field(default_factory=list)  # empty: cited for every listing


@dataclass(frozen=True)
class Packet:
    platform: str
    reference: str
    created_at: str
    notifier_name: str
    notifier_email: str
    good_faith: str
    policy_platform: str
    policy_template: str
    legal: list[LegalReference]
    hits: list[PacketHit]


@dataclass(frozen=True)
class PacketFiles:
    folder: Path
    files: list[Path]  # every file written, the manifest last
    hits: int


def build_packet(db: Database, platform: str, notifier: Notifier, *, templates: Path | None = None) -> Packet:
    """Gather the confirmed hits of `platform` with their evidence, decisions and citations."""
    if not notifier.name.strip() or "@" not in notifier.email:
        raise PacketError("a notice needs the notifier's name and e-mail address (DSA Art. 16(2)(c))")
    ids = confirmed_hits(db, platform)
    if not ids:
        raise PacketError(f"no confirmed hit on platform {platform!r}")
    config = _config(templates or templates_dir())
    hits = [_packet_hit(db, i) for i in ids]
    policy = next((p for p in config["policies"] if _host_matches(platform, p["hosts"])), None)
    legal = []
    for ref in config["legal"]:
        categories = ref.get("categories")
        if categories is None:
            legal.append(LegalReference(ref["id"], "complaints/" + ref["template"]))
            continue
        covered = [h.hit_id for h in hits if h.category in categories]
        if covered:
            legal.append(LegalReference(ref["id"], "complaints/" + ref["template"], covered))
    created = datetime.now(UTC).isoformat(timespec="seconds")
    reference = hashlib.sha256(f"{platform}|{created}|{ids}".encode()).hexdigest()[:12]
    return Packet(
        platform=platform,
        reference=reference,
        created_at=created,
        notifier_name=notifier.name.strip(),
        notifier_email=notifier.email.strip(),
        good_faith=GOOD_FAITH,
        policy_platform=policy["platform"] if policy else "",
        policy_template=("complaints/" + policy["template"]) if policy else "",
        legal=legal,
        hits=hits,
    )


def write_packet(
    db: Database,
    packet: Packet,
    output: Path,
    formats: Sequence[str] = FORMATS,
    *,
    templates: Path | None = None,
) -> PacketFiles:
    """Write the packet into `output` (created if needed; must be empty or absent)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise PacketError(f"formats are {', '.join(FORMATS)}")
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise PacketError(f"{output} exists and is not an empty folder")
    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    html = render_html(packet, templates=templates)
    if "html" in formats:
        written.append(_write(output / "report.html", html.encode("utf-8")))
    if "pdf" in formats:
        from weasyprint import HTML  # slow to import; only packets need it

        written.append(_write(output / "report.pdf", HTML(string=html).write_pdf()))
    if "csv" in formats:
        written.append(_write(output / "hits.csv", _csv(packet).encode("utf-8")))
    if "json" in formats:
        written.append(_write(output / "hits.json", _json(packet).encode("utf-8")))
    (output / "evidence").mkdir(exist_ok=True)
    for hit in packet.hits:
        for e in hit.evidence:
            record = evidence_by_id(db, e.id)
            if record is None:  # deleted between building and writing the packet
                raise PacketError(f"evidence {e.id} of hit {hit.hit_id} is gone from the store")
            data = warc_file([record["warc"]], f"originwatch hit {hit.hit_id}: {hit.url}")
            written.append(_write(output / e.file, data))
    manifest = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(output).as_posix()}\n" for p in written
    )
    written.append(_write(output / "SHA256SUMS", manifest.encode("ascii")))
    return PacketFiles(output, written, len(packet.hits))


def render_html(packet: Packet, *, templates: Path | None = None) -> str:
    env = Environment(
        loader=FileSystemLoader(str(templates or templates_dir())),
        autoescape=True,  # listing text is the seller's: escaped, never marked safe
        undefined=StrictUndefined,
    )
    return env.get_template("complaints/report.html").render(packet=packet)


def _config(templates: Path) -> dict[str, Any]:
    path = templates / "complaints" / "packet.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) - {"policies", "legal"}:
        raise PacketError(f"{path}: expected the keys 'policies' and 'legal'")
    return {"policies": data.get("policies") or [], "legal": data.get("legal") or []}


def _host_matches(platform: str, hosts: Sequence[str]) -> bool:
    host = platform.lower().split(":")[0]
    return any(host == h or host.endswith("." + h) for h in hosts)


def _packet_hit(db: Database, hit_id: int) -> PacketHit:
    hit = get_hit(db, hit_id)
    listing = hit["listing"]
    needles = [str(r.get("matched_text") or "") for r in hit["reasons"]]
    excerpts = []
    for f in TEXT_FIELDS:
        text = str(listing.get(f) or "")
        segments = excerpt(text, needles) if text else []
        if any(s.marked for s in segments):
            excerpts.append(segments)
    if not excerpts and listing.get("title"):
        excerpts.append([Segment(str(listing["title"]))])
    evidence = [
        PacketEvidence(
            id=int(e["id"]),
            version=int(e["version"]),
            captured_at=e["captured_at"],
            status=int(e["status"] or 0),
            sha256=e["sha256"],
            file=f"evidence/hit-{hit_id}-v{e['version']}.warc.gz",
        )
        for e in evidence_meta(db, int(hit["listing_id"]))
    ]
    event = last_decision(db, hit_id) or {}
    return PacketHit(
        hit_id=hit_id,
        url=listing["url"],
        platform=listing["platform"],
        title=listing.get("title") or "",
        seller_name=listing.get("seller_name") or "",
        seller_location=listing.get("seller_location") or "",
        seller_url=listing.get("seller_url") or "",
        category=hit.get("category") or "",
        score=float(hit["score"]),
        reasons=[{k: r.get(k) for k in REASON_FIELDS} for r in hit["reasons"]],
        excerpts=excerpts,
        evidence=evidence,
        decision={
            "status": hit["status"],
            "by": str(event.get("by") or ""),
            "at": str(event.get("at") or ""),
            "note": str(event.get("note") or ""),
        },
    )


CSV_COLUMNS = (
    "hit_id", "url", "platform", "title", "seller_name", "seller_location", "seller_url", "category", "score",
    "captured_at", "evidence_sha256", "warc_files", "excerpt", "reasons", "decision", "decided_by", "decided_at",
    "reviewer_note",
)  # fmt: skip


def _plain(segments: list[Segment]) -> str:
    return re.sub(r"\s+", " ", "".join(s.text for s in segments)).strip()


def _csv(packet: Packet) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    for h in packet.hits:
        writer.writerow(
            {
                "hit_id": h.hit_id,
                "url": h.url,
                "platform": h.platform,
                "title": h.title,
                "seller_name": h.seller_name,
                "seller_location": h.seller_location,
                "seller_url": h.seller_url,
                "category": h.category,
                "score": f"{h.score:.2f}",
                "captured_at": "; ".join(e.captured_at for e in h.evidence),
                "evidence_sha256": "; ".join(e.sha256 for e in h.evidence),
                "warc_files": "; ".join(e.file for e in h.evidence),
                "excerpt": " | ".join(_plain(x) for x in h.excerpts),
                "reasons": "; ".join(f"{r['kind']}: {r['detail']}" for r in h.reasons),
                "decision": h.decision["status"],
                "decided_by": h.decision["by"],
                "decided_at": h.decision["at"],
                "reviewer_note": h.decision["note"],
            }
        )
    return out.getvalue()


def _json(packet: Packet) -> str:
    data = asdict(packet)
    for hit, raw in zip(packet.hits, data["hits"], strict=True):
        raw["excerpts"] = [_plain(x) for x in hit.excerpts]
    data["dsa_article_16_2"] = {
        "a_reasons": "per listing: reasons, excerpt, legal references and the platform policy",
        "b_urls": [h.url for h in packet.hits],
        "c_notifier": {"name": packet.notifier_name, "email": packet.notifier_email},
        "d_good_faith_statement": packet.good_faith,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
