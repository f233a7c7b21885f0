"""Seller candidates ranked by where they sit, refused when they are no name, and the one chosen.

Every layer proposes names (structured offers, page JSON store keys, the buy box, labelled rows, advertiser
blocks). A name is refused when it is a label word, a user-interface string, a link word, sits in the
site's header/menus/footer or in another offer's box; a name that is the site's own is "the site itself",
not a third-party seller. Rules and ranks live in data/sellers.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.attributes import field_labels, labelled_elements
from crawler.extract.layer import SellerCandidate
from crawler.extract.select import select, select_any
from crawler.extract.text import is_chrome
from crawler.extract.values import clean_text, label_key

_SKIP_TAGS = {"script", "style", "noscript", "template", "option", "select", "button", "input", "svg"}
# Second-level labels under which registrable names sit ("amazon.co.uk", "olx.com.pk").
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "or", "ne", "go"}
# What may follow a site's name in its own seller line: "Amazon.com", "Amazon.com Services LLC", "Amazon EU S.à r.l.".
_SITE_SUFFIX = re.compile(
    r"^(?:com|net|org|co|uk|de|fr|es|it|jp|cn|ca|au|in|services|llc|inc|ltd|eu|sarl|sàrl|gmbh|official|store|shop|online)*$"
)


@dataclass(frozen=True)
class _Rules:
    sentences: tuple[re.Pattern[str], ...]
    sentence_block: re.Pattern[str]
    main_offer: re.Pattern[str]
    other_offer: re.Pattern[str]
    advertiser: re.Pattern[str]
    trailing: tuple[re.Pattern[str], ...]
    leading: re.Pattern[str]
    refused: frozenset[str]


@cache
def _rules() -> _Rules:
    rules = config.seller_rules()
    return _Rules(
        tuple(re.compile(pattern) for pattern in rules.sentences),
        re.compile(rules.sentence_block_pattern, re.IGNORECASE),
        re.compile(rules.main_offer_pattern, re.IGNORECASE),
        re.compile(rules.other_offer_pattern, re.IGNORECASE),
        re.compile(rules.advertiser_pattern, re.IGNORECASE),
        tuple(re.compile(pattern, re.IGNORECASE) for pattern in rules.trailing_ui),
        re.compile(rules.leading_label, re.IGNORECASE),
        frozenset(label_key(word) for word in rules.refused),
    )


@cache
def _label_words() -> frozenset[str]:
    """Every label the layer knows (sold by, seller, place of origin, MOQ ...): a label is never a name."""
    return frozenset().union(*field_labels().values())


def clean_name(raw: str) -> str:
    """Strip a leading label and trailing UI text: "Store: Rason Hair Visit Store (1,234)" -> "Rason Hair"."""
    rules = _rules()
    name = rules.leading.sub("", clean_text(raw))
    changed = True
    while changed and name:
        changed = False
        for pattern in rules.trailing:
            stripped = pattern.sub("", name)
            if stripped != name:
                name, changed = stripped.strip(), True
    return name.strip(" :：\"'“”")


def refusal(name: str) -> str:
    """Why this text is no seller name, or ""."""
    rules = config.seller_rules()
    key = label_key(name)
    if not key:
        return "empty"
    if not any(char.isalpha() for char in name):
        return "no letters"
    if len(name) > rules.max_chars or len(name.split()) > rules.max_words:
        return "too long for a name"
    if key in _label_words():
        return "a label word"
    if key in _rules().refused:
        return "a user-interface string"
    return ""


def _key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def site_keys(url: str, site_names: list[str]) -> frozenset[str]:
    """Comparable forms of the site's own name: its registrable host label ("michaelkors") and the names
    the site gives itself (og:site_name, application-name, a same-site Organization)."""
    host = (urlsplit(url).hostname or "").casefold()
    labels = [label for label in host.split(".") if label and label != "www"]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    keys = {_key(labels[-1])} if labels else set()
    keys |= {_key(name) for name in site_names if _key(name)}
    return frozenset(key for key in keys if len(key) >= 3)


def is_site_name(name: str, keys: frozenset[str]) -> bool:
    key = _key(name)
    return any(key == site or (key.startswith(site) and _SITE_SUFFIX.match(key[len(site) :])) for site in keys)


def _marks(el: HtmlElement) -> str:
    return f"{el.get('id', '')} {el.get('class', '')}"


def seller_placement(el: HtmlElement) -> tuple[str, str]:
    """Where an element sits: ("main" | "other" | "chrome" | "", the mark that decided it)."""
    return _where(el)


def _where(el: HtmlElement) -> tuple[str, str]:
    """("main" | "other" | "chrome" | "", the mark that decided it) from the element and its ancestors."""
    rules = _rules()
    levels = config.seller_rules().ancestor_levels
    for level, node in enumerate([el, *el.iterancestors()]):
        if not isinstance(node.tag, str):
            continue
        if is_chrome(node):
            return "chrome", node.tag
        if level > levels:
            continue
        marks = _marks(node)
        if rules.other_offer.search(marks):
            return "other", marks.strip()
        if rules.main_offer.search(marks):
            return "main", marks.strip()
    return "", ""


def _describe(el: HtmlElement) -> str:
    if el.get("id"):
        return f"#{el.get('id')}"
    classes = (el.get("class") or "").split()
    return f"{el.tag}.{classes[0]}" if classes else str(el.tag)


_ABBREVIATION = re.compile(r"(?i)\b(?:co|ltd|inc|corp|llc|bhd|pte|gmbh|s\.a|s\.l|plc)$")
SENTENCE_MAX_CHARS = 300  # longer blocks are whole offer boxes, not one "sold by" sentence


def _short_text(el: HtmlElement, limit: int) -> str | None:
    """The element's text, or None as soon as it runs past `limit` characters (big containers are skipped
    without reading them whole)."""
    parts, size = [], 0
    for text in el.itertext():
        size += len(text)
        if size > limit * 4:
            return None
        parts.append(text)
    cleaned = clean_text(" ".join(parts))
    return cleaned if len(cleaned) <= limit else None


def _texts(el: HtmlElement) -> list[str]:
    """The element's visible text chunks in order (a name, then badges and buttons)."""
    chunks = []
    for node in el.iter():
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            continue
        for text in (node.text, *(child.tail for child in node)):
            cleaned = clean_text(text)
            if cleaned:
                chunks.append(cleaned)
    return chunks


def _link_of(el: HtmlElement, page_url: str) -> str:
    anchor = el if el.tag == "a" else el.find(".//a[@href]")
    if anchor is None:
        anchor = next((a for a in el.iterancestors("a") if a.get("href")), None)
    href = anchor.get("href") if anchor is not None else None
    return urljoin(page_url, href) if href and not href.startswith(("#", "javascript:")) else ""


class _Collector:
    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self.found: list[SellerCandidate] = []
        self.positions: dict[HtmlElement, int] = {}

    def position(self, el: HtmlElement) -> int:
        return self.positions.get(el, 0)

    def add(self, name: str, el: HtmlElement, how: str, rank: int, url: str = "") -> None:
        ranks = config.seller_rules().ranks
        where, mark = _where(el)
        refused = {"chrome": f"in the site's {mark}", "other": f"in another offer's box ({mark[:40]})"}.get(where, "")
        if where == "main" and rank > ranks.buy_box:
            rank, how = ranks.buy_box, f"main offer block ({mark[:40]}): {how}"
        cleaned = clean_name(name)
        refused = refused or refusal(cleaned)
        self.found.append(
            SellerCandidate(
                cleaned or clean_text(name), how, rank, self.position(el), url or _link_of(el, self.page_url), refused
            )
        )


def dom_candidates(
    doc: HtmlElement, page_url: str, rows: list[tuple[str, str, HtmlElement]] | None = None
) -> list[SellerCandidate]:
    """Seller candidates read from the visible page, each with where it sits (refused ones included).
    rows: the page's seller-labelled rows when the caller already read them (labelled_elements)."""
    rules = config.seller_rules()
    compiled = _rules()
    collector = _Collector(page_url)
    body = doc.find("body")
    if body is None:
        return []
    collector.positions = {el: n for n, el in enumerate(body.iter()) if isinstance(el.tag, str)}
    # "Sold by …" sentences in seller/merchant/buy-box blocks.
    seen: set[str] = set()
    for el in body.iter():
        if not isinstance(el.tag, str) or not compiled.sentence_block.search(_marks(el)):
            continue
        text = _short_text(el, SENTENCE_MAX_CHARS)
        if text is None or text in seen:
            continue
        seen.add(text)
        for pattern in compiled.sentences:
            match = pattern.search(text)
            # A repeated "sold by" means a popover copy, not one sentence.
            if match and "sold by" not in match.group(1).casefold():
                how = f"'sold by' sentence ({_describe(el)})"
                name = match.group(1)
                # The sentence ends at a full stop, but "Co." and "Ltd." keep theirs.
                if text[match.end(1) : match.end(1) + 1] == "." and _ABBREVIATION.search(name):
                    name += "."
                collector.add(name, el, how, rules.ranks.labelled_row)
                break
    # Labelled rows: "Seller: …", "Supplier | …", "Company: …".
    if rows is None:
        rows = labelled_elements(doc, field_labels()["seller_name"])
    for key, value, el in rows:
        collector.add(value, el, f"labelled row '{key}'", rules.ranks.labelled_row)
    # Elements whose class/id name a seller, store or company name.
    if select_any(doc, rules.name_selectors):
        for selector in rules.name_selectors:
            for el in select(doc, selector):
                chunks = _texts(el)
                if chunks:
                    collector.add(chunks[0], el, f"seller element {selector}", rules.ranks.seller_element)
    # Classifieds: the advertiser block.
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS or not compiled.advertiser.search(_marks(el)):
            continue
        for chunk in _texts(el)[:4]:
            name = clean_name(chunk)
            if name and not refusal(name):
                collector.add(chunk, el, f"advertiser block ({_describe(el)})", rules.ranks.advertiser)
                break
    return collector.found


@dataclass
class SellerChoice:
    name: str = ""
    url: str = ""
    source: str = ""  # where the chosen name came from, for `extract` and `hits show`
    is_site: bool = False  # the best-placed name is the site itself (Amazon selling on Amazon)
    considered: list[str] = field(default_factory=list)  # every candidate and its verdict, best first


def choose(candidates: list[SellerCandidate], keys: frozenset[str]) -> SellerChoice:
    choice = SellerChoice()
    for candidate in sorted(candidates, key=lambda c: (c.rank, c.position)):
        verdict = candidate.refused or refusal(candidate.name)
        site = not verdict and is_site_name(candidate.name, keys)
        if site:
            verdict = "the site itself"
        if not choice.source and (not verdict or site):
            choice.source = candidate.source + (" (the site itself)" if site else "")
            choice.is_site = site
            if not site:
                choice.name, choice.url = candidate.name, candidate.url
            verdict = verdict or "chosen"
        if len(choice.considered) < 12:
            choice.considered.append(f"{candidate.name!r} from {candidate.source}: {verdict or 'lower placed'}")
    return choice
