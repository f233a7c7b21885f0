"""Recognise captcha / bot-wall responses so they never pass for product pages."""

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


def block_reason(doc: HtmlElement, html: str, url: str, title: str, visible_text: str, extra: list[str]) -> str:
    """Why this page is a block page, or "" when it is not."""
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
                    return rule.reason
            except SelectorError:
                continue
        elif rule.where == "html":
            html_lower = html_lower if html_lower is not None else html.casefold()
            if rule.value.casefold() in html_lower:
                return rule.reason
        elif rule.value.casefold() in lowered[rule.where]:
            return rule.reason
    return ""
