"""Recognise captcha / bot-wall responses so they never pass for product pages.

A block is a page without the content asked for, not any page with a captcha widget: shops keep invisible
captchas on ordinary pages, and 1688 lays a slider-captcha iframe over a complete product page. A marker
on the URL or the <title> says the whole response is a block; a marker inside the page (a selector, a
phrase, a snippet of markup) only counts when the product content is missing (see `is_block`).
"""

from __future__ import annotations

from cssselect import SelectorError
from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.select import select


def hint_markers(markers: list[str]) -> list[config.BlockMarkerRule]:
    """Site-profile markers: "css:<selector>", "url:<substring>", "html:<substring>", else visible text."""
    rules = []
    for marker in markers:
        where, _, value = marker.partition(":")
        if where in {"css", "url", "html", "title"} and value:
            rules.append(config.BlockMarkerRule(where=where, value=value, reason=f"site marker {marker!r}"))  # type: ignore[arg-type]
        else:
            rules.append(config.BlockMarkerRule(where="text", value=marker, reason=f"site marker {marker!r}"))
    return rules


# Where a marker speaks for the whole response, whatever else the page holds.
DECISIVE = frozenset({"url", "title"})


def block_reason(doc: HtmlElement, html: str, url: str, title: str, visible_text: str, extra: list[str]) -> str:
    """The first block marker the page carries, or "". Whether it makes a block is `is_block`'s call."""
    return block_marker(doc, html, url, title, visible_text, extra)[0]


def is_block(marker_where: str, has_content: bool) -> bool:
    """A decisive marker (URL, title) always blocks; an in-page marker only where the content is missing."""
    return marker_where in DECISIVE or not has_content


def block_marker(
    doc: HtmlElement, html: str, url: str, title: str, visible_text: str, extra: list[str]
) -> tuple[str, str]:
    """(reason, where the marker was found) of the first marker the page carries, or ("", "")."""
    rules = config.block_rules()
    lowered = {
        "url": url.casefold(),
        "title": title.casefold(),
        "text": visible_text.casefold(),
        "short_text": visible_text.casefold() if len(visible_text) < rules.short_text_chars else "",
    }
    html_lower: str | None = None
    for rule in [*hint_markers(extra), *rules.markers]:
        if rule.where == "css":
            try:
                if select(doc, rule.value):
                    return rule.reason, rule.where
            except SelectorError:
                continue
        elif rule.where == "html":
            html_lower = html_lower if html_lower is not None else html.casefold()
            if rule.value.casefold() in html_lower:
                return rule.reason, rule.where
        elif rule.value.casefold() in lowered[rule.where]:
            return rule.reason, rule.where
    return "", ""
