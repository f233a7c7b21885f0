"""One spider per site profile (crawler/sites/<site>.yml), generated: what varies per site is data.

Spider arguments (`originwatch crawl SITE -a NAME=VALUE`):
  base_url=http://127.0.0.1:PORT  crawl a copy of the site (fixture server); allowed_domains follows it
  keywords=wig,假发                 comma-separated keywords instead of the profile's categories
  max_pages=N                      search result pages per keyword instead of entry.pages_per_keyword
  ignore_robots_entry=1            request entry URLs the profile's robots rules disallow (logged)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy

from crawler.extract.types import Extracted
from crawler.items import Listing
from crawler.sites import load_profile, plan_entry
from crawler.sites.entry import rebase
from crawler.sites.loader import list_profiles
from crawler.spiders.base import ListingSpider

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}


class SiteSpider(ListingSpider):
    """Base of the generated spiders; has no `name`, so Scrapy does not list it."""

    profile_name: ClassVar[str] = ""

    def __init__(
        self,
        base_url: str = "",
        keywords: str = "",
        max_pages: str = "",
        ignore_robots_entry: str = "",
        *args: Any,
        **kwargs: Any,
    ) -> None:
        unknown = sorted(set(kwargs) - {"name"})
        if unknown:
            known = "base_url, keywords, max_pages, ignore_robots_entry"
            raise ValueError(f"{self.profile_name}: unknown spider argument(s) {', '.join(unknown)}; known: {known}")
        super().__init__(*args, **kwargs)
        profile = load_profile(self.profile_name)
        if base_url and urlsplit(base_url).scheme not in ("http", "https"):
            raise ValueError(f"{self.profile_name}: base_url must be http(s)://host[:port], got {base_url!r}")
        if max_pages and (not max_pages.isdigit() or int(max_pages) < 1):
            raise ValueError(f"{self.profile_name}: max_pages must be a whole number ≥ 1, got {max_pages!r}")
        override = ignore_robots_entry.strip().lower()
        if override not in TRUE_WORDS | FALSE_WORDS:
            raise ValueError(f"{self.profile_name}: ignore_robots_entry must be 1 or 0, got {ignore_robots_entry!r}")
        self.site = profile.name
        self.start_url = base_url.rstrip("/") or profile.base_url
        self.keywords = [k.strip() for k in keywords.split(",") if k.strip()]
        self.max_pages = int(max_pages) if max_pages else None
        self.platform = profile.platform
        self.hints = profile.hints()
        self.follow_allow = tuple(profile.follow.allow)
        self.follow_deny = tuple(profile.follow.deny)
        self.health = profile.health_rules()
        self.required_fields = self.health.required_fields()
        self.site_domains = list(profile.allowed_domains)
        self.base_url_override = base_url.rstrip("/")
        self.allowed_domains = [urlsplit(base_url).hostname or ""] if base_url else list(profile.allowed_domains)
        self.entry = plan_entry(
            profile,
            base_url=self.start_url,
            keywords=self.keywords or None,
            pages=self.max_pages,
            ignore_robots_entry=override in TRUE_WORDS,
        )
        self.run_notes.extend(self.entry.notes)
        if profile.needs_browser.required:
            self.run_notes.append(f"{profile.name} needs a browser for full data: {profile.needs_browser.note}")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.entry.allowed:
            yield self.request(url)
        for url in self.entry.overridden:
            # Scrapy's RobotsTxtMiddleware honours this flag; only these operator-approved entry URLs carry it.
            yield self.request(url, meta={"dont_obey_robotstxt": True})

    def make_listing(self, ex: Extracted, response: scrapy.http.Response) -> Listing:
        listing = super().make_listing(ex, response)
        listing.seller_url = self.local_url(listing.seller_url)
        return listing

    def local_url(self, url: str) -> str:
        """With a base_url override, the real site's own absolute URLs (storeURL "//www.aliexpress.com/store/1")
        point at the copy being crawled, so the seller profile is still followed."""
        host = urlsplit(url).hostname or ""
        if self.base_url_override and any(host == d or host.endswith("." + d) for d in self.site_domains):
            return rebase(url, self.base_url_override)
        return url


def spider_class(name: str) -> type[SiteSpider]:
    class_name = "Site" + "".join(part.capitalize() for part in name.split("_")) + "Spider"
    attributes = {"name": name, "profile_name": name, "__module__": __name__, "__doc__": f"Crawl {name}."}
    return type(class_name, (SiteSpider,), attributes)


# Scrapy's SpiderLoader finds spiders among this module's globals.
for _name in list_profiles():
    _cls = spider_class(_name)
    globals()[_cls.__name__] = _cls
# Left in globals, the loop variable would make Scrapy see the last spider twice.
del _name, _cls
