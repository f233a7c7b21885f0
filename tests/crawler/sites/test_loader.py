"""Profiles load, and a broken profile fails loudly with the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extract.hints import ExtractHints
from crawler.sites import ProfileError, list_profiles, load_profile, parse_profile
from crawler.sites.loader import SITES_DIR

REQUIRED_SITES = {
    "alibaba",
    "aliexpress",
    "made_in_china",
    "dhgate",
    "1688",
    "amazon",
    "ebay",
    "etsy",
    "tradekey",
    "ec21",
    "ecplaza",
    "go4worldbusiness",
    "tradeindia",
}


def _alibaba_text() -> str:
    return (SITES_DIR / "alibaba.yml").read_text(encoding="utf-8")


def test_every_required_site_has_a_profile() -> None:
    assert set(list_profiles()) >= REQUIRED_SITES
    assert "keywords" not in list_profiles()


@pytest.mark.parametrize("name", sorted(REQUIRED_SITES))
def test_every_profile_loads_and_builds_hints(name: str) -> None:
    profile = load_profile(name)
    hints = profile.hints()
    assert isinstance(hints, ExtractHints)
    assert hints.block_markers, f"{name} has no block markers"
    assert hints.product_url_patterns or hints.advert_url_patterns
    assert profile.health_rules().min_listings >= 1
    assert profile.structure.strip()


def test_low_confidence_sites_say_so_in_their_structure_notes() -> None:
    for name in list_profiles():
        profile = load_profile(name)
        if profile.confidence == "low":
            assert "LOW CONFIDENCE" in profile.structure, name


def test_unknown_key_is_rejected_naming_file_line_and_key(tmp_path: Path) -> None:
    source = tmp_path / "alibaba.yml"
    text = _alibaba_text().replace("follow:\n", "follow:\n  alow: ['/x']\n", 1)
    line = text.splitlines().index("  alow: ['/x']") + 1
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, source)
    assert f"{source}:{line}: follow.alow: Extra inputs are not permitted" in str(caught.value)


def test_unknown_top_level_key_is_rejected(tmp_path: Path) -> None:
    source = tmp_path / "alibaba.yml"
    with pytest.raises(ProfileError, match=r"alibaba\.yml:\d+: politenes: Extra inputs"):
        parse_profile(_alibaba_text() + "politenes: {delay: 3}\n", source)


def test_bad_regex_is_rejected(tmp_path: Path) -> None:
    source = tmp_path / "alibaba.yml"
    text = _alibaba_text().replace("deny: ['/trade/'", "deny: ['/trade/('", 1)
    with pytest.raises(ProfileError, match=r"follow\.deny: Value error, bad regex '/trade/\('"):
        parse_profile(text, source)


def test_bad_css_selector_is_rejected(tmp_path: Path) -> None:
    text = _alibaba_text().replace('seller_name: ["a.company-name"]', 'seller_name: ["a..company"]', 1)
    with pytest.raises(ProfileError, match=r"extract\.selectors: Value error, bad CSS selector 'a\.\.company'"):
        parse_profile(text, tmp_path / "alibaba.yml")


def test_unknown_extraction_field_is_rejected(tmp_path: Path) -> None:
    text = _alibaba_text().replace('seller_name: ["a.company-name"]', 'seler_name: ["a.company-name"]', 1)
    with pytest.raises(ProfileError, match=r"unknown field\(s\) \['seler_name'\]"):
        parse_profile(text, tmp_path / "alibaba.yml")


def test_unknown_placeholder_in_entry_template_is_rejected(tmp_path: Path) -> None:
    text = _alibaba_text().replace("/showroom/{keyword_slug}.html", "/showroom/{kw}.html", 1)
    with pytest.raises(ProfileError, match=r"entry\.alternatives\.0\.url: .*unknown placeholder\(s\) \['kw'\]"):
        parse_profile(text, tmp_path / "alibaba.yml")


def test_unknown_keyword_category_is_rejected(tmp_path: Path) -> None:
    text = _alibaba_text().replace("categories: [wigs,", "categories: [wiggs,", 1)
    with pytest.raises(ProfileError, match=r"keywords: .*unknown keyword categor\(ies\) wiggs"):
        parse_profile(text, tmp_path / "alibaba.yml")


def test_name_must_match_the_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="must match the file name 'ebay'"):
        parse_profile(_alibaba_text(), tmp_path / "ebay.yml")


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"broken\.yml:2: not valid YAML"):
        parse_profile("name: x\n\tplatform: y\n", tmp_path / "broken.yml")


def test_missing_profile_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match=r"no site profile 'nosuchsite'.*alibaba"):
        load_profile("nosuchsite")
