from __future__ import annotations

from pathlib import Path

import pytest

from matchers.evaluate import evaluate_known_answers
from matchers.screen import Screener


def test_known_answers_precision_and_recall(screener: Screener, known_answers: Path, has_realdata: bool) -> None:
    skip = frozenset() if has_realdata else frozenset({"realdata"})
    report = evaluate_known_answers(known_answers, screener, skip_needs=skip)
    assert report.total >= (180 if has_realdata else 140)
    assert report.precision >= 0.95, report.format()
    assert report.recall >= 0.95, report.format()


def test_report_lists_misses_with_why_and_reasons(screener: Screener, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "a", "title": "Wig made in DPRK", "expected": false, "why": "deliberately wrong label"}\n'
        '{"id": "b", "title": "Plain wig", "expected": false, "why": "category alone"}\n'
        "\n"
        '{"id": "c", "title": "Plain wig", "expected": true, "why": "skipped case", "needs": "realdata"}\n',
        encoding="utf-8",
    )
    report = evaluate_known_answers(cases, screener, skip_needs={"realdata"})
    assert (report.false_positives, report.true_negatives, report.skipped) == (1, 1, 1)
    assert report.precision == 0.0
    assert report.recall == 1.0
    text = report.format()
    assert "line 1 [a] false positive" in text
    assert "deliberately wrong label" in text
    assert "made in DPRK" in text  # the matched text as the listing wrote it


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"title": "x", "why": "w"}', "'expected' must be true, false or \"low\""),
        ('{"title": "x", "expected": true}', "'why' must say"),
        ('{"title": 5, "expected": true, "why": "w"}', "'title' must be a string"),
    ],
)
def test_bad_line_names_file_and_line(screener: Screener, tmp_path: Path, line: str, message: str) -> None:
    cases = tmp_path / "bad.jsonl"
    cases.write_text('{"title": "ok", "expected": false, "why": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad\.jsonl:2: .*{message}"):
        evaluate_known_answers(cases, screener)


def test_low_cases_are_scored_on_their_own(screener: Screener, tmp_path: Path) -> None:
    cases = tmp_path / "low.jsonl"
    cases.write_text(
        '{"id": "m1", "title": "North Korea travel guide book", "expected": "low", "why": "a mention"}\n'
        '{"id": "m2", "title": "Lace wig made in North Korea", "expected": "low", "why": "labelled low, flags"}\n'
        '{"id": "m3", "title": "Plain lamp", "expected": "low", "why": "labelled low, nothing"}\n'
        '{"id": "f1", "title": "DVD documentary about North Korea", "expected": false, "why": "low lead on false"}\n'
        '{"id": "t1", "title": "Wig, hand-tied in DPRK", "expected": true, "why": "a claim"}\n',
        encoding="utf-8",
    )
    report = evaluate_known_answers(cases, screener)
    assert (report.true_positives, report.false_positives, report.false_negatives) == (1, 1, 0)
    assert (report.low_cases, report.low_right) == (3, 1)
    assert report.low_accuracy == pytest.approx(1 / 3)
    assert report.low_on_false == 1
    text = report.format()
    assert "low-lead accuracy 0.333" in text
    assert "[m2] false positive (low lead expected, flagged high)" in text
    assert "[m3] low lead expected, got nothing" in text


def test_expected_must_be_true_false_or_low(screener: Screener, tmp_path: Path) -> None:
    cases = tmp_path / "bad.jsonl"
    cases.write_text('{"title": "x", "expected": "maybe", "why": "w"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1: 'expected' must be true, false or \"low\", got 'maybe'"):
        evaluate_known_answers(cases, screener)
