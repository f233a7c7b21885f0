"""UN Security Council consolidated list XML (``INDIVIDUAL`` and ``ENTITY`` elements).

Real-world mess handled here: trailing spaces in reference numbers, line breaks inside
names, quoted aliases, empty placeholder aliases, and alias QUALITY written as "Good",
"Low", or (in older files) "a.k.a." / "f.k.a.".
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from watchlists.errors import WatchlistFormatError
from watchlists.importers.common import add_alias, clean_name, clean_text, countries_from_names, unique
from watchlists.importers.types import Parsed, combine
from watchlists.importers.xml_common import child, children, local, parse_xml, text_of
from watchlists.model import Alias, Entity, Schema

SOURCE = "un-sc"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
# QUALITY -> (alias quality, alias kind). UN marks low-quality aliases "Low"; they never match alone.
QUALITY = {
    "good": ("strong", "aka"),
    "a.k.a.": ("strong", "aka"),
    "f.k.a.": ("strong", "fka"),
    "low": ("weak", "aka"),
    "": ("strong", "aka"),
}


def _values(element: etree._Element, name: str) -> list[str]:
    return [clean_text(v.text) for node in children(element, name) for v in children(node, "VALUE")]


def _entity(path: Path, element: etree._Element, schema: Schema, warnings: list[str]) -> Entity:
    line = element.sourceline
    ref = clean_text(text_of(element, "REFERENCE_NUMBER"))
    if not ref:
        raise WatchlistFormatError(path, line, "REFERENCE_NUMBER", "missing reference number")
    name = clean_name(" ".join(clean_text(text_of(element, part)) for part in NAME_PARTS))
    if not name:
        raise WatchlistFormatError(path, line, "FIRST_NAME", "empty name")
    where = f"{path.name}:{line}"
    listed_on = clean_text(text_of(element, "LISTED_ON"))
    aliases: list[Alias] = []
    original = clean_name(text_of(element, "NAME_ORIGINAL_SCRIPT"))
    if original:
        add_alias(aliases, name, original, "strong", "original-script")
    prefix = "INDIVIDUAL" if schema == "person" else "ENTITY"
    for alias in children(element, f"{prefix}_ALIAS"):
        alias_name = clean_name(text_of(alias, "ALIAS_NAME"))
        if not alias_name:
            continue  # the list writes <ALIAS_NAME/> placeholders for "no alias"
        quality_text = clean_text(text_of(alias, "QUALITY")).lower()
        if quality_text not in QUALITY:
            reason = f"unknown alias QUALITY {quality_text!r}"
            raise WatchlistFormatError(path, alias.sourceline, "QUALITY", reason)
        quality, kind = QUALITY[quality_text]
        add_alias(aliases, name, alias_name, "weak" if quality == "weak" else "strong", kind)
    addresses: list[str] = []
    country_names: list[str] = []
    for address in children(element, f"{prefix}_ADDRESS"):
        parts = [clean_text(text_of(address, part)) for part in ADDRESS_PARTS]
        addresses.append(", ".join(p for p in parts if p))
        country_names.append(text_of(address, "COUNTRY"))
    country_names.extend(_values(element, "NATIONALITY"))
    documents = [clean_text(text_of(doc, "NUMBER")) for doc in children(element, "INDIVIDUAL_DOCUMENT")]
    return Entity(
        entity_id=ref,
        source=SOURCE,
        name=name,
        schema=schema,
        aliases=aliases,
        identifiers=unique(documents),
        addresses=unique(addresses),
        countries=countries_from_names(country_names, warnings, where),
        programs=unique([clean_text(text_of(element, "UN_LIST_TYPE"))]),
        topics=["sanction"],
        citation=f"UN Security Council consolidated list, {ref}, listed {listed_on}",
        evidence="designation",
        remarks=clean_text(text_of(element, "COMMENTS1")),
    )


def parse_file(path: Path) -> Parsed:
    root = parse_xml(path)
    if local(root.tag) != "CONSOLIDATED_LIST":
        raise WatchlistFormatError(path, root.sourceline, None, f"root <{local(root.tag)}> is not CONSOLIDATED_LIST")
    warnings: list[str] = []
    entities: list[Entity] = []
    lines: dict[str, int | None] = {}
    groups = (("INDIVIDUALS", "INDIVIDUAL", "person"), ("ENTITIES", "ENTITY", "organization"))
    for group_name, item_name, schema in groups:
        group = child(root, group_name)
        if group is None:
            continue
        for element in children(group, item_name):
            entity = _entity(path, element, schema, warnings)  # type: ignore[arg-type]
            if entity.entity_id in lines:
                reason = f"duplicate {entity.entity_id} (first on line {lines[entity.entity_id]})"
                raise WatchlistFormatError(path, element.sourceline, "REFERENCE_NUMBER", reason)
            lines[entity.entity_id] = element.sourceline
            entities.append(entity)
    return Parsed(entities=entities, source=SOURCE, warnings=warnings, lines=lines)


def parse(paths: list[Path]) -> Parsed:
    return combine([(path, parse_file(path)) for path in paths], SOURCE)
