"""A small store for the review UI tests, filled through the real store functions: listings in several
scripts, hostile seller-written fields, hits with reasons, evidence as WARC, a watchlist version, users."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crawler.app.users import add_user
from crawler.evidence import Capture, response_record
from db import open_db
from db.evidence import store_evidence
from db.hits import record_screening
from db.listings import upsert_listing
from db.records import EvidenceRecord, ListingRecord
from db.watchlists import latest_versions, record_import
from matchers.types import Reason, ScreenResult
from watchlists.model import Entity

PASSWORD = "correct horse battery"
USERS = {"ana": "analyst", "ben": "analyst", "cam": "campaigner", "adm": "admin"}
XSS_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">Lace wig'
XSS_SELLER = '"><svg onload="window.__pwned=3">Evil Trading'


@dataclass
class Seeded:
    path: Path
    hits: dict[str, int] = field(default_factory=dict)  # name -> hit id
    evidence: dict[str, int] = field(default_factory=dict)  # name -> evidence id


def _listing(key: str, platform: str, title: str, seller: str, **extra: object) -> dict[str, object]:
    return {
        "platform": platform,
        "listing_key": f"/item/{key}",
        "url": f"https://{platform}/item/{key}",
        "kind": "product",
        "title": title,
        "description": extra.pop("description", ""),
        "price": "35.00",
        "currency": "USD",
        "seller_name": seller,
        "seller_url": f"https://{platform}/shop/{seller[:8]}",
        "seller_location": extra.pop("seller_location", "Dandong, Liaoning"),
        "attributes": extra.pop("attributes", {"Place of Origin": "Liaoning, China"}),
        "contacts": [],
        "category": extra.pop("category", "wig"),
        **extra,
    }


def _reason(kind: str, matched: str, field_name: str, score: float, **extra: str) -> Reason:
    return Reason(kind=kind, score=score, detail=f"{kind} matched {matched!r}", matched_text=matched,  # type: ignore[arg-type]
                  rule=f"{kind}-rule", field=field_name, source=extra.get("source", "rules"),
                  entity_id=extra.get("entity_id"))  # fmt: skip


LISTINGS = [
    # name, listing, reasons, score
    ("cjk", _listing("cjk1", "www.amazon.com", "真人发假发 朝鲜加工 手工钩针 蕾丝头套", "丹东金山贸易有限公司",
                     description="本店假发全部由朝鲜加工厂手工制作，品质保证。"),
     [_reason("phrase", "朝鲜加工", "title", 0.8)], 0.8),
    ("korean", _listing("ko1", "www.amazon.com", "수제 인모 가발 북한산 수공예", "단둥 무역",
                        description="북한에서 수작업으로 만든 가발입니다"),
     [_reason("phrase", "북한산", "title", 0.7)], 0.7),
    ("ofac", _listing("ofac1", "www.ebay.com", "Hand-tied lace front wig, Remy hair", "Korea Kumsan Trading",
                      description="Hand-tied in North Korea by skilled workers."),
     [_reason("seller", "Korea Kumsan Trading", "seller_name", 0.93, entity_id="23476", source="ofac-sdn"),
      _reason("phrase", "Hand-tied in North Korea", "description", 0.6)], 0.93),
    ("xss", _listing("xss1", "www.etsy.com", XSS_TITLE, XSS_SELLER,
                     description='<iframe src="javascript:window.__pwned=4"></iframe> made in DPRK',
                     attributes={"<b onmouseover=alert(1)>Origin": '<img src=x onerror="window.__pwned=5">'},
                     seller_url="javascript:window.__pwned=6"),
     [_reason("phrase", "made in DPRK", "description", 0.7)], 0.7),
    ("eyelash", _listing("lash1", "www.ebay.com", "Mink false eyelashes 3D, Pyongyang factory", "Hunchun Lash Co",
                         category="eyelash", description="Eyelashes from our Pyongyang partner factory"),
     [_reason("place", "Pyongyang", "title", 0.55)], 0.55),
    ("low", _listing("low1", "www.ebay.com", "Wig from Dandong wholesaler", "Dandong Hair Co",
                     description="Human hair wig"),
     [_reason("place", "Dandong", "seller_location", 0.3)], 0.3),
] + [
    (f"filler{i}", _listing(f"f{i}", "shop.example.cn", f"Rattan bag model {i}", f"Filler Seller {i}",
                            category="rattan_bag", description="Hand-woven rattan bag"),
     [_reason("category", "rattan bag", "title", 0.5)], 0.5 + i / 100)
    for i in range(6)
]  # fmt: skip


def seed(path: Path) -> Seeded:
    out = Seeded(path)
    with open_db(path) as db:
        version_id = record_import(
            db,
            source="ofac-sdn",
            fmt="ofac-csv",
            files=["sdn.csv"],
            sha256="0" * 64,
            entities=[Entity(entity_id="23476", source="ofac-sdn", name="KOREA KUMSAN TRADING", programs=["DPRK3"])],
        )
        versions = latest_versions(db)
        for name, listing, reasons, score in LISTINGS:
            outcome = upsert_listing(db, ListingRecord.from_mapping(listing))
            priority = "high" if score >= 0.5 else "low"
            result = ScreenResult(flagged=score >= 0.5, priority=priority, score=score,
                                  category=str(listing["category"]), reasons=tuple(reasons))  # fmt: skip
            hit = record_screening(db, outcome.listing_id, result, watchlist_version_id=version_id,
                                   list_versions=versions)  # fmt: skip
            assert hit.hit_id is not None
            out.hits[name] = hit.hit_id
            body = f"<html><body><h1>{listing['title']}</h1></body></html>".encode()
            capture = Capture(url=str(listing["url"]), status=200, headers=[("Content-Type", "text/html")], body=body,
                              captured_at="2026-12-01T10:00:00+00:00")  # fmt: skip
            record = response_record(capture)
            out.evidence[name] = store_evidence(db, EvidenceRecord(
                listing_id=outcome.listing_id, version=outcome.version, url=capture.url, status=200,
                captured_at=capture.captured_at, record_id=record.record_id, sha256=record.sha256, warc=record.data,
            ))  # fmt: skip
        # a second version of one listing, so the hit page shows a diff
        changed = dict(LISTINGS[2][1], description="Hand-tied in North Korea. Now with 3 colours.")
        upsert_listing(db, ListingRecord.from_mapping(changed))
        for username, role in USERS.items():
            add_user(db, username, PASSWORD, role, display_name=username.title(), email=f"{username}@example.org")
    return out
