from __future__ import annotations

from crawler.extract.contacts import find_contacts


def test_phones_emails_websites() -> None:
    text = (
        "Contact kim [at] silk-road [dot] kp or sales@dandong-hair.cn. Tel: +850 2 381 8111, "
        "WhatsApp +86 139 0415 0000, 电话：0415-3123456. Visit www.dandong-hair.cn — "
        "more at https://www.alibaba.com/trade"
    )
    found = find_contacts(text, "https://www.alibaba.com/product-detail/x_1.html")
    assert "kim@silk-road.kp" in found
    assert "sales@dandong-hair.cn" in found
    assert "+850 2 381 8111" in found
    assert "+86 139 0415 0000" in found
    assert "0415-3123456" in found
    assert "www.dandong-hair.cn" in found
    assert not any("alibaba.com" in item for item in found)


def test_prices_and_years_are_not_phones() -> None:
    assert find_contacts("Price US$ 1,250.00 per 100 pieces, established 2009") == []
