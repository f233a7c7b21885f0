"""The watchlist entity model shared by importers, the store and the matchers.

An entity keeps the identifier its source list gives it (OFAC entry number, UN
reference number such as ``KPe.001``, OpenSanctions id, or our bundled id), so
every hit can be looked up in the list it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AliasQuality = Literal["strong", "weak"]
Schema = Literal["organization", "person", "place", "vessel", "aircraft", "other"]


@dataclass(frozen=True)
class Alias:
    name: str
    # OFAC "weak aka" and UN QUALITY="Low" are weak: never enough to match alone.
    quality: AliasQuality = "strong"
    # aka, fka, nka, original-script, romanization, previous ...
    kind: str = "aka"


@dataclass
class Entity:
    entity_id: str
    source: str  # list name: "ofac-sdn", "un-sc", "opensanctions", "originwatch", ...
    name: str
    schema: Schema = "organization"
    aliases: list[Alias] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)  # registration numbers, D-U-N-S, IMO ...
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2, lower case
    programs: list[str] = field(default_factory=list)  # DPRK3, NPWMD, ...
    topics: list[str] = field(default_factory=list)  # sanction, forced-labour, ...
    citation: str = ""  # where a person can check this entry
    evidence: str = ""  # how strong the evidence is: "designation", "report", ...
    remarks: str = ""

    def all_names(self) -> list[Alias]:
        """The primary name (strong) followed by every alias."""
        return [Alias(self.name, "strong", "primary"), *self.aliases]
