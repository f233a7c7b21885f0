"""Natural keys: which platform a page belongs to, which listing and which seller it is.

Keys keep the host (suppliers on `<company>.en.alibaba.com` share paths such as
`/company_profile.html`) but not the scheme, port or fragment, and drop query parameters that only
track how the visitor arrived, so one item reached through two links is one listing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import yaml
from w3lib.url import canonicalize_url, url_query_cleaner

TRACKING_PARAMETERS = Path(__file__).with_name("tracking_parameters.yml")


@cache
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    data = yaml.safe_load(TRACKING_PARAMETERS.read_text(encoding="utf-8"))
    return frozenset(n.casefold() for n in data["names"]), tuple(p.casefold() for p in data["prefixes"])


def is_tracking(name: str) -> bool:
    names, prefixes = _tracking()
    key = name.casefold()
    return key in names or key.startswith(prefixes)


def without_tracking(url: str) -> str:
    """The URL without tracking parameters (tracking_parameters.yml); everything else kept as it was."""
    query = urlsplit(url).query
    if not query:
        return url
    tracking = sorted({k for k, _ in parse_qsl(query, keep_blank_values=True) if is_tracking(k)})
    return url_query_cleaner(url, tracking, remove=True, keep_fragments=True) if tracking else url


def canonical_url(page_url: str, declared: str | None) -> str:
    """The page's identity: its same-site <link rel=canonical> (joined, without tracking parameters), else
    the page URL without tracking parameters. A canonical on another site, or one pointing to the home page
    from a deeper page (a soft redirect of a removed item), is not the item's identity."""
    page = urlsplit(page_url)
    if declared and declared.strip():
        target = urljoin(page_url, declared.strip())
        parts = urlsplit(target)
        same_site = parts.scheme in ("http", "https") and _same_site(parts.hostname or "", page.hostname or "")
        if same_site and (parts.path.strip("/") or not page.path.strip("/")):
            return without_tracking(target)
    return without_tracking(page_url)


def _same_site(host: str, page_host: str) -> bool:
    a, b = host.lower().removeprefix("www."), page_host.lower().removeprefix("www.")
    return bool(a) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def platform_of(url: str) -> str:
    """The host without port or a leading "www.": the same demo site on another port is the same platform."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def canonical_path(url: str) -> str:
    """Path and sorted query, without scheme, host, port, fragment or tracking parameters."""
    parts = urlsplit(canonicalize_url(url))
    query = urlsplit(without_tracking(urlunsplit(("http", "x", "/", parts.query, "")))).query
    return urlunsplit(("", "", parts.path or "/", query, ""))


def page_key(url: str) -> str:
    """Host and canonical path: one key for one page, wherever the link to it came from."""
    return platform_of(url) + canonical_path(url)


def listing_key(url: str, site_listing_id: str = "") -> str:
    """The site's own listing id when the page gives one, else the page key."""
    return f"id:{site_listing_id}" if site_listing_id else page_key(url)


def seller_key(seller_url: str, seller_name: str) -> str:
    if seller_url:
        return page_key(seller_url)
    return "name:" + " ".join(seller_name.lower().split())
