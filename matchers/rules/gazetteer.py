"""The DPRK place gazetteer (places_gazetteer.yml): one entry per division, its name in every script."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from watchlists.datafile import StrictModel

Level = Literal["province", "special_city", "city", "county"]


class GazetteerPlace(StrictModel):
    id: str = Field(pattern=r"^[a-z_]+$")
    level: Level
    province: str = ""
    mr: str = Field(min_length=2)  # McCune-Reischauer
    rr: str = Field(min_length=2)  # Revised Romanization
    hangul: str = Field(min_length=2)
    han: str = ""
    also: list[str] = Field(default_factory=list)  # other spellings in use
    # A Latin name that is also a place elsewhere (Chongju / Cheongju): needs North Korean context.
    latin_ambiguous: bool = False
    # South Korea has a place of the same Hangul name (순천, 화성): even with its suffix it needs context.
    south_korean_homonym: bool = False
    note: str = ""


class Gazetteer(StrictModel):
    places: list[GazetteerPlace] = Field(min_length=1)
