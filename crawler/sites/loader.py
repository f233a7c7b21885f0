"""Read and validate crawler/sites/<site>.yml; errors name the file, the line and the offending key."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from crawler.sites.keywords import KeywordsError, keyword_table
from crawler.sites.profile import SiteProfile
from watchlists.datafile import DataFileError, parse_yaml, where

SITES_DIR = Path(__file__).resolve().parent
NOT_PROFILES = {"keywords"}  # YAML files in this folder that are not site profiles


class ProfileError(DataFileError):
    """A site profile is missing, unreadable or invalid."""


def list_profiles(directory: Path = SITES_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yml") if p.stem not in NOT_PROFILES)


def parse_profile(text: str, source: Path) -> SiteProfile:
    try:
        profile = parse_yaml(text, source, SiteProfile)
    except DataFileError as exc:
        raise ProfileError(str(exc)) from exc
    if profile.name != source.stem:
        raise ProfileError(f"{source}: name {profile.name!r} must match the file name {source.stem!r}")
    try:
        keyword_table().pick(profile.keywords.categories, profile.keywords.languages)
    except KeywordsError as exc:
        raise ProfileError(f"{where(source, text, ('keywords',))}: keywords: {exc}") from exc
    return profile


@cache
def load_profile(name: str, directory: Path = SITES_DIR) -> SiteProfile:
    source = directory / f"{name}.yml"
    if name in NOT_PROFILES or not source.is_file():
        raise ProfileError(f"no site profile {name!r} in {directory}; known: {', '.join(list_profiles(directory))}")
    return parse_profile(source.read_text(encoding="utf-8"), source)
