"""Label/value rows (th/td, dt/dd, "Label: value" items, label elements followed by a value) -> attributes."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.values import clean_text, label_key

MAX_LABEL_CHARS = 60
MAX_VALUE_CHARS = 300
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "option", "select"}
_INLINE_LABEL = re.compile(r"^([^:：]{1,60}?)\s*[:：]\s*(.+)$")


def element_text(el: HtmlElement) -> str:
    return clean_text(" ".join(el.itertext()))


def first_text(el: HtmlElement) -> str:
    """The first visible text chunk inside an element: the value, without popovers and badges after it."""
    for node in el.iter():
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            continue
        text = clean_text(node.text)
        if text:
            return text
    return ""


def _visible(el: HtmlElement) -> bool:
    return isinstance(el.tag, str) and el.tag not in _SKIP_TAGS


def _add(pairs: dict[str, str], label: str, value: str) -> None:
    label = clean_text(label).strip(" :：")
    value = clean_text(value).strip(" :：")
    if label and value and len(label) <= MAX_LABEL_CHARS and len(value) <= MAX_VALUE_CHARS and label != value:
        pairs.setdefault(label, value)


def table_pairs(doc: HtmlElement) -> dict[str, str]:
    """Rows of spec tables, definition lists, 'Label: value' list items and Amazon's left/right grids."""
    pairs: dict[str, str] = {}
    for row in doc.iter("tr"):
        cells = [cell for cell in row if cell.tag in {"th", "td"}]
        if len(cells) == 2:
            _add(pairs, element_text(cells[0]), element_text(cells[1]))
    for term in doc.iter("dt"):
        definition = term.getnext()
        if definition is not None and definition.tag == "dd":
            _add(pairs, element_text(term), element_text(definition))
    for item in doc.iter("li"):
        text = element_text(item)
        match = _INLINE_LABEL.match(text) if len(text) <= MAX_LABEL_CHARS + MAX_VALUE_CHARS else None
        if match:
            _add(pairs, match.group(1), match.group(2))
    for left in doc.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " a-col-left ")]'):
        right = left.getnext()
        if right is not None and "a-col-right" in (right.get("class") or ""):
            _add(pairs, element_text(left), element_text(right))
    return pairs


def _value_inside(el: HtmlElement) -> str:
    """ "<p>Sold by <a>Name</a></p>": the label's own element holds the value after it."""
    for child in el:
        if not _visible(child):
            continue
        text = first_text(child)
        if text:
            return text.strip(" :：")
        tail = clean_text(child.tail)
        if tail:
            return tail.strip(" :：")
    return ""


def _following_value(el: HtmlElement, key: str) -> str:
    """Text right after a label element: its tail, or the next sibling of it or of a label-only ancestor."""
    inside = _value_inside(el)
    if inside:
        return inside
    tail = clean_text(el.tail)
    if tail and tail not in {":", "："}:
        return tail.strip(" :：")
    node: HtmlElement | None = el
    for _ in range(4):
        if node is None:
            return ""
        sibling = node.getnext()
        while sibling is not None and (not _visible(sibling) or not element_text(sibling)):
            sibling = sibling.getnext()
        if sibling is not None:
            # A header row (th th th) names columns; the next header cell is no value.
            if node.tag == "th" and sibling.tag == "th":
                return ""
            return first_text(sibling)
        parent = node.getparent()
        # Climb only while the ancestor holds nothing but the label; otherwise "next" is unrelated text.
        if parent is None or label_key(element_text(parent)) != key:
            return ""
        node = parent
    return ""


def labelled_values(doc: HtmlElement, wanted: set[str]) -> list[tuple[str, str]]:
    """(label key, value) for every element whose own text is one of the wanted labels, in page order."""
    return [(key, value) for key, value, _el in labelled_elements(doc, wanted)]


def labelled_elements(doc: HtmlElement, wanted: set[str]) -> list[tuple[str, str, HtmlElement]]:
    """(label key, value, label element), in page order: callers that weigh where a row sits need the element."""
    found: list[tuple[str, str, HtmlElement]] = []
    for el in doc.iter():
        if not _visible(el):
            continue
        own = clean_text(el.text)
        if not own or len(own) > MAX_LABEL_CHARS + MAX_VALUE_CHARS:
            continue
        key = label_key(own)
        if key in wanted and len(own) <= MAX_LABEL_CHARS + 4:
            value = _following_value(el, key)
        else:
            match = _INLINE_LABEL.match(own)
            if not match or label_key(match.group(1)) not in wanted:
                continue
            key, value = label_key(match.group(1)), match.group(2)
        value = clean_text(value)
        if value and len(value) <= MAX_VALUE_CHARS and label_key(value) not in wanted:
            found.append((key, value, el))
    return found


def field_labels() -> dict[str, set[str]]:
    """Extracted field -> label keys from labels.yml."""
    rules = config.labels()
    return {
        "origin": {label_key(x) for x in rules.origin},
        "seller_name": {label_key(x) for x in rules.seller_name},
        "seller_location": {label_key(x) for x in rules.seller_location},
        "price": {label_key(x) for x in rules.price},
        "min_order": {label_key(x) for x in rules.min_order},
        "sku": {label_key(x) for x in rules.sku},
    }


def fields_from_attributes(attributes: dict[str, str]) -> dict[str, str]:
    """origin / seller / location / MOQ / SKU (and the raw price text) named by attribute rows, first row
    per field."""
    labels = field_labels()
    found: dict[str, str] = {}
    for label, value in attributes.items():
        key = label_key(label)
        for field, keys in labels.items():
            if key in keys:
                found.setdefault(field, value)
    return found
