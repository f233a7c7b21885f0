from __future__ import annotations

import pytest

from matchers.contacts import ContactIndex, host_of, path_of, phone_digits
from matchers.rules import Rules
from matchers.types import ScreenInput
from watchlists.model import Entity

LISTED = Entity(
    entity_id="E1",
    source="test-list",
    name="Example Trading Co",
    phones=["+86 136 2158 3465"],
    emails=["Sales@Example-Trade.cn"],
    websites=["https://www.example-trade.cn/en/"],
    identifiers=["91210600MA0Y123456"],
)


@pytest.fixture(scope="module")
def contacts(rules: Rules) -> ContactIndex:
    return ContactIndex([LISTED], rules.contacts)


@pytest.mark.parametrize(
    "value",
    [
        "+850 2 381 8221",
        "+850-2-381-8221",
        "00850 2 18111 8204",
        "0085023818208",
        "(850) 2-18111-8204",
        "+8502 3818221",
    ],
)
def test_north_korean_numbers(contacts: ContactIndex, value: str) -> None:
    reasons = contacts.match(ScreenInput(contacts=(value,)))
    assert [r.rule for r in reasons] == ["contact.nk_phone"]


@pytest.mark.parametrize(
    "value", ["(850) 555-0142", "(850) 224-1234", "+852 2381 8221", "Price 850 USD", "tel 0850 123 4567"]
)
def test_lookalike_numbers(contacts: ContactIndex, value: str) -> None:
    assert contacts.match(ScreenInput(description=value)) == []


def test_kp_domains_in_email_url_and_text(contacts: ContactIndex) -> None:
    listing = ScreenInput(
        contacts=("trade@silibank.net.kp",),
        seller_url="http://www.naenara.com.kp/trade",
        description="see kcna.kp",
    )
    hosts = sorted(r.matched_text for r in contacts.match(listing))
    assert hosts == ["kcna.kp", "naenara.com.kp", "silibank.net.kp"]
    assert contacts.match(ScreenInput(contacts=("sales@kpwigs.com", "www.kp-hair.com"))) == []


def test_watchlisted_contacts_carry_entity(contacts: ContactIndex) -> None:
    listing = ScreenInput(
        contacts=("sales@example-trade.cn", "+86-136-2158-3465"),
        seller_url="http://example-trade.cn/shop?id=3",
        description="USCC 91210600MA0Y123456",
    )
    reasons = contacts.match(listing)
    assert {r.rule for r in reasons} == {
        "contact.watchlist_email",
        "contact.watchlist_phone",
        "contact.watchlist_website",
        "contact.watchlist_identifier",
    }
    assert all(r.entity_id == "E1" and r.source == "test-list" for r in reasons)


def test_normalizers() -> None:
    assert phone_digits("+850 (2) 381-8221") == "85023818221"
    assert phone_digits("00850 2 381") == "8502381"
    assert host_of("HTTPS://WWW.Example.kp/path?q=1") == "example.kp"


STOREFRONT = Entity(
    entity_id="E2",
    source="test-list",
    name="Storefront Trading",
    phones=["+86 415 3141234"],
    websites=["https://www.alibaba.com/company/storefront-trading"],
)


@pytest.fixture(scope="module")
def with_storefront(rules: Rules) -> ContactIndex:
    return ContactIndex([LISTED, STOREFRONT], rules.contacts)


def test_storefront_website_matches_only_its_own_pages(with_storefront: ContactIndex) -> None:
    other_shop = ScreenInput(seller_url="https://www.alibaba.com/company/another-shop")
    assert with_storefront.match(other_shop) == []
    own_page = ScreenInput(seller_url="https://alibaba.com/company/Storefront-Trading/products?page=2")
    (reason,) = with_storefront.match(own_page)
    assert reason.entity_id == "E2"
    assert reason.matched_text == "alibaba.com/company/storefront-trading/products"


def test_website_listed_without_path_matches_the_whole_site(with_storefront: ContactIndex) -> None:
    # LISTED's website is "example-trade.cn/en/": a language page is the site's root.
    (reason,) = with_storefront.match(ScreenInput(description="see example-trade.cn/contact"))
    assert reason.entity_id == "E1"


def test_listing_url_is_not_a_contact(with_storefront: ContactIndex) -> None:
    crawled = ScreenInput(url="https://www.alibaba.com/company/storefront-trading/item/1.html")
    assert with_storefront.match(crawled) == []


@pytest.mark.parametrize(
    "text", ["+86 415 3141234 2024", "2024 +86 415 3141234", "Tel: 86 415 3141234 / 10 pcs", "+86-415-3141234"]
)
def test_listed_phone_beside_other_numbers(with_storefront: ContactIndex, text: str) -> None:
    reasons = with_storefront.match(ScreenInput(description=text))
    assert [r.entity_id for r in reasons] == ["E2"]
    assert phone_digits(reasons[0].matched_text) == "864153141234"


def test_path_of() -> None:
    assert path_of("https://X.cn/Company/Ab/?q=1#top") == ("company", "ab")
    assert path_of("https://x.cn/en/", frozenset({"en"})) == ()
