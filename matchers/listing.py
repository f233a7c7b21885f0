"""One conversion from a listing as a mapping (``match --input`` JSON, a crawled item, a stored row)
to the ``ScreenInput`` the matchers read, so every path into the screener sees the same fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matchers.types import ScreenInput

_TEXT_FIELDS = ("url", "title", "description", "seller_name", "seller_location", "seller_url")
# The extraction layer's origin value, kept beside any origin the attributes already give: the
# qualifier in brackets keeps it an origin label (see matchers.phrases.text.label_key).
EXTRACTED_ORIGIN_KEY = "origin (extracted)"


def screen_input_from_dict(d: Mapping[str, Any]) -> ScreenInput:
    """Validate one listing mapping. Every field is optional; keys the screener does not read (price,
    images, expected ...) are ignored. The id is ``listing_key`` (crawled and stored listings) or
    ``id``. ``origin`` (the extraction layer's origin value) is kept as the attribute "origin", or
    as "origin (extracted)" when the attributes already hold another origin, so no origin claim is
    lost. Raises ValueError naming the field and the reason."""
    if not isinstance(d, Mapping):
        raise ValueError(f"expected a JSON object, got {type(d).__name__}")
    values: dict[str, str] = {"id": _identifier(d)}
    for name in _TEXT_FIELDS:
        value = d.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"field {name!r} must be a string, got {type(value).__name__}: {value!r}")
        values[name] = value
    attributes = _attributes(d.get("attributes"))
    origin = d.get("origin")
    if origin is not None:
        if not isinstance(origin, str):
            raise ValueError(f"field 'origin' must be a string, got {type(origin).__name__}")
        if origin.strip() and origin not in attributes.values():
            attributes["origin" if "origin" not in attributes else EXTRACTED_ORIGIN_KEY] = origin
    return ScreenInput(**values, attributes=attributes, contacts=_contacts(d.get("contacts")))


def _identifier(d: Mapping[str, Any]) -> str:
    for name in ("listing_key", "id"):
        value = d.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise ValueError(f"field {name!r} must be a string, got {type(value).__name__}: {value!r}")
        return value
    return ""


def _attributes(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"field 'attributes' must be an object of strings, got {type(value).__name__}")
    attributes: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(item, str):
            raise ValueError(f"attribute {key!r} must be a string, got {type(item).__name__}: {item!r}")
        attributes[str(key)] = item
    return attributes


def _contacts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise ValueError(f"field 'contacts' must be a list of strings, got {type(value).__name__}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ValueError(f"contacts[{index}] must be a string, got {type(item).__name__}: {item!r}")
    return tuple(value)
