"""XML watchlists come from outside: their parsers must not read local files through external
entities, nor expand an entity bomb. This holds today; these tests keep it held."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers import ofac_xml, un_xml
from watchlists.importers.types import Parsed

SECRET = "TOP-SECRET-0x5EC2E7"
XML_PARSERS: dict[str, tuple[Callable[[list[Path]], Parsed], str]] = {
    "ofac-xml": (ofac_xml.parse, "sdnList"),
    "un-xml": (un_xml.parse, "CONSOLIDATED_LIST"),
}
BOMB_LEVELS = 9  # 10**9 expansions of "lol" if anything expanded it


def entry(root: str, name: str) -> str:
    if root == "sdnList":
        return (f'<sdnList xmlns="http://tempuri.org/sdnList.xsd"><sdnEntry><uid>1</uid><lastName>{name}</lastName>'
                "<sdnType>Entity</sdnType><programList><program>DPRK</program></programList>"
                "</sdnEntry></sdnList>")  # fmt: skip
    return (f"<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES><ENTITY><DATAID>1</DATAID><FIRST_NAME>{name}</FIRST_NAME>"
            "<REFERENCE_NUMBER>KPe.999</REFERENCE_NUMBER><UN_LIST_TYPE>DPRK</UN_LIST_TYPE></ENTITY></ENTITIES>"
            "</CONSOLIDATED_LIST>")  # fmt: skip


def read(parse: Callable[[list[Path]], Parsed], path: Path) -> str:
    """Everything the parser made of the file, as text; "" when it refused the file."""
    try:
        return repr(parse([path]))
    except WatchlistFormatError:
        return ""


@pytest.mark.parametrize("fmt", sorted(XML_PARSERS))
def test_external_entities_are_not_resolved(tmp_path: Path, fmt: str) -> None:
    parse, root = XML_PARSERS[fmt]
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = tmp_path / "list.xml"
    uri = secret.as_uri()
    doctype = f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{uri}"> <!ENTITY % pe SYSTEM "{uri}"> %pe;]>'
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{entry(root, "ACME &xxe; TRADING")}', encoding="utf-8")
    assert SECRET not in read(parse, path)


@pytest.mark.parametrize("fmt", sorted(XML_PARSERS))
def test_an_entity_bomb_is_not_expanded(tmp_path: Path, fmt: str) -> None:
    parse, root = XML_PARSERS[fmt]
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, BOMB_LEVELS + 1)
    ]
    path = tmp_path / "bomb.xml"
    body = entry(root, f"ACME &lol{BOMB_LEVELS}; TRADING")
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{"".join(entities)}]>\n{body}', encoding="utf-8")
    start = time.perf_counter()
    text = read(parse, path)
    assert time.perf_counter() - start < 5
    assert "lol" * 100 not in text
