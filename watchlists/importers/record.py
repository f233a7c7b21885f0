"""The validated shape of one entry in our own list formats (YAML and CSV).

Unknown keys are errors: a typo such as ``citaton`` must not silently drop a citation.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from watchlists.importers.common import add_alias, clean_name, clean_text, unique
from watchlists.model import Alias, AliasQuality, Entity, Schema

Evidence = Literal["designation", "report", "research"]
_UNION_TAGS = {"str", "AliasRecord"}


class AliasRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    quality: AliasQuality = "strong"
    # our own renderings (e.g. a Chinese form we wrote) are kind "translation" so reviewers know
    kind: str = "aka"


class EntityRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entity_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    schema_: Schema = Field("organization", alias="schema")
    aliases: list[AliasRecord | str] = []
    identifiers: list[str] = []
    phones: list[str] = []
    emails: list[str] = []
    websites: list[str] = []
    addresses: list[str] = []
    countries: list[str] = []
    programs: list[str] = []
    topics: list[str] = []
    citation: str = ""
    evidence: Evidence | Literal[""] = ""
    remarks: str = ""

    @field_validator("entity_id", "name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("countries")
    @classmethod
    def _iso2(cls, values: list[str]) -> list[str]:
        for value in values:
            if len(value) != 2 or not value.isalpha() or not value.islower():
                raise ValueError(f"country {value!r} is not a lower-case ISO 3166-1 alpha-2 code")
        return values

    def to_entity(self, source: str) -> Entity:
        name = clean_name(self.name)
        aliases: list[Alias] = []
        for alias in self.aliases:
            if isinstance(alias, str):
                add_alias(aliases, name, alias)
            else:
                add_alias(aliases, name, alias.name, alias.quality, alias.kind)
        return Entity(
            entity_id=self.entity_id.strip(),
            source=source,
            name=name,
            schema=self.schema_,
            aliases=aliases,
            identifiers=unique(clean_text(v) for v in self.identifiers),
            phones=unique(clean_text(v) for v in self.phones),
            emails=unique(clean_text(v) for v in self.emails),
            websites=unique(clean_text(v) for v in self.websites),
            addresses=unique(clean_text(v) for v in self.addresses),
            countries=unique(self.countries),
            programs=unique(clean_text(v) for v in self.programs),
            topics=unique(clean_text(v) for v in self.topics),
            citation=clean_text(self.citation),
            evidence=self.evidence,
            remarks=clean_text(self.remarks),
        )


def first_error(exc: ValidationError) -> tuple[str, str]:
    """(field path, reason) of a pydantic error, phrased for a person."""
    err = exc.errors()[0]
    # drop pydantic's union-branch tags ("AliasRecord", "literal[...]") from the location
    parts = [p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in _UNION_TAGS))]
    field = ".".join(str(part) for part in parts) or "entry"
    reason = err["msg"]
    if err["type"] == "extra_forbidden":
        reason = "unknown key"
    return field, reason
