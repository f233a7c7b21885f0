"""Chinese and Korean country names count only as whole words (jieba, Kiwi)."""

from __future__ import annotations

import pytest

from matchers.phrases.segment import Segmenter
from matchers.rules import Rules
from matchers.screen import Screener
from matchers.types import ScreenInput


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.fixture(scope="module")
def screener(rules: Rules, segmenter: Segmenter) -> Screener:
    return Screener([], rules, segmenter=segmenter)


@pytest.mark.parametrize(
    ("text", "start", "end", "aligned"),
    [
        ("东北朝鲜族", 1, 4, False),  # 北朝鲜 across 东北 | 朝鲜族
        ("北朝鲜假发", 0, 3, True),
        ("假发北朝鲜产", 2, 5, True),
        ("강북한옥", 1, 3, False),  # 북한 across 강북 | 한옥
        ("북한산 가발", 0, 3, True),
        ("북한에서 제조", 0, 2, True),
        ("made in north korea", 8, 19, True),  # not CJK: nothing to segment
    ],
)
def test_boundaries(segmenter: Segmenter, text: str, start: int, end: int, aligned: bool) -> None:
    assert segmenter.aligned(text, start, end) is aligned


@pytest.mark.parametrize("title", ["东北朝鲜族 假发", "东北朝鲜族特色假发", "강북한옥 가발 매장", "강북한옥마을 가발"])
def test_names_across_word_boundaries_do_not_flag(screener: Screener, title: str) -> None:
    assert screener.screen(ScreenInput(title=title)).priority == ""


@pytest.mark.parametrize("title", ["北朝鲜假发", "朝鲜加工 假发", "북한산 가발", "북조선 공장 가발"])
def test_whole_word_names_flag(screener: Screener, title: str) -> None:
    assert screener.screen(ScreenInput(title=title)).flagged


def test_segmenter_runs_only_inside_cjk_runs_and_caches(segmenter: Segmenter) -> None:
    before = segmenter.calls
    for _ in range(50):
        segmenter.aligned("东北朝鲜族", 1, 4)
    segmenter.aligned("朝鲜 假发", 0, 2)  # the match is a whole run: no segmentation needed
    assert segmenter.calls - before <= 1
