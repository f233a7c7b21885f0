"""Site profiles: one YAML file per marketplace or B2B board (see README.md in this folder)."""

from crawler.sites.entry import EntryPlan, plan_entry
from crawler.sites.loader import SITES_DIR, ProfileError, list_profiles, load_profile, parse_profile
from crawler.sites.profile import SiteProfile

__all__ = [
    "SITES_DIR",
    "EntryPlan",
    "ProfileError",
    "SiteProfile",
    "list_profiles",
    "load_profile",
    "parse_profile",
    "plan_entry",
]
