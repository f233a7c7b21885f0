"""OFAC ``sdn.xml``: ``sdnEntry`` elements, namespace-aware (old tempuri.org and new namespaces).

``aka`` elements carry ``category`` strong|weak, which maps straight onto alias quality.
``idList`` entries of types such as Website, Email Address, Phone Number and D-U-N-S Number
fill the matching contact fields; other id types become identifiers.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from watchlists.errors import WatchlistFormatError
from watchlists.importers.common import add_alias, clean_name, clean_text, countries_from_names, unique
from watchlists.importers.types import Parsed, combine
from watchlists.importers.xml_common import child, children, items, local, parse_xml, text_of
from watchlists.model import Alias, Entity, Schema

SOURCE = "ofac-sdn"
SCHEMA_BY_TYPE: dict[str, Schema] = {"entity": "organization", "individual": "person", "vessel": "vessel"}
ID_FIELDS = {
    "website": "websites",
    "email address": "emails",
    "phone number": "phones",
    "telephone": "phones",
}
# id types that describe a person rather than identify them; kept out of identifiers
NOT_IDENTIFIERS = {"gender", "additional sanctions information -", "secondary sanctions risk:"}
AKA_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka", "": "aka"}


def _full_name(element: etree._Element) -> str:
    return clean_name(" ".join(clean_text(text_of(element, part)) for part in ("firstName", "lastName")))


def _entry(path: Path, entry: etree._Element, warnings: list[str]) -> Entity:
    line = entry.sourceline
    uid, name = clean_text(text_of(entry, "uid")), _full_name(entry)
    if not uid:
        raise WatchlistFormatError(path, line, "uid", "missing uid")
    if not name:
        raise WatchlistFormatError(path, line, "lastName", "empty name")
    where = f"{path.name}:{line}"
    aliases: list[Alias] = []
    for aka in items(entry, "akaList", "aka"):
        category = clean_text(text_of(aka, "category")).lower() or "strong"
        if category not in ("strong", "weak"):
            raise WatchlistFormatError(path, aka.sourceline, "category", f"unknown aka category {category!r}")
        kind = AKA_KINDS.get(clean_text(text_of(aka, "type")).lower(), "aka")
        add_alias(aliases, name, _full_name(aka), "weak" if category == "weak" else "strong", kind)
    fields: dict[str, list[str]] = {"websites": [], "emails": [], "phones": [], "identifiers": []}
    country_names: list[str] = []
    for id_element in items(entry, "idList", "id"):
        id_type = clean_text(text_of(id_element, "idType"))
        number = clean_text(text_of(id_element, "idNumber"))
        if not number or id_type.lower() in NOT_IDENTIFIERS:
            continue
        if id_type.lower() in ("nationality of registration", "nationality"):
            country_names.append(number)
            continue
        fields[ID_FIELDS.get(id_type.lower(), "identifiers")].append(number)
    addresses: list[str] = []
    for address in items(entry, "addressList", "address"):
        parts = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
        addresses.append(", ".join(v for v in (clean_text(text_of(address, p)) for p in parts) if v))
        country_names.append(text_of(address, "country"))
    for list_name, item in (("nationalityList", "nationality"), ("citizenshipList", "citizenship")):
        for node in items(entry, list_name, item):
            country_names.append(text_of(node, "country"))
    vessel = child(entry, "vesselInfo")
    if vessel is not None:
        country_names.append(text_of(vessel, "vesselFlag"))
    programs = [clean_text(p.text) for p in items(entry, "programList", "program")]
    return Entity(
        entity_id=uid,
        source=SOURCE,
        name=name,
        schema=SCHEMA_BY_TYPE.get(clean_text(text_of(entry, "sdnType")).lower(), "other"),
        aliases=aliases,
        identifiers=unique(fields["identifiers"]),
        phones=unique(fields["phones"]),
        emails=unique(fields["emails"]),
        websites=unique(fields["websites"]),
        addresses=unique(a for a in addresses if a),
        countries=countries_from_names(country_names, warnings, where),
        programs=unique(programs),
        topics=["sanction"],
        citation=f"OFAC SDN list, entry {uid}",
        evidence="designation",
        remarks=clean_text(text_of(entry, "remarks")),
    )


def parse_file(path: Path) -> Parsed:
    root = parse_xml(path)
    if local(root.tag) != "sdnList":
        raise WatchlistFormatError(path, root.sourceline, None, f"root is <{local(root.tag)}>, not sdnList")
    warnings: list[str] = []
    entities: dict[str, Entity] = {}
    for entry in children(root, "sdnEntry"):
        entity = _entry(path, entry, warnings)
        if entity.entity_id in entities:
            raise WatchlistFormatError(path, entry.sourceline, "uid", f"duplicate uid {entity.entity_id}")
        entities[entity.entity_id] = entity
    return Parsed(entities=list(entities.values()), source=SOURCE, warnings=warnings)


def parse(paths: list[Path]) -> Parsed:
    return combine([parse_file(path) for path in paths], SOURCE)
