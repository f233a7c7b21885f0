"""CSS selection with each selector compiled once: translating CSS to XPath costs more than running it."""

from __future__ import annotations

from functools import cache

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement


@cache
def compiled(selector: str) -> CSSSelector:
    """The compiled selector; raises cssselect.SelectorError for a malformed one (not cached then)."""
    return CSSSelector(selector, translator="html")


def select(doc: HtmlElement, selector: str) -> list[HtmlElement]:
    found: list[HtmlElement] = compiled(selector)(doc)
    return found


def select_any(doc: HtmlElement, selectors: list[str]) -> bool:
    """Whether any of the selectors matches: most pages match none of a site family's selectors, and one
    grouped query is cheaper than one query per selector."""
    return bool(selectors) and bool(compiled(", ".join(selectors))(doc))
