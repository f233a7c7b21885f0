"""Where a site crawl starts: search templates expanded per keyword and page, filtered by robots rules.

When robots.txt disallows a search template the crawl enters through the profile's alternatives
(category pages, showrooms, sitemaps, storefronts) instead. An operator may override that for one run
(`-a ignore_robots_entry=1`); the override is explicit and is written to the run record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

from protego import Protego

if TYPE_CHECKING:
    from crawler.sites.profile import RobotsRules, SiteProfile


def _slug(keyword: str) -> str:
    return quote("-".join(keyword.lower().split()), safe="-")


def _title_underscored(keyword: str) -> str:
    return quote("_".join(word[:1].upper() + word[1:] for word in keyword.split()), safe="_")


# Placeholders a template may use, and how each spells the keyword.
PLACEHOLDERS: dict[str, Callable[[str], str]] = {
    "keyword": quote_plus,  # query strings: "lace wig" -> "lace+wig", 假发 -> "%E5%81%87%E5%8F%91"
    "keyword_slug": _slug,  # paths: "lace-wig" (AliExpress /w/wholesale-lace-wig.html)
    "keyword_title": _title_underscored,  # "Lace_Wig" (Made-in-China hot-china-products)
    "page": str,
}
KEYWORD_PLACEHOLDERS = ("keyword", "keyword_slug", "keyword_title")


@dataclass
class EntryPlan:
    allowed: list[str] = field(default_factory=list)  # robots rules allow these
    overridden: list[str] = field(default_factory=list)  # disallowed, requested only by operator override
    skipped: list[str] = field(default_factory=list)  # disallowed and left out
    notes: list[str] = field(default_factory=list)  # for the run record


def robots_parser(rules: RobotsRules) -> Protego:
    """The profile's reported rules as a robots.txt, read by the parser Scrapy itself uses."""
    lines = ["User-agent: *"]
    lines += [f"Allow: {path}" for path in rules.allow]
    lines += [f"Disallow: {path}" for path in rules.disallow]
    return Protego.parse("\n".join(lines))


def rebase(url: str, base_url: str) -> str:
    """Point an absolute or root-relative URL at base_url's scheme and host (a fixture server in tests)."""
    base = urlsplit(base_url)
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


def expand(template: str, keywords: list[str], pages: int) -> list[str]:
    uses_keyword = any("{" + name + "}" in template for name in KEYWORD_PLACEHOLDERS)
    page_numbers = range(1, pages + 1) if "{page}" in template else [1]
    urls = []
    for keyword in keywords if uses_keyword else [""]:
        for page in page_numbers:
            values = {name: spell(keyword) for name, spell in PLACEHOLDERS.items() if name != "page"}
            urls.append(template.format(**values, page=page))
    return list(dict.fromkeys(urls))


def plan_entry(
    profile: SiteProfile,
    *,
    base_url: str | None = None,
    keywords: list[str] | None = None,
    pages: int | None = None,
    ignore_robots_entry: bool = False,
) -> EntryPlan:
    """Search URLs the robots rules allow; alternatives when a search template is disallowed."""
    from crawler.sites.keywords import keyword_table

    chosen = keywords or keyword_table().pick(profile.keywords.categories, profile.keywords.languages)
    per_keyword = pages or profile.entry.pages_per_keyword
    base = base_url or profile.base_url
    robots = robots_parser(profile.robots)
    plan = EntryPlan()

    def allowed(url: str) -> bool:
        parts = urlsplit(url)
        return bool(robots.can_fetch(parts.path + (f"?{parts.query}" if parts.query else ""), "*"))

    search_blocked = False
    for template in profile.entry.search:
        for url in (rebase(u, base) for u in expand(template, chosen, per_keyword)):
            if allowed(url):
                plan.allowed.append(url)
                continue
            search_blocked = True
            (plan.overridden if ignore_robots_entry else plan.skipped).append(url)
    if search_blocked or not profile.entry.search:
        for alternative in profile.entry.alternatives:
            for url in (rebase(u, base) for u in expand(alternative.url, chosen, per_keyword)):
                (plan.allowed if allowed(url) else plan.skipped).append(url)
    if plan.skipped and not ignore_robots_entry:
        plan.notes.append(
            f"robots.txt rules (checked {profile.robots.checked or 'never'}) disallow {len(plan.skipped)} entry "
            f"URL(s) of {profile.name}, e.g. {_path(plan.skipped[0])}; entering through allowed paths"
        )
    if plan.overridden:
        plan.notes.append(
            f"robots.txt entry override (ignore_robots_entry=1, explicit operator choice): {len(plan.overridden)} "
            f"disallowed entry URL(s) of {profile.name} requested, e.g. {_path(plan.overridden[0])}"
        )
    plan.allowed = list(dict.fromkeys(plan.allowed))
    return plan


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
