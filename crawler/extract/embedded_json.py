"""Page-state JSON assigned in inline scripts (runParams, __NEXT_DATA__, g_config ...), read without eval."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.hints import JsonVar
from crawler.extract.layer import LayerResult
from crawler.extract.price import PriceContext, currency_code, parse_amount
from crawler.extract.values import clean_text

_ASSIGNMENT = re.compile(r"(?:^|[;\s,{(])((?:window\.|var\s+|let\s+|const\s+)?[A-Za-z_$][\w$.]*)\s*=\s*(?=[{\[])")
_JS_KEY_BEFORE_JSON = re.compile(r"""([A-Za-z_$][\w$]*|"[^"\n]{1,80}")\s*:\s*(?=[{\[])""")
_JS_PAIR = re.compile(r"""([A-Za-z_$][\w$]*)\s*:\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?)""")
MAX_WALK_NODES = 300_000  # bound the work on multi-megabyte page states
_DECODER = json.JSONDecoder(strict=False)


@dataclass
class JsonBlob:
    name: str  # variable or script id it came from
    data: Any


def _string_literal(raw: str) -> str:
    if raw.startswith("'"):
        raw = '"' + raw[1:-1].replace('\\"', '"').replace('"', '\\"') + '"'
    try:
        value = json.loads(raw, strict=False)
    except json.JSONDecodeError:
        return raw.strip("'\"")
    return value if isinstance(value, str) else str(value)


def _literal_end(text: str, start: int) -> int:
    """End of the bracketed JS literal at text[start] (string contents are not parsed: good enough to bound)."""
    depth = 0
    for index in range(start, min(len(text), start + 2_000_000)):
        char = text[index]
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _loose_object(text: str, start: int, end: int) -> dict[str, Any]:
    """Flat key: literal pairs of a JS object literal that is not JSON (unquoted keys, `+new Date` ...)."""
    pairs: dict[str, Any] = {}
    for match in _JS_PAIR.finditer(text, start, end):
        raw = match.group(2)
        pairs.setdefault(match.group(1), _string_literal(raw) if raw[0] in "'\"" else raw)
    return pairs


def _nested_json(text: str, start: int, end: int) -> dict[str, Any]:
    """JSON values under the keys of a JS object literal: `runParams = {data: {...}}` holds JSON in `data`."""
    found: dict[str, Any] = {}
    position = start + 1
    while True:
        match = _JS_KEY_BEFORE_JSON.search(text, position, end)
        if match is None:
            return found
        try:
            value, position = _DECODER.raw_decode(text, match.end())
        except json.JSONDecodeError:
            position = match.end()
            continue
        found.setdefault(match.group(1).strip('"'), value)


def _decode_at(text: str, start: int) -> tuple[Any, int]:
    """(value, end) of the JSON at text[start]; for JS literals, their JSON members plus loose pairs."""
    try:
        return _DECODER.raw_decode(text, start)
    except json.JSONDecodeError:
        end = _literal_end(text, start)
        loose = _loose_object(text, start, end)
        loose.update(_nested_json(text, start, end))
        return loose, end


def _clean_name(name: str) -> str:
    return re.sub(r"^(?:window\.|var\s+|let\s+|const\s+)", "", name.strip())


def find_blobs(doc: HtmlElement, extra: list[JsonVar] | None = None) -> tuple[list[JsonBlob], list[str]]:
    """Every JSON value the inline scripts assign or pass to a known call, plus JSON <script> bodies."""
    blobs: list[JsonBlob] = []
    errors: list[str] = []
    call_sites = [re.compile(re.escape(name) + r"\d*\(?\s*(?=[{\[])") for name in config.embedded_keys().variables]
    call_sites += [var.pattern() for var in extra or []]
    for number, script in enumerate(doc.iter("script"), start=1):
        text = script.text or ""
        kind = (script.get("type") or "").casefold()
        if not text.strip() or script.get("src") or "ld+json" in kind:
            continue
        if "json" in kind:
            try:
                blobs.append(JsonBlob(script.get("id") or kind, json.loads(text, strict=False)))
            except json.JSONDecodeError as exc:
                errors.append(f"json script {number} ({script.get('id') or kind}): {exc.msg}")
            continue
        starts = {match.end(): _clean_name(match.group(1)) for match in _ASSIGNMENT.finditer(text)}
        for pattern in call_sites:
            for match in pattern.finditer(text):
                starts.setdefault(match.end(), pattern.pattern)
        covered = -1
        for start, name in sorted(starts.items()):
            if start < covered:
                continue  # already read as part of an enclosing assignment
            value, covered = _decode_at(text, start)
            if value:
                blobs.append(JsonBlob(name, value))
    return blobs, errors


def walk(data: Any) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(key path, value) for every dict entry, breadth-limited by MAX_WALK_NODES."""
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    seen = 0
    while stack and seen < MAX_WALK_NODES:
        path, node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            items = list(node.items())
            for key, value in items:
                yield (*path, str(key)), value
            stack.extend(((*path, str(key)), value) for key, value in reversed(items))
        elif isinstance(node, list):
            stack.extend((path, value) for value in reversed(node[:500]))


def _scalar(value: Any) -> str:
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ""
    text = str(value)
    if re.search(r"%[0-9A-Fa-f]{2}", text) and " " not in text:
        text = unquote(text)  # Tmall URL-encodes shop names
    return clean_text(text)


def _matches(path: tuple[str, ...], rule_path: tuple[str, ...]) -> bool:
    return len(path) >= len(rule_path) and path[-len(rule_path) :] == rule_path


def _rules(extra: list[JsonVar], blob_name: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(field, path segments, template) in priority order: site hints first, then the generic keys."""
    rules = [
        (field, tuple(path.split(".")), "{}")
        for var in extra
        if var.name == blob_name or var.is_regex
        for field, paths in var.paths.items()
        for path in paths
    ]
    for field, key_rules in config.embedded_keys().fields.items():
        rules += [(field, tuple(rule.path.split(".")), rule.template) for rule in key_rules]
    return rules


def _read_attribute_list(items: Any, result: LayerResult) -> None:
    keys = config.embedded_keys()
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        name = next((_scalar(item[key]) for key in keys.attribute_name_keys if key in item), "")
        value = next((_scalar(item[key]) for key in keys.attribute_value_keys if key in item), "")
        if name and value:
            result.attributes.setdefault(name, value)


def _apply(
    field: str, value: str, template: str, result: LayerResult, page_url: str, context: PriceContext, path: str = ""
) -> None:
    if field == "seller_name":
        result.seller(value, f"page JSON {path}", config.seller_rules().ranks.page_json)
        return
    if field in {"price", "price_max"}:
        value = parse_amount(value, context)
    elif field == "currency":
        value = currency_code(value, context)
    elif field == "seller_url" or template != "{}":
        value = urljoin(page_url, template.format(value))
    result.put(field, value)


def extract_embedded_json(
    doc: HtmlElement, page_url: str, context: PriceContext, extra: list[JsonVar] | None = None
) -> LayerResult:
    result = LayerResult("embedded-json")
    blobs, result.errors = find_blobs(doc, extra)
    attribute_paths = [tuple(path.split(".")) for path in config.embedded_keys().attribute_lists]
    attribute_last_keys = {path[-1] for path in attribute_paths}
    best: dict[str, tuple[int, str, str, str]] = {}
    for blob in blobs:
        rules = _rules(extra or [], blob.name)
        # Index the rules by their last key: page states hold hundreds of thousands of entries.
        by_last_key: dict[str, list[tuple[int, str, tuple[str, ...], str]]] = {}
        for rank, (field, rule_path, template) in enumerate(rules):
            by_last_key.setdefault(rule_path[-1], []).append((rank, field, rule_path, template))
        for path, value in walk(blob.data):
            last = path[-1]
            if last in attribute_last_keys and any(_matches(path, attr_path) for attr_path in attribute_paths):
                _read_attribute_list(value, result)
            candidates = by_last_key.get(last)
            if not candidates:
                continue
            text = _scalar(value)
            if not text:
                continue
            for rank, field, rule_path, template in candidates:
                if _matches(path, rule_path) and rank < best.get(field, (len(rules), "", "", ""))[0]:
                    best[field] = (rank, text, template, ".".join(rule_path))
    for field, (_rank, text, template, rule) in best.items():
        if field in {"images", "contacts"}:
            continue
        _apply(field, text, template, result, page_url, context, rule)
    return result
