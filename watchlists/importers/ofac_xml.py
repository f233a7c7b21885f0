"""OFAC ``sdn.xml``: ``sdnEntry`` elements, namespace-aware (old tempuri.org and new namespaces).

``aka`` elements carry ``category`` strong|weak, which maps straight onto alias quality, and a
``type`` a.k.a./f.k.a./n.k.a. ``idList`` entries are read by the table in ``ofac_id_types.yml``:
identifiers, contact fields, countries, or known descriptive types that are dropped. An id or
aka type the table does not know is a warning, never a guess.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from watchlists.datafile import StrictModel, load_yaml
from watchlists.errors import WatchlistFormatError
from watchlists.importers.common import add_alias, clean_name, clean_text, countries_from_names, unique
from watchlists.importers.types import Parsed, combine
from watchlists.importers.xml_common import child, children, items, local, parse_xml, text_of
from watchlists.model import Alias, Entity, Schema

SOURCE = "ofac-sdn"
ID_TYPES_FILE = Path(__file__).with_name("ofac_id_types.yml")
SCHEMA_BY_TYPE: dict[str, Schema] = {
    "entity": "organization",
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
# an aka without a type is a plain a.k.a. in OFAC's own schema (the element is optional)
AKA_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka", "": "aka"}


class IdTypes(StrictModel):
    identifier: list[str]
    website: list[str]
    email: list[str]
    phone: list[str]
    country: list[str]
    ignore: list[str]

    def by_type(self) -> dict[str, str]:
        """Normalised id type -> where its value goes ("identifier", "website", ..., "ignore")."""
        table: dict[str, str] = {}
        for target, names in self.model_dump().items():
            for name in names:
                table[id_type_key(name)] = target
        return table


def id_type_key(id_type: str) -> str:
    return clean_text(id_type).rstrip(":-").strip().casefold()


@cache
def id_type_table() -> dict[str, str]:
    return load_yaml(ID_TYPES_FILE, IdTypes).by_type()


def _full_name(element: etree._Element) -> str:
    return clean_name(" ".join(clean_text(text_of(element, part)) for part in ("firstName", "lastName")))


def _aliases(path: Path, entry: etree._Element, name: str, warnings: list[str]) -> list[Alias]:
    aliases: list[Alias] = []
    for aka in items(entry, "akaList", "aka"):
        category = clean_text(text_of(aka, "category")).lower() or "strong"
        if category not in ("strong", "weak"):
            raise WatchlistFormatError(path, aka.sourceline, "category", f"unknown aka category {category!r}")
        aka_type = clean_text(text_of(aka, "type"))
        kind = AKA_KINDS.get(aka_type.lower())
        if kind is None:
            # the name is still OFAC's; keep it under OFAC's own word for the type
            warnings.append(f"{path.name}:{aka.sourceline}: unknown aka type {aka_type!r}; kept as kind {aka_type!r}")
            kind = aka_type
        add_alias(aliases, name, _full_name(aka), "weak" if category == "weak" else "strong", kind)
    return aliases


def _entry(path: Path, entry: etree._Element, warnings: list[str]) -> Entity:
    line = entry.sourceline
    uid, name = clean_text(text_of(entry, "uid")), _full_name(entry)
    if not uid:
        raise WatchlistFormatError(path, line, "uid", "missing uid")
    if not name:
        raise WatchlistFormatError(path, line, "lastName", "empty name")
    where = f"{path.name}:{line}"
    fields: dict[str, list[str]] = {"website": [], "email": [], "phone": [], "identifier": [], "country": []}
    table = id_type_table()
    for id_element in items(entry, "idList", "id"):
        id_type = clean_text(text_of(id_element, "idType"))
        number = clean_text(text_of(id_element, "idNumber"))
        target = table.get(id_type_key(id_type))
        if target is None:
            warnings.append(
                f"{path.name}:{id_element.sourceline}: unknown idType {id_type!r} (value {number!r} not imported;"
                f" add the type to {ID_TYPES_FILE.name})"
            )
        elif number and target != "ignore":
            fields[target].append(number)
    addresses: list[str] = []
    country_names = fields["country"]
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
        aliases=_aliases(path, entry, name, warnings),
        identifiers=unique(fields["identifier"]),
        phones=unique(fields["phone"]),
        emails=unique(fields["email"]),
        websites=unique(fields["website"]),
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
    entities: list[Entity] = []
    lines: dict[str, int | None] = {}
    for entry in children(root, "sdnEntry"):
        entity = _entry(path, entry, warnings)
        if entity.entity_id in lines:
            reason = f"duplicate uid {entity.entity_id} (first on line {lines[entity.entity_id]})"
            raise WatchlistFormatError(path, entry.sourceline, "uid", reason)
        lines[entity.entity_id] = entry.sourceline
        entities.append(entity)
    return Parsed(entities=entities, source=SOURCE, warnings=warnings, lines=lines)


def parse(paths: list[Path]) -> Parsed:
    return combine([(path, parse_file(path)) for path in paths], SOURCE)
