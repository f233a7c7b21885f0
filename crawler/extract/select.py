"""CSS selection with each selector compiled once: translating CSS to XPath costs more than running it.

Selectors are translated by cssselect's own HTML translator into plain XPath 1.0. lxml's translator
turns `:contains()` into an XPath extension function, and a cached selector using it fails after a few
calls in a long-running process ("XPath function '…lower-case' not found").
"""

from __future__ import annotations

from functools import cache

from cssselect import HTMLTranslator
from lxml.etree import XPath
from lxml.html import HtmlElement

_TRANSLATOR = HTMLTranslator()


@cache
def compiled(selector: str) -> XPath:
    """The compiled selector; raises cssselect.SelectorError for a malformed one (not cached then)."""
    return XPath(_TRANSLATOR.css_to_xpath(selector))


def select(doc: HtmlElement, selector: str) -> list[HtmlElement]:
    found: list[HtmlElement] = compiled(selector)(doc)
    return found


def select_any(doc: HtmlElement, selectors: list[str]) -> bool:
    """Whether any of the selectors matches: most pages match none of a site family's selectors, and one
    grouped query is cheaper than one query per selector."""
    return bool(selectors) and bool(compiled(", ".join(selectors))(doc))
