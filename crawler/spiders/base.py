"""The shared spider: extract every page with the one extraction layer, yield listings with their
seller, count blocked and broken pages, follow links. Site spiders only say where to start and
which links to follow."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.evidence import Capture
from crawler.extract import extract_page
from crawler.extract.hints import ExtractHints
from crawler.extract.types import Extracted
from crawler.identity import listing_key, platform_of, seller_key
from crawler.items import Listing, SellerProfile

logger = logging.getLogger(__name__)

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
    required_fields: tuple[str, ...] = ("title",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.run_notes: list[str] = []
        self._profiles: dict[str, SellerProfile] = {}
        self._pending: dict[str, list[Listing]] = {}

    # -- pages -------------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        ex = self.extract(response)
        if ex is None:
            return
        if ex.kind in ("product", "advert"):
            yield from self.with_seller(self.make_listing(ex, response))
        elif ex.kind == "seller":
            yield self.remember_profile(ex, response)
        yield from self.follow(response)

    def parse_seller(self, response: Response, listing_seller_url: str) -> Iterator[Any]:
        """Callback of the request a listing makes for its seller's profile."""
        ex = self.extract(response)
        profile = None
        if ex is not None and ex.kind == "seller":
            profile = self.remember_profile(ex, response)
            yield profile
        yield from self.release(listing_seller_url, profile)
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
        if ex.kind == "blocked":
            stats.inc_value("pages/blocked")
            logger.warning("blocked page (HTTP %s) at %s: %s", response.status, response.url, ex.block_reason)
            return None
        return ex

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """Errback: a page that could not be fetched is logged and counted; the crawl goes on."""
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        assert stats is not None
        seller_url = request.cb_kwargs.get("listing_seller_url")
        if isinstance(failure.value, IgnoreRequest) and not isinstance(failure.value, HttpError):
            # Refused on purpose (robots.txt, off-site): not a broken page.
            stats.inc_value("pages/ignored")
            logger.info("not fetched %s: %s", request.url, failure.getErrorMessage())
            if seller_url:
                yield from self.release(seller_url, None)
            return
        stats.inc_value("pages/broken")
        stats.inc_value(f"pages/broken/{failure.type.__name__ if failure.type else 'unknown'}")
        logger.error("broken page %s: %s", request.url, failure.getErrorMessage())
        if seller_url:
            yield from self.release(seller_url, None)

    # -- listings and sellers ----------------------------------------------------------------

    def make_listing(self, ex: Extracted, response: Response) -> Listing:
        seller_url = response.urljoin(ex.seller_url) if ex.seller_url else ""
        return Listing(
            platform=self.platform or platform_of(response.url),
            listing_key=listing_key(response.url, ex.listing_id),
            url=response.url,
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
            seller_url=seller_url,
            seller_location=ex.seller_location,
            origin=ex.origin,
            attributes=dict(ex.attributes),
            contacts=list(ex.contacts),
            images=[response.urljoin(i) for i in ex.images],
            capture=capture_of(response),
        )

    def remember_profile(self, ex: Extracted, response: Response) -> SellerProfile:
        profile = SellerProfile(
            platform=self.platform or platform_of(response.url),
            seller_key=seller_key(response.url, ex.seller_name or ex.title),
            url=response.url,
            name=ex.seller_name or ex.title,
            location=ex.seller_location,
            contacts=list(ex.contacts),
            attributes=dict(ex.attributes),
        )
        self._profiles[profile.seller_key] = profile
        return profile

    def with_seller(self, listing: Listing) -> Iterator[Any]:
        """Yield the listing with what its seller's profile page says; fetch that page once if needed."""
        if not listing.seller_url or not self._on_site(listing.seller_url, listing.url):
            yield listing
            return
        key = seller_key(listing.seller_url, listing.seller_name)
        if key in self._profiles:
            yield self._merge(listing, self._profiles[key])
        elif key in self._pending:
            self._pending[key].append(listing)
        else:
            self._pending[key] = [listing]
            yield scrapy.Request(
                listing.seller_url,
                callback=self.parse_seller,
                errback=self.on_error,
                cb_kwargs={"listing_seller_url": listing.seller_url},
                dont_filter=True,  # the profile may also be reached by a link; this request must answer
                priority=10,
            )

    def release(self, seller_url: str, profile: SellerProfile | None) -> Iterator[Listing]:
        for listing in self._pending.pop(seller_key(seller_url, ""), []):
            yield self._merge(listing, profile) if profile else listing

    @staticmethod
    def _merge(listing: Listing, profile: SellerProfile) -> Listing:
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

    def follow(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, scrapy.http.TextResponse):
            return
        # Hosts are checked by _on_site: LinkExtractor's allow_domains also compares the port.
        extractor = LinkExtractor(allow=self.follow_allow, deny=(*DENY_LINKS, *self.follow_deny), unique=True)
        for link in extractor.extract_links(response):
            if not self._on_site(link.url, response.url):
                continue
            if seller_key(link.url, "") in self._pending:
                continue  # its own request is already on the way
            yield response.follow(link, callback=self.parse, errback=self.on_error)


def capture_of(response: Response) -> Capture:
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, values in response.headers.items() for v in values]
    return Capture(
        url=response.url,
        status=response.status,
        headers=headers,
        body=response.body,
        captured_at=datetime.now(UTC).isoformat(timespec="seconds"),
        protocol=str(response.protocol or "HTTP/1.1").upper(),
    )
