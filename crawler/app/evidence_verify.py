"""Check the evidence store: re-read every WARC record, check each gzip member to its end and each
payload against its SHA-256 (ours, and the record's own digest header)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from crawler.evidence import verify_warc
from db.evidence import iter_evidence
from db.hits import HitNotFoundError, get_hit


class EvidenceNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class EvidenceProblem:
    evidence_id: int
    listing_id: int
    version: int
    url: str
    problem: str


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    problems: list[EvidenceProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_evidence(db: Database, hit_ids: Sequence[int] = ()) -> VerifyReport:
    """Verify the captures behind ``hit_ids``, or every capture in the store when none is given."""
    listing_ids: list[int] | None = None
    if hit_ids:
        listing_ids = []
        for hit_id in hit_ids:
            try:
                listing_ids.append(int(get_hit(db, hit_id)["listing_id"]))
            except HitNotFoundError:
                raise EvidenceNotFoundError(f"no hit {hit_id}") from None
    checked, problems = 0, []
    for row in iter_evidence(db, listing_ids):
        checked += 1
        for problem in verify_warc(bytes(row["warc"] or b""), str(row["sha256"])):
            problems.append(
                EvidenceProblem(int(row["id"]), int(row["listing_id"]), int(row["version"]), str(row["url"]), problem)
            )
    return VerifyReport(checked, problems)
