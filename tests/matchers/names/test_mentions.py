from __future__ import annotations

import time

from matchers.names import NameIndex
from matchers.names.rules import NameRules
from watchlists.model import Alias, Entity


def _index(name_rules: NameRules) -> NameIndex:
    return NameIndex(
        [
            Entity("39499", "ofac-sdn", "KOREA PAEKHO TRADING CORPORATION"),
            Entity(
                "KPe.016",
                "un-sc",
                "KOREA RYONHA MACHINERY JOINT VENTURE CORPORATION",
                aliases=[Alias("朝鲜联合机械贸易会社")],
            ),
            Entity("44437", "ofac-sdn", "SINBAD"),
            Entity("19586", "ofac-sdn", "KOREA OCEAN SHIPPING AGENCY"),
            Entity("19572", "ofac-sdn", "PAEKHO STAR 3", schema="vessel"),
        ],
        name_rules,
    )


def test_a_listed_company_named_as_maker_is_found_with_its_own_kind(name_rules: NameRules) -> None:
    text = "Lace wigs made in the partner factory of Korea Paekho Trading Corporation, shipped from Dandong."
    (reason,) = _index(name_rules).mentions(text, field="description")
    assert (reason.kind, reason.entity_id, reason.field) == ("entity_mention", "39499", "description")
    assert reason.matched_text in text
    assert "not as the seller" in reason.detail


def test_han_names_are_found_verbatim_inside_unspaced_text(name_rules: NameRules) -> None:
    (reason,) = _index(name_rules).mentions("合作伙伴：朝鮮聯合機械貿易會社（平壤）", field="description")
    assert reason.entity_id == "KPe.016"


def test_lone_words_ordinary_words_and_vessels_are_not_mentions(name_rules: NameRules) -> None:
    index = _index(name_rules)
    for text in (
        "Sinbad style costume wig",  # a one-word listed name alone in a text is no company
        "ocean shipping agency worldwide, korea origin",  # only ordinary words
        "Paekho style wig, white tiger pattern",  # one word of the name, nothing else
        "Paekho Star 3 tiara",  # a vessel
    ):
        assert index.mentions(text, field="description") == [], text


def test_mention_search_is_linear_in_the_text(name_rules: NameRules) -> None:
    index = _index(name_rules)
    index.mentions("warm", field="title")
    start = time.perf_counter()
    index.mentions("wig human hair Paekho " * 50_000, field="description")  # 1.1 MB, one rare word repeated
    assert time.perf_counter() - start < 2.0


def test_the_screener_flags_a_listed_maker_named_in_the_description(name_rules: NameRules) -> None:
    from matchers.screen import Screener
    from matchers.types import ScreenInput

    screener = Screener([Entity("39499", "ofac-sdn", "KOREA PAEKHO TRADING CORPORATION")], name_rules=name_rules)
    listing = ScreenInput(
        title="Lace front wig",
        description="Made for us by Korea Paekho Trading Corporation, our partner since 2015.",
        seller_name="Qingdao Harborline Hair",
    )
    result = screener.screen(listing)
    assert result.flagged
    assert [(r.kind, r.entity_id, r.field) for r in result.reasons if r.kind == "entity_mention"] == [
        ("entity_mention", "39499", "description")
    ]
