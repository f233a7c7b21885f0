"""Contact details that point at North Korea or at a watchlist entity."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matchers.rules import ContactRules
from matchers.types import Reason, ScreenInput
from watchlists.model import Entity

# An international North Korean number: +850, 00850 or "(850)", then 6+ digits in any spacing.
_NK_PHONE = re.compile(r"(?:\+\s*850|(?<!\d)00\s*850|\(\s*\+?850\s*\))[\s.\-/]*\d(?:[\s.\-/()]*\d){5,}")
# "(850) 555-0123": the North-American format of Florida's area code 850, not North Korea.
_US_850 = re.compile(r"^\(\s*850\s*\)\s*[2-9]\d{2}[\s.\-]?\d{4}$")
_EMAIL = re.compile(r"[\w.+\-]+@((?:[\w\-]+\.)+[a-z]{2,})", re.IGNORECASE)
_HOST = re.compile(
    r"(?<![\w@.\-])(?:https?://)?((?:[a-z0-9\-]+\.)+[a-z]{2,})(?![\w\-])(/[^\s?#\"'<>]*)?", re.IGNORECASE
)
_PHONE_RUN = re.compile(r"\+?\d[\d\s.\-/()]{6,}\d")
# "+86 415 3141234 2024": a run of digit groups may hold a number and then a year or a price, so each
# run of space-separated groups inside it is looked up too (at most this many groups long).
_MAX_PHONE_GROUPS = 6
_DIGITS = re.compile(r"\D")
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/]{4,}[A-Za-z0-9]")
_SCHEME = re.compile(r"^[a-z]+://")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def _digit_table() -> dict[int, str]:
    # Every decimal digit of any script ("８", "٨") as its ASCII digit, and the full-width phone
    # punctuation as ASCII: one character for one, so positions stay those of the original text.
    table = {
        c: str(unicodedata.digit(chr(c)))
        for c in range(0x80, sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Nd"
    }
    punctuation = {"＋": "+", "（": "(", "）": ")", "－": "-", "．": ".", "／": "/", "　": " "}
    table.update({ord(k): v for k, v in punctuation.items()})
    return table


_CANONICAL_DIGITS = _digit_table()


def canonical_digits(text: str) -> str:
    """``text`` with every digit in ASCII and full-width phone punctuation plain, same length."""
    return text if text.isascii() else text.translate(_CANONICAL_DIGITS)


def phone_digits(value: str) -> str:
    digits = _DIGITS.sub("", value)
    return digits[2:] if digits.startswith("00") else digits


def host_of(value: str) -> str:
    """Lower-case host without scheme, path or "www." ("https://WWW.Example.kp/a" -> "example.kp")."""
    host = _SCHEME.sub("", value.strip().lower()).split("/")[0].split("?")[0].split(":")[0]
    return host.removeprefix("www.").rstrip(".")


def path_of(value: str, root_segments: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Lower-case path segments without query or fragment; a site's root pages (``root_segments``:
    "/en/", "/index.html") count as no path ("https://x.cn/Company/Ab/?q" -> ("company", "ab"))."""
    rest = _SCHEME.sub("", value.strip().lower()).split("#")[0].split("?")[0]
    segments = tuple(s for s in rest.split("/")[1:] if s)
    return () if all(s in root_segments for s in segments) else segments


def _identifier_key(value: str) -> str:
    return _NOT_ALNUM.sub("", value.lower())


@dataclass(frozen=True)
class _Owner:
    entity_id: str
    source: str
    name: str


class ContactIndex:
    """Hash lookups built once from the watchlist, so screening never loops over entities."""

    def __init__(self, entities: Sequence[Entity], rules: ContactRules) -> None:
        self._rules = rules
        self._phones: dict[str, list[_Owner]] = {}
        self._emails: dict[str, list[_Owner]] = {}
        # host -> (path, owner): a website with a path (a storefront, "alibaba.com/company/x") matches
        # only URLs under that path; one without matches the whole host.
        self._hosts: dict[str, list[tuple[tuple[str, ...], _Owner]]] = {}
        self._root_segments = frozenset(s.lower() for s in rules.root_path_segments)
        self._identifiers: dict[str, list[_Owner]] = {}
        for entity in entities:
            owner = _Owner(entity.entity_id, entity.source, entity.name)
            for phone in entity.phones:
                digits = phone_digits(phone)
                if len(digits) >= rules.min_phone_digits:
                    self._phones.setdefault(digits, []).append(owner)
            for email in entity.emails:
                self._emails.setdefault(email.strip().lower(), []).append(owner)
            for site in entity.websites:
                if host_of(site):
                    path = path_of(site, self._root_segments)
                    self._hosts.setdefault(host_of(site), []).append((path, owner))
            for ident in entity.identifiers:
                key = _identifier_key(ident)
                if len(key) >= rules.min_identifier_length:
                    self._identifiers.setdefault(key, []).append(owner)

    def match(self, listing: ScreenInput) -> list[Reason]:
        reasons: list[Reason] = []
        for field, original in _fields(listing):
            text = canonical_digits(original)
            found = [*self._nk_phones(text, field), *self._kp_hosts(text, field), *self._watchlisted(text, field)]
            if text is not original:
                # Same length as the original: report the number as the listing wrote it.
                found = [_as_written(r, text, original) for r in found]
            reasons.extend(found)
        return reasons

    def _nk_phones(self, text: str, field: str) -> Iterable[Reason]:
        for found in _NK_PHONE.finditer(text):
            number = found.group(0).strip()
            if _US_850.match(number):
                continue
            yield Reason(
                kind="contact",
                score=self._rules.nk_phone_score,
                detail=f'North Korean phone number "{number}" (country code +850)',
                matched_text=number,
                rule="contact.nk_phone",
                source="rules",
                field=field,
            )

    def _kp_hosts(self, text: str, field: str) -> Iterable[Reason]:
        lowered = text.lower()
        if ".kp" not in lowered:
            return
        hosts = {host_of(m.group(1)) for m in _EMAIL.finditer(lowered)}
        hosts |= {host_of(m.group(1)) for m in _HOST.finditer(lowered)}
        for host in sorted(hosts):
            if host.endswith(".kp"):
                yield Reason(
                    kind="contact",
                    score=self._rules.kp_domain_score,
                    detail=f'North Korean internet domain "{host}" (.kp)',
                    matched_text=host,
                    rule="contact.kp_domain",
                    source="rules",
                    field=field,
                )

    def _watchlisted(self, text: str, field: str) -> Iterable[Reason]:
        r = self._rules
        candidates: list[tuple[str, str, list[_Owner], float, str]] = []
        if self._emails:
            for m in _EMAIL.finditer(text):
                email = m.group(0).lower()
                candidates.append(("e-mail", email, self._emails.get(email, []), r.watchlist_email_score, "email"))
        if self._hosts:
            for m in _HOST.finditer(text):
                host = host_of(m.group(1))
                path = path_of("/" + (m.group(2) or ""))
                owners = [o for p, o in self._hosts.get(host, []) if path[: len(p)] == p]
                shown = host + "/" + "/".join(path) if path and owners else host
                candidates.append(("website", shown.rstrip("/"), owners, r.watchlist_website_score, "website"))
        if self._phones:
            for m in _PHONE_RUN.finditer(text):
                for number in self._phone_candidates(m.group(0)):
                    owners = self._phones.get(phone_digits(number), [])
                    candidates.append(("phone", number, owners, r.watchlist_phone_score, "phone"))
        if self._identifiers:
            for token in _IDENTIFIER.findall(text):
                owners = self._identifiers.get(_identifier_key(token), [])
                candidates.append(("identifier", token, owners, r.watchlist_identifier_score, "identifier"))
        for what, value, owners, score, rule in candidates:
            for owner in owners:
                yield Reason(
                    kind="contact",
                    score=score,
                    detail=f'{what} "{value}" is listed for {owner.name} ({owner.source} {owner.entity_id})',
                    matched_text=value,
                    rule=f"contact.watchlist_{rule}",
                    entity_id=owner.entity_id,
                    source=owner.source,
                    field=field,
                )

    def _phone_candidates(self, run: str) -> list[str]:
        """The whole digit run, or, when that is not listed, the longest runs of its space-separated
        groups that are (one per number)."""
        whole = run.strip()
        if phone_digits(whole) in self._phones:
            return [whole]
        groups = whole.split()
        found: dict[str, str] = {}
        for size in range(min(len(groups) - 1, _MAX_PHONE_GROUPS), 0, -1):
            for start in range(len(groups) - size + 1):
                number = " ".join(groups[start : start + size])
                digits = phone_digits(number)
                if len(digits) >= self._rules.min_phone_digits and digits in self._phones:
                    found.setdefault(digits, number)
        return [whole, *found.values()]


def _as_written(reason: Reason, text: str, original: str) -> Reason:
    index = text.find(reason.matched_text)
    if index < 0:
        return reason
    written = original[index : index + len(reason.matched_text)]
    return Reason(**{**reason.to_dict(), "matched_text": written})


def _fields(listing: ScreenInput) -> list[tuple[str, str]]:
    # Not the listing's own ``url``: that is where it was crawled (a marketplace), not a contact.
    fields = [(f"contacts[{i}]", c) for i, c in enumerate(listing.contacts)]
    fields += [("seller_url", listing.seller_url), ("description", listing.description)]
    fields += [("title", listing.title), ("seller_location", listing.seller_location)]
    fields += [(f"attributes.{k}", v) for k, v in listing.attributes.items()]
    return [(f, t) for f, t in fields if t]
