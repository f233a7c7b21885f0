"""The shared spider: extract every page with the one extraction layer, yield listings with their
seller, count blocked and broken pages, follow links. Site spiders only say where to start and
which links to follow."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from crawler.evidence import Capture
from crawler.extract import extract_page
from crawler.extract.hints import ExtractHints
from crawler.extract.types import Extracted
from crawler.health import ALWAYS_REQUIRED
from crawler.identity import listing_key, platform_of, seller_key
from crawler.items import Listing, SellerProfile
from crawler.middlewares.faults import count_failure
from crawler.middlewares.frontier import request_failed

logger = logging.getLogger(__name__)

# Bot walls answer 403/429 (DataDome, Akamai, Cloudflare) even without a marker we know.
BLOCK_STATUSES = frozenset({403, 429})

# Links no crawl needs: accounts, carts, sign-in, sharing.
DENY_LINKS = (
    r"/(log-?in|log-?out|sign-?in|sign-?up|register|account|cart|checkout|basket|wishlist|share)\b",
    r"[?&](sessionid|sid|logout)=",
)


class ListingSpider(scrapy.Spider):
    """Subclasses set `start_urls` (or `start`), and may set `hints`, `follow_allow`, `follow_deny`."""

    hints: ExtractHints | None = None
    follow_allow: tuple[str, ...] = ()
    follow_deny: tuple[str, ...] = ()
    platform: str = ""
    # A listing lacking any of these is not stored (crawler/pipelines/normalize.py).
    required_fields: tuple[str, ...] = ALWAYS_REQUIRED
    # Bot walls answer with these statuses; their bodies must reach the block detector so they are
    # counted as blocked pages, not dropped as HTTP errors and counted as broken.
    handle_httpstatus_list: ClassVar[list[int]] = sorted(BLOCK_STATUSES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.run_notes: list[str] = []
        # Seller pages by key: the profile, or None once fetching it failed or was blocked (never retried).
        self._profiles: dict[str, SellerProfile | None] = {}
        # The seller pages as fetched, by seller key: kept as evidence beside each of its listings.
        self._profile_captures: dict[str, Capture] = {}
        # Listings waiting for their seller's page, by seller key.
        self._pending: dict[str, list[Listing]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.release_on_idle, signal=signals.spider_idle)
        return spider

    def request(self, url: str, **kwargs: Any) -> scrapy.Request:
        """A request in this site's download slot: politeness is per site, not per sub-domain."""
        meta = {"download_slot": self.platform or platform_of(url), **kwargs.pop("meta", {})}
        return scrapy.Request(
            url, callback=kwargs.pop("callback", self.parse), errback=self.on_error, meta=meta, **kwargs
        )

    # -- pages -------------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        ex = self.extract(response)
        if ex is None:
            return
        if ex.kind in ("product", "advert"):
            yield from self.with_seller(self.make_listing(ex, response))
        elif ex.kind == "seller" and seller_key(response.url, "") not in self._profiles:
            yield self.remember_profile(ex, response)
        yield from self.follow(response)

    def parse_seller(self, response: Response, listing_seller_url: str) -> Iterator[Any]:
        """Callback of the request a listing makes for its seller's profile."""
        key = seller_key(listing_seller_url, "")
        ex = self.extract(response)
        profile = self._profiles.get(key)
        if profile is None and ex is not None and ex.kind == "seller":
            # A link may have brought the same page first: one profile per seller.
            profile = self.remember_profile(ex, response, key=key)
            yield profile
        self._profiles.setdefault(key, None)
        yield from self.release(key, profile)
        if ex is not None:
            yield from self.follow(response)

    def extract(self, response: Response) -> Extracted | None:
        """Run the extraction layer; None (and counted) for blocked or non-HTML pages."""
        stats = self.crawler.stats
        assert stats is not None
        if not isinstance(response, scrapy.http.TextResponse):
            stats.inc_value("pages/skipped_non_html")
            return None
        ex = extract_page(response.body, response.url, header_charset=response.encoding, hints=self.hints)
        stats.inc_value("pages/parsed")
        stats.inc_value(f"pages/kind/{ex.kind}")
        if ex.errors:
            stats.inc_value("extract/errors", len(ex.errors))
            for error in ex.errors:
                logger.info("extraction problem on %s: %s", response.url, error)
        if ex.kind != "blocked" and response.status in BLOCK_STATUSES:
            ex.kind, ex.block_reason = "blocked", f"HTTP {response.status}"
        if ex.kind == "blocked":
            stats.inc_value("pages/blocked")
            logger.warning("blocked page (HTTP %s) at %s: %s", response.status, response.url, ex.block_reason)
            self.back_off(response)
            return None
        if ex.skip_reason:
            # Why a page was not taken as a listing: listing/seller pages, no title, no product evidence.
            stats.inc_value(f"pages/skipped/{ex.skip_reason}")
        return ex

    def back_off(self, response: Response) -> None:
        """Slow down on a site that just served a block page. AutoThrottle only reacts to latency."""
        assert self.crawler.engine is not None
        slot = self.crawler.engine.downloader.slots.get(response.meta.get("download_slot", ""))
        floor = self.crawler.settings.getfloat("ORIGINWATCH_BLOCK_BACKOFF")
        if slot is not None and floor > 0:
            ceiling = self.crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60.0)
            slot.delay = min(max(slot.delay * 2, floor), ceiling)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("pages/backoff")

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """Errback: a page that could not be fetched is logged and counted; the crawl goes on."""
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        assert stats is not None
        kind = count_failure(stats, failure.value)  # failures/<kind>: its own line in the summary
        if kind in ("", "robots"):
            # Refused on purpose (robots.txt, off-site): not a broken page.
            stats.inc_value("pages/ignored")
            logger.info("not fetched %s: %s", request.url, failure.getErrorMessage())
        else:
            stats.inc_value("pages/broken")
            stats.inc_value(f"pages/broken/{failure.type.__name__ if failure.type else 'unknown'}")
            logger.error("broken page %s: %s", request.url, failure.getErrorMessage())
        self.crawler.signals.send_catch_log(signal=request_failed, request=request)  # its frontier entry
        seller_url = request.cb_kwargs.get("listing_seller_url")
        if seller_url:
            key = seller_key(seller_url, "")
            self._profiles.setdefault(key, None)
            yield from self.release(key, None)

    # -- listings and sellers ----------------------------------------------------------------

    def make_listing(self, ex: Extracted, response: Response) -> Listing:
        seller_url = response.urljoin(ex.seller_url) if ex.seller_url else ""
        # The page's same-site canonical URL is the listing's identity and the URL shown and exported.
        url = ex.canonical_url or response.url
        return Listing(
            platform=self.platform or platform_of(response.url),
            listing_key=listing_key(url, ex.listing_id),
            url=url,
            kind=ex.kind,
            title=ex.title,
            description=ex.description,
            price=ex.price,
            price_max=ex.price_max,
            currency=ex.currency,
            min_order=ex.min_order,
            sku=ex.sku,
            availability=ex.availability,
            seller_name=ex.seller_name,
            seller_source=ex.seller_source,
            seller_url=seller_url,
            seller_location=ex.seller_location,
            origin=ex.origin,
            attributes=dict(ex.attributes),
            contacts=list(ex.contacts),
            images=[response.urljoin(i) for i in ex.images],
            capture=capture_of(response),
        )

    def remember_profile(self, ex: Extracted, response: Response, *, key: str = "") -> SellerProfile:
        """`key` is the seller key the page was requested under (a redirect may change its URL)."""
        profile = SellerProfile(
            platform=self.platform or platform_of(response.url),
            seller_key=key or seller_key(response.url, ex.seller_name or ex.title),
            url=response.url,
            name=ex.seller_name or ex.title,
            location=ex.seller_location,
            contacts=list(ex.contacts),
            attributes=dict(ex.attributes),
        )
        self._profiles[profile.seller_key] = profile
        self._profile_captures[profile.seller_key] = capture_of(response)
        return profile

    def with_seller(self, listing: Listing) -> Iterator[Any]:
        """Yield the listing with what its seller's profile page says; fetch that page once if needed."""
        if not listing.seller_url or not self._on_site(listing.seller_url, listing.url):
            yield listing
            return
        key = seller_key(listing.seller_url, listing.seller_name)
        if key in self._profiles:
            profile = self._profiles[key]
            yield self._merge(listing, profile) if profile else listing
        elif key in self._pending:
            self._pending[key].append(listing)
        else:
            self._pending[key] = [listing]
            yield self.request(
                listing.seller_url,
                callback=self.parse_seller,
                cb_kwargs={"listing_seller_url": listing.seller_url},
                dont_filter=True,  # the profile may also be reached by a link; this request must answer
                priority=10,
            )

    def release(self, key: str, profile: SellerProfile | None) -> Iterator[Listing]:
        for listing in self._pending.pop(key, []):
            yield self._merge(listing, profile) if profile else listing

    def waiting_listings(self, page_url: str) -> list[str]:
        """URLs of the listings from the page at ``page_url`` that wait for their seller's page."""
        return [
            listing.url
            for listings in self._pending.values()
            for listing in listings
            if (listing.capture.url if listing.capture else listing.url) == page_url
        ]

    def release_on_idle(self) -> None:
        """A seller request can vanish without an answer (depth limit, a failing callback); before the
        crawl closes, the listings still waiting for it are stored without the profile."""
        if not self._pending:
            return
        assert self.crawler.engine is not None
        self.crawler.engine.crawl(scrapy.Request("data:,", callback=self.release_waiting, dont_filter=True))
        raise DontCloseSpider

    def release_waiting(self, response: Response) -> Iterator[Listing]:
        assert self.crawler.stats is not None
        for key in list(self._pending):
            self._profiles.setdefault(key, None)
            waiting = list(self.release(key, None))
            self.crawler.stats.inc_value("listings/released_without_seller_page", len(waiting))
            yield from waiting

    def closed(self, reason: str) -> None:
        lost = sum(len(listings) for listings in self._pending.values())
        if lost:
            # Only a hard stop (page limit, shutdown) gets here with listings still waiting.
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("listings/lost_at_close", lost)
            logger.error(
                "%d listing(s) were still waiting for their seller's page when the crawl closed (%s)", lost, reason
            )

    def _merge(self, listing: Listing, profile: SellerProfile) -> Listing:
        seller_page = self._profile_captures.get(profile.seller_key)
        if listing.capture is not None and seller_page is not None:
            listing.capture = replace(listing.capture, related=(seller_page,))
        listing.seller_name = listing.seller_name or profile.name
        listing.seller_location = listing.seller_location or profile.location
        listing.contacts = list(dict.fromkeys([*listing.contacts, *profile.contacts]))
        return listing

    def _on_site(self, url: str, from_url: str) -> bool:
        """The page's own host, or any host under the spider's allowed_domains (suppliers on
        `<sub>.en.alibaba.com`, offers on `detail.1688.com`). Compared by host name, never port."""
        host = urlsplit(url).hostname or ""
        if host == urlsplit(from_url).hostname:
            return True
        return any(host == d or host.endswith("." + d) for d in getattr(self, "allowed_domains", None) or ())

    # -- links -------------------------------------------------------------------------------

    @cached_property
    def link_extractor(self) -> LinkExtractor:
        # Hosts are checked by _on_site: LinkExtractor's allow_domains also compares the port.
        return LinkExtractor(allow=self.follow_allow, deny=(*DENY_LINKS, *self.follow_deny), unique=True)

    def follow(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, scrapy.http.TextResponse):
            return
        for link in self.link_extractor.extract_links(response):
            if not self._on_site(link.url, response.url):
                continue
            key = seller_key(link.url, "")
            if key in self._pending or key in self._profiles:
                continue  # a seller page already fetched, or its own request is on the way
            yield self.request(link.url)


def capture_of(response: Response) -> Capture:
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, values in response.headers.items() for v in values]
    request = response.request
    sent = [(k.decode("latin-1"), v.decode("latin-1")) for k, values in request.headers.items() for v in values] if (
        request is not None
    ) else []  # fmt: skip
    return Capture(
        url=response.url,
        status=response.status,
        headers=headers,
        body=response.body,
        captured_at=datetime.now(UTC).isoformat(timespec="seconds"),
        protocol=str(response.protocol or "HTTP/1.1").upper(),
        method=request.method if request is not None else "GET",
        request_headers=sent,
    )
