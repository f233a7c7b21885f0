from __future__ import annotations

import pytest

from crawler.sites.keywords import KeywordsError, keyword_table


def test_reference_lists_cover_the_trade_in_three_languages() -> None:
    table = keyword_table()
    required = {"wigs", "lace_wigs", "hair_pieces", "false_eyelashes", "mink_lashes", "rattan_bags"}
    assert set(table.categories) >= required
    assert "假发" in table.pick(["wigs"], ["zh"])
    assert "속눈썹" in table.pick(["false_eyelashes"], ["ko"])
    assert "藤编包" in table.pick(["rattan_bags"], ["zh"])


def test_pick_keeps_file_order_without_repeats() -> None:
    picked = keyword_table().pick(["wigs", "wigs"], ["en"])
    assert picked == list(dict.fromkeys(picked))
    assert picked[0] == "human hair wig"


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(KeywordsError, match="no keywords in language"):
        keyword_table().pick(["wigs"], ["xx"])
