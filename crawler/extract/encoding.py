"""Turn page bytes into text without mojibake: BOM, HTTP header, <meta>, then detection.

Detection is charset-normalizer's. On short pages it cannot tell GBK from EUC-KR or Thai, so when the
page comes from a Chinese, Korean or Japanese site (its `lang` attribute, its domain, or what the crawl
already learnt about its host) detection is limited to that language's encodings (GB18030 and Big5,
EUC-KR, Shift_JIS and EUC-JP), and a Western single-byte charset the page declares loses to a CJK
encoding of that family that decodes it cleanly.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

# Share of undecodable bytes we accept from a declared charset before preferring another source:
# real pages (the EUC-JP Rakuten page among them) carry the odd stray byte, and a handful must not
# push us into guessing.
TOLERATED_ERROR_RATIO = 0.001


# w3lib looks at the first 4 KB only; a real Tmall page puts <meta charset> after 150 KB of inline scripts.
META_SCAN_BYTES = 262_144
_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


# Encodings each language's sites use, most common first.
CJK_FAMILIES: dict[str, tuple[str, ...]] = {
    "zh": ("gb18030", "big5"),
    "zh-tw": ("big5", "gb18030"),
    "ko": ("euc_kr",),
    "ja": ("shift_jis", "euc_jp"),
}
_TLD_FAMILY = {"cn": "zh", "tw": "zh-tw", "hk": "zh-tw", "mo": "zh-tw", "kr": "ko", "kp": "ko", "jp": "ja"}
_LANG_ATTR = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)", re.IGNORECASE)
# Declared charsets that decode any byte string, so "it decodes" proves nothing on a CJK site.
_PERMISSIVE = {"cp1252", "latin_1", "iso8859-1", "ascii", "cp874", "iso8859-15", "cp1250", "cp1251"}


@dataclass
class DecodedPage:
    text: str
    encoding: str
    problems: list[str] = field(default_factory=list)
    guessed: bool = False  # no declared charset decoded the page: the encoding was detected from the bytes


def family_of(name: str | None) -> str | None:
    """The CJK family ("zh", "zh-tw", "ko", "ja") of a language tag or of an encoding name, if any."""
    if not name:
        return None
    lowered = name.strip().lower().replace("_", "-")
    if lowered.startswith(("zh-tw", "zh-hk", "zh-mo", "zh-hant")):
        return "zh-tw"
    for prefix, family in (("zh", "zh"), ("ko", "ko"), ("ja", "ja")):
        if lowered == prefix or lowered.startswith(prefix + "-"):
            return family
    codec = normalize_charset(name)
    # w3lib widens names the WHATWG way (shift_jis -> cp932, euc-kr -> cp949, big5 -> big5hkscs).
    return next(
        (family for family, codecs in CJK_FAMILIES.items() if codec in {*codecs, *map(normalize_charset, codecs)}),
        None,
    )


def page_family(body: bytes, url: str = "") -> str | None:
    """The CJK family the page's own markup (<html lang>) or its domain names."""
    match = _LANG_ATTR.search(body[:4096])
    family = family_of(match.group(1).decode("ascii")) if match else None
    if family:
        return family
    host = urlsplit(url).hostname or ""
    return _TLD_FAMILY.get(host.rsplit(".", 1)[-1]) if "." in host else None


def normalize_charset(name: str | None) -> str | None:
    """Python codec name for a declared charset; gbk/gb2312 widen to gb18030, latin-1 to cp1252 (WHATWG)."""
    if not name:
        return None
    cleaned = name.strip().strip("\"'").lower()
    if not cleaned:
        return None
    resolved = resolve_encoding(cleaned)
    if resolved is None:
        try:
            resolved = codecs.lookup(cleaned).name
        except LookupError:
            return None
    if resolved in {"gbk", "gb2312", "euc_cn", "hz"}:
        return "gb18030"
    return resolved


def meta_declared_charset(body: bytes) -> str | None:
    """Charset named by <meta charset> or <meta http-equiv=Content-Type> near the top of the page."""
    declared = html_body_declared_encoding(body)
    if declared:
        return declared
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _error_count(body: bytes, encoding: str) -> int:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return body.decode(encoding, errors="replace").count("\ufffd") - body.decode(encoding, errors="ignore").count(
            "\ufffd"
        )
    except LookupError:
        return len(body) + 1
    return 0


def _is_clean(body: bytes, encoding: str) -> bool:
    return _error_count(body, encoding) <= max(1, int(len(body) * TOLERATED_ERROR_RATIO))


def _choose_declared(body: bytes, header: str | None, meta: str | None) -> tuple[str | None, str]:
    """Pick between header and <meta> charsets; returns (encoding, note about the choice)."""
    if header and meta and header != meta:
        header_clean, meta_clean = _is_clean(body, header), _is_clean(body, meta)
        # Valid UTF-8 of any length is almost never accidental, so a clean UTF-8 candidate wins.
        for candidate, clean in ((header, header_clean), (meta, meta_clean)):
            if candidate == "utf-8" and clean:
                return (
                    candidate,
                    f"header charset {header} and meta charset {meta} disagree; chose {candidate}",
                )
        if header_clean:
            return header, f"header charset {header} and meta charset {meta} disagree; chose {header}"
        if meta_clean:
            return meta, f"header charset {header} and meta charset {meta} disagree; chose {meta}"
        return None, f"neither header charset {header} nor meta charset {meta} decodes the page"
    declared = header or meta
    if declared is None:
        return None, ""
    if _is_clean(body, declared):
        return declared, ""
    return None, f"declared charset {declared} does not decode the page"


def _detect(body: bytes, family: str | None) -> tuple[str | None, str]:
    """(codec, how it was found) by charset-normalizer, within the CJK family when there is one."""
    sample = body[:200_000]
    if family:
        clean = [codec for codec in CJK_FAMILIES[family] if _is_clean(sample, codec)]
        if clean:
            best = from_bytes(sample, cp_isolation=clean).best()
            codec = normalize_charset(best.encoding) if best is not None else clean[0]
            return codec, f"detected {codec} among the {family} encodings"
    best = from_bytes(sample).best()
    codec = normalize_charset(best.encoding) if best is not None else None
    return codec, f"detected {codec}"


def decode_html_detailed(
    body: bytes, header_charset: str | None = None, *, url: str = "", family: str | None = None
) -> DecodedPage:
    """Decode page bytes, recording every doubt met on the way; never raises. `family` is a CJK family the
    caller knows the site uses (the crawl learns it per host); else the page's lang and domain say."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        codec = normalize_charset(bom_encoding) or "utf-8"
        return DecodedPage(body[len(bom or b"") :].decode(codec, errors="replace"), codec)
    header = normalize_charset(header_charset)
    meta = normalize_charset(meta_declared_charset(body))
    problems: list[str] = []
    if header_charset and header is None:
        problems.append(f"unknown header charset {header_charset!r}")
    chosen, note = _choose_declared(body, header, meta)
    if note:
        problems.append(note)
    if chosen not in (None, "utf-8") and not body.isascii() and _error_count(body, "utf-8") == 0:
        # Non-ASCII text that is valid UTF-8 is almost never an accident; pages (Taobao) that declare
        # gbk but are served as UTF-8 are common.
        problems.append(f"declared charset {chosen} but the page is valid UTF-8; decoded as utf-8")
        chosen = "utf-8"
    family = family or page_family(body, url) or family_of(header) or family_of(meta)
    guessed = False
    if chosen in _PERMISSIVE and family and not body.isascii():
        detected, how = _detect(body, family)
        if detected and family_of(detected):
            problems.append(f"declared charset {chosen} on a {family} page; {how}")
            chosen, guessed = detected, True
    if chosen is None:
        if _is_clean(body, "utf-8"):
            chosen = "utf-8"
        else:
            detected, how = _detect(body, family)
            chosen, guessed = detected or "cp1252", True
            if chosen == "ascii":
                chosen = "cp1252"
            problems.append(f"no declared charset decodes the page; {how}")
    errors = _error_count(body, chosen)
    if errors:
        problems.append(f"{errors} undecodable byte sequence(s) as {chosen}, replaced with U+FFFD")
    return DecodedPage(body.decode(chosen, errors="replace"), chosen, problems, guessed)


def decode_html(body: bytes, header_charset: str | None = None, *, url: str = "") -> tuple[str, str]:
    """(text, python codec name) for page bytes; never raises."""
    page = decode_html_detailed(body, header_charset, url=url)
    return page.text, page.encoding
