"""Phones, e-mails (also "name [at] host [dot] com") and websites printed in a page's visible text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![A-Za-z])")
_AT = r"\s*(?:@|\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\s+at\s+)\s*"
_DOT = r"\s*(?:\.|\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|\s+dot\s+)\s*"
_OBFUSCATED_EMAIL = re.compile(rf"([\w.+-]+){_AT}([\w-]+(?:{_DOT}[\w-]+)*){_DOT}([A-Za-z]{{2,6}})\b", re.IGNORECASE)
# International numbers (+850 DPRK, +86 China ...) anywhere; national numbers only after a phone label.
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}[\s.()/-]*(?:\d[\s.()/-]*){6,14}\d")
_LABELLED_PHONE = re.compile(
    r"(?:tel|phone|telephone|mobile|mob|cell|fax|whatsapp|wechat|电话|手机|联系电话|座机|传真|전화|휴대폰|電話)"
    r"\.?\s*[:：]?\s*((?:\(?\+?\d[\d\s().-]{6,20}\d))",
    re.IGNORECASE,
)
_WEBSITE = re.compile(r"\b(?:https?://|www\.)[\w.-]+\.[a-z]{2,}(?:/[^\s<>\"']*)?", re.IGNORECASE)


def _digits(phone: str) -> int:
    return sum(char.isdigit() for char in phone)


def find_contacts(text: str, page_url: str = "") -> list[str]:
    """Contacts in reading order, each once, as printed (obfuscated e-mails are restored)."""
    found: list[tuple[int, str]] = []
    emails: set[str] = set()
    for match in _EMAIL.finditer(text):
        emails.add(match.group().lower())
        found.append((match.start(), match.group()))
    for match in _OBFUSCATED_EMAIL.finditer(text):
        if "@" in match.group():
            continue  # plain addresses are matched above, with a stricter pattern
        domain = re.sub(_DOT, ".", match.group(2), flags=re.IGNORECASE)
        address = f"{match.group(1)}@{domain}.{match.group(3)}"
        if address.lower() not in emails:
            emails.add(address.lower())
            found.append((match.start(), address))
    phones: set[str] = set()
    candidates = [(m.start(), m.group()) for m in _INTERNATIONAL_PHONE.finditer(text)]
    candidates += [(m.start(1), m.group(1)) for m in _LABELLED_PHONE.finditer(text)]
    for start, raw in candidates:
        phone = " ".join(raw.split()).strip(" .-/")
        key = re.sub(r"\D", "", phone)
        if 7 <= _digits(phone) <= 15 and not any(key in seen or seen in key for seen in phones):
            phones.add(key)
            found.append((start, phone))
    own_host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    for match in _WEBSITE.finditer(text):
        url = match.group().rstrip(".,;)")
        host = (urlsplit(url if "://" in url else "http://" + url).hostname or "").removeprefix("www.")
        if host and own_host and (host == own_host or host.endswith("." + own_host)):
            continue  # the marketplace's own address is not the seller's contact
        if not any(url.lower() in email for email in emails):
            found.append((match.start(), url))
    seen: set[str] = set()
    ordered: list[str] = []
    for _, value in sorted(found):
        if value.lower() not in seen:
            seen.add(value.lower())
            ordered.append(value)
    return ordered
