"""Known-answer evaluation: run the screener over labelled listings and report precision and recall.

The file is JSON Lines in the ``match --input`` shape plus ``"expected": true | false | "low"``,
``"why"`` (what the case tests) and optionally ``"needs"`` (e.g. "realdata": skipped when that is
absent).

- ``true``: the listing must be flagged (priority "high"). Precision and recall count these as the
  positives and a high flag as "flagged".
- ``false``: it must not be flagged; a low-priority lead on it is allowed but counted.
- ``"low"``: it must be exactly a low-priority lead (a mention, a hub with no other signal). A high
  flag on it is a false positive; the share of low cases whose priority is exactly "low" is
  reported on its own ("low-lead accuracy").
"""

from __future__ import annotations

import json
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from matchers.screen import Screener, screen_input_from_dict
from matchers.types import Reason

Expected: TypeAlias = bool | Literal["low"]


@dataclass(frozen=True)
class Miss:
    line: int
    case_id: str
    expected: Expected
    score: float
    why: str
    reasons: tuple[Reason, ...]
    priority: str = ""

    def format(self) -> str:
        if self.expected == "low":
            kind = f"low lead expected, got {self.priority or 'nothing'}"
            if self.priority == "high":
                kind = "false positive (low lead expected, flagged high)"
        else:
            kind = "false negative" if self.expected else "false positive"
        lines = [f"  line {self.line} [{self.case_id}] {kind} (score {self.score:.2f}): {self.why}"]
        lines.extend(f"      - {r.kind} {r.score:.2f} {r.detail}" for r in self.reasons)
        return "\n".join(lines)


@dataclass
class EvalReport:
    path: Path
    true_positives: int = 0
    false_positives: int = 0
    true_negatives: int = 0
    false_negatives: int = 0
    skipped: int = 0
    low_cases: int = 0  # cases expected to be exactly a low-priority lead
    low_right: int = 0  # ... whose priority was exactly "low"
    low_on_false: int = 0  # cases expected false that got a low-priority lead
    misses: list[Miss] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.true_positives + self.false_positives + self.true_negatives + self.false_negatives

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else 1.0

    @property
    def low_accuracy(self) -> float:
        return self.low_right / self.low_cases if self.low_cases else 1.0

    def format(self) -> str:
        lines = [
            f"{self.path}: {self.total} cases evaluated, {self.skipped} skipped",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}",
            f"true positives {self.true_positives}, false positives {self.false_positives}, "
            f"true negatives {self.true_negatives}, false negatives {self.false_negatives}",
            f"low-lead accuracy {self.low_accuracy:.3f} ({self.low_right}/{self.low_cases} cases expected "
            f'"low" got exactly a low-priority lead); {self.low_on_false} case(s) expected false got a low lead',
        ]
        if self.misses:
            lines.append(f"{len(self.misses)} miss(es):")
            lines.extend(m.format() for m in self.misses)
        return "\n".join(lines)


def _case(line_no: int, raw: str, path: Path) -> dict[str, object]:
    try:
        case = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{line_no}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(case, dict):
        raise ValueError(f"{path}:{line_no}: expected a JSON object")
    if not (isinstance(case.get("expected"), bool) or case.get("expected") == "low"):
        raise ValueError(f"{path}:{line_no}: 'expected' must be true, false or \"low\", got {case.get('expected')!r}")
    if not isinstance(case.get("why"), str) or not case["why"].strip():
        raise ValueError(f"{path}:{line_no}: 'why' must say what the case tests")
    return case


def evaluate_known_answers(path: Path, screener: Screener, *, skip_needs: Set[str] = frozenset()) -> EvalReport:
    """Screen every case in ``path``; cases whose ``needs`` is in ``skip_needs`` are counted as skipped.
    A malformed line raises ValueError naming the file, line and reason before anything is scored."""
    cases = []
    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        case = _case(line_no, raw, path)
        try:
            listing = screen_input_from_dict(case)
        except ValueError as exc:
            raise ValueError(f"{path}:{line_no}: {exc}") from exc
        cases.append((line_no, case, listing))
    report = EvalReport(path=path)
    for line_no, case, listing in cases:
        if case.get("needs") in skip_needs:
            report.skipped += 1
            continue
        result = screener.screen(listing)
        expected: Expected = case["expected"]  # type: ignore[assignment]  # checked by _case
        _score(report, expected, result.priority)
        right = result.priority == "low" if expected == "low" else result.flagged == expected
        if not right:
            why = str(case["why"])
            report.misses.append(
                Miss(line_no, listing.id, expected, result.score, why, result.reasons, result.priority)
            )
    return report


def _score(report: EvalReport, expected: Expected, priority: str) -> None:
    flagged = priority == "high"
    if expected == "low":
        report.low_cases += 1
        report.low_right += priority == "low"
    if expected is True and flagged:
        report.true_positives += 1
    elif flagged:
        report.false_positives += 1
    elif expected is True:
        report.false_negatives += 1
    else:
        report.true_negatives += 1
        report.low_on_false += expected is False and priority == "low"
