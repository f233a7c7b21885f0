"""The visible text of a page, whole and without its chrome (header, menus, footer), in one walk."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from crawler.extract.values import clean_text

_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})
# Site chrome: every page of a B2B site carries "Trade Leads" / "Buying Requests" in its menu, so words
# there say nothing about the page itself.
CHROME_TAGS = frozenset({"header", "nav", "footer"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo"})
# Older pages (most B2B boards) mark their chrome by id or class instead: <div id="header">, <ul class="nav">.
CHROME_MARKS = frozenset({
    "header", "footer", "nav", "navbar", "navigation", "topbar", "top-bar", "site-header", "site-footer",
    "global-header", "global-footer", "global-nav", "top-nav", "topnav", "main-nav", "mainnav", "menubar",
    "menu-bar", "masthead", "page-header", "page-footer",
})  # fmt: skip


@dataclass(frozen=True)
class PageText:
    visible: str  # everything a reader sees in <body>
    main: str  # the same without header, navigation and footer


def is_chrome(el: HtmlElement) -> bool:
    if el.tag in CHROME_TAGS or el.get("role") in CHROME_ROLES:
        return True
    marks = el.get("id"), el.get("class")
    return any(mark and not CHROME_MARKS.isdisjoint(mark.casefold().split()) for mark in marks)


def page_text(doc: HtmlElement) -> PageText:
    body = doc.find("body")
    visible: list[str] = []
    main: list[str] = []
    # Iterative walk in document order; a string on the stack is a tail, kept with its parent's context.
    stack: list[tuple[HtmlElement | str, bool]] = [(body, False)] if body is not None else []
    while stack:
        node, in_chrome = stack.pop()
        if isinstance(node, str):
            text = node
        elif not isinstance(node.tag, str) or node.tag in _INVISIBLE_TAGS:
            continue
        else:
            in_chrome = in_chrome or is_chrome(node)
            for child in reversed(node):
                if child.tail:
                    stack.append((child.tail, in_chrome))
                stack.append((child, in_chrome))
            text = node.text or ""
        if text:
            visible.append(text)
            if not in_chrome:
                main.append(text)
    return PageText(clean_text(" ".join(visible)), clean_text(" ".join(main)))
