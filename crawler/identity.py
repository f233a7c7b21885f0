"""Natural keys: which platform a page belongs to and which listing it is."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url


def platform_of(url: str) -> str:
    """The host without port or a leading "www.": the same demo site on another port is the same platform."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def canonical_path(url: str) -> str:
    """Path and sorted query, without scheme, host, port or fragment."""
    parts = urlsplit(canonicalize_url(url))
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


def listing_key(url: str, site_listing_id: str = "") -> str:
    """The site's own listing id when the page gives one, else the canonical URL path."""
    return f"id:{site_listing_id}" if site_listing_id else canonical_path(url)


def seller_key(seller_url: str, seller_name: str) -> str:
    if seller_url:
        return canonical_path(seller_url)
    return "name:" + " ".join(seller_name.lower().split())
