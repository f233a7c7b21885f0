"""Natural keys: which platform a page belongs to, which listing and which seller it is.

Keys keep the host (suppliers on `<company>.en.alibaba.com` share paths such as
`/company_profile.html`) but not the scheme, port or fragment, and drop query parameters that only
track how the visitor arrived, so one item reached through two links is one listing.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that say how a visitor arrived (or from which product they came to a seller page),
# never which item or seller a page shows.
TRACKING_PARAM = re.compile(
    r"^(utm_\w+|_trk\w*|_trksid|hash|spm|scm|pvid|algo_\w+|ref|ref_|pf_rd_\w+|pd_rd_\w+|qid|sr|"
    r"gclid|fbclid|src|from|_from|source|tracelog|clickid|aff_\w+|aff|sk|keywords?|search_?key|"
    r"ie|asin|isamazonfulfilled|ismerchantexclusive|marketplaceid)$",
    re.IGNORECASE,
)


def platform_of(url: str) -> str:
    """The host without port or a leading "www.": the same demo site on another port is the same platform."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def canonical_path(url: str) -> str:
    """Path and sorted query, without scheme, host, port, fragment or tracking parameters."""
    parts = urlsplit(canonicalize_url(url))
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM.match(k)]
    )
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
