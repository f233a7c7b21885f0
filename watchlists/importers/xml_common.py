"""Reading an XML list with lxml so a malformed or truncated file fails with its line."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from watchlists.errors import WatchlistFormatError


def parse_xml(path: Path) -> etree._Element:
    # no network, no entity expansion: these files come from outside
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise WatchlistFormatError(path, line, None, f"malformed XML: {exc.msg}") from exc


def local(tag: object) -> str:
    """Tag name without namespace ("{ns}sdnEntry" -> "sdnEntry")."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def child(element: etree._Element, name: str) -> etree._Element | None:
    for node in element:
        if local(node.tag) == name:
            return node
    return None


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [node for node in element if local(node.tag) == name]


def text_of(element: etree._Element, name: str) -> str:
    node = child(element, name)
    return (node.text or "") if node is not None else ""


def items(element: etree._Element, list_name: str, item: str) -> list[etree._Element]:
    """Children named ``item`` of the child list ``list_name`` (empty when the list is absent)."""
    container = child(element, list_name)
    return [] if container is None else children(container, item)
