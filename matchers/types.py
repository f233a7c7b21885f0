"""Result and input types every matcher shares.

A hit is a lead for a person to judge. Every ``Reason`` says which text matched,
which rule or watchlist entry it matched, and which list that entry came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ReasonKind = Literal["seller", "entity_mention", "phrase", "contact", "place", "category"]


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    score: float  # this signal's own strength, 0..1
    detail: str  # written for a person: "seller name ~ 'DANDONG JINXIANG TRADE CO., LTD.' (94/100)"
    matched_text: str  # the text in the listing that matched
    rule: str  # the rule id (phrase rule, matcher name) that fired
    entity_id: str | None = None  # source list's own identifier, for watchlist reasons
    source: str | None = None  # list the entity came from, or "rules" for built-in rules
    field: str | None = None  # the listing field the text came from

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ScreenInput:
    """What the matchers read from one listing. Every field may be missing."""

    id: str = ""
    url: str = ""
    title: str = ""
    description: str = ""
    seller_name: str = ""
    seller_location: str = ""
    seller_url: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreenResult:
    flagged: bool
    score: float
    reasons: tuple[Reason, ...]
    category: str = "other"  # wig | eyelash | rattan_bag | other
    # "high" when flagged; "low" for a lower-priority lead below the flag line that still goes to
    # the review queue; "" when there is nothing for a person to look at.
    priority: str = ""
    # Fields longer than scoring.yml's max_field_chars, screened only up to that length.
    truncated: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "flagged": self.flagged,
            "priority": self.priority,
            "score": round(self.score, 4),
            "category": self.category,
            "reasons": [r.to_dict() for r in self.reasons],
        }
        if self.truncated:
            result["truncated"] = list(self.truncated)
        return result
