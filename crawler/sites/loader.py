"""Read and validate crawler/sites/<site>.yml; errors name the file, the line and the offending key."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from crawler.sites.keywords import KeywordsError, keyword_table
from crawler.sites.profile import SiteProfile
from watchlists.datafile import describe, line_of

SITES_DIR = Path(__file__).resolve().parent
NOT_PROFILES = {"keywords"}  # YAML files in this folder that are not site profiles


class ProfileError(ValueError):
    """A site profile is missing, unreadable or invalid."""


def list_profiles(directory: Path = SITES_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yml") if p.stem not in NOT_PROFILES)


def parse_profile(text: str, source: Path) -> SiteProfile:
    try:
        data: Any = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ProfileError(f"{source}{line}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or root is None:
        raise ProfileError(f"{source}:1: expected a mapping of profile keys")
    try:
        profile = SiteProfile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(describe(exc, text, source)) from exc
    if profile.name != source.stem:
        raise ProfileError(f"{source}: name {profile.name!r} must match the file name {source.stem!r}")
    try:
        keyword_table().pick(profile.keywords.categories, profile.keywords.languages)
    except KeywordsError as exc:
        keywords_line = line_of(text, ("keywords",))
        raise ProfileError(f"{source}:{keywords_line}: keywords: {exc}") from exc
    return profile


@cache
def load_profile(name: str, directory: Path = SITES_DIR) -> SiteProfile:
    source = directory / f"{name}.yml"
    if name in NOT_PROFILES or not source.is_file():
        raise ProfileError(f"no site profile {name!r} in {directory}; known: {', '.join(list_profiles(directory))}")
    return parse_profile(source.read_text(encoding="utf-8"), source)
