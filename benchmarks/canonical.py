"""What canonicalisation and word segmentation cost, and whether screening is linear in text size.

    .venv/bin/python benchmarks/canonical.py [--listings 20000] [--seed 7] [--baseline DIR]

- Throughput of the full Screener (every matcher, no watchlist) in listings per CPU second, on the
  development set (tests/data/known_answers.jsonl, screened 10 times over) and on a seeded synthetic
  sample of ``--listings`` listings recombined from the development set's fields (titles,
  descriptions, locations, attributes from different cases, in nine languages), three ways:
  as shipped; with segmentation switched off (a segmenter that accepts every match); and the cost
  of canonicalising every field on its own.
- ``--baseline DIR``: the same sample screened by another checkout (e.g. ``git archive`` of the
  commit before issue 8 unpacked in DIR), in a subprocess, for a before/after figure.
- Linearity: one field of "wig " repeated to 125 KB, 250 KB, 500 KB and 1 MB, screened with the
  per-field limit lifted.

Times are CPU seconds of this process (the machine is shared; wall time would measure neighbours).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matchers.canonical import canonicalize  # noqa: E402
from matchers.phrases.segment import Segmenter  # noqa: E402
from matchers.rules import Rules, load_rules  # noqa: E402
from matchers.screen import Screener, screen_input_from_dict  # noqa: E402
from matchers.types import ScreenInput  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "known_answers.jsonl"
_FIELDS = ("title", "description", "seller_name", "seller_location")


class _NoSegmentation(Segmenter):
    """Accepts every match: screening as if there were no word segmentation."""

    def aligned(self, text: str, start: int, end: int, *, check_end: bool = True) -> bool:
        return True


def dev_listings() -> list[ScreenInput]:
    lines = DEV_SET.read_text(encoding="utf-8").splitlines()
    return [screen_input_from_dict(json.loads(line)) for line in lines if line.strip()]


def synthetic(dev: Sequence[ScreenInput], count: int, seed: int) -> list[ScreenInput]:
    """Listings whose fields come from different development cases, so every language, script and
    obfuscation of the development set appears in new combinations."""
    rng = random.Random(seed)
    pools = {f: [getattr(d, f) for d in dev if getattr(d, f)] for f in _FIELDS}
    attributes = [d.attributes for d in dev if d.attributes]
    out: list[ScreenInput] = []

    def pick(field: str) -> str:
        return rng.choice(pools[field]) if rng.random() < 0.8 else ""

    for _ in range(count):
        extra = rng.choice(attributes) if rng.random() < 0.3 else {}
        out.append(
            ScreenInput(
                id=str(len(out)),
                title=pick("title") or rng.choice(pools["title"]),
                description=pick("description"),
                seller_name=pick("seller_name"),
                seller_location=pick("seller_location"),
                attributes=dict(extra),
            )
        )
    return out


def _cpu(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def throughput(screener: Screener, listings: Sequence[ScreenInput], repeat: int = 1) -> float:
    seconds = _cpu(lambda: [screener.screen(item) for _ in range(repeat) for item in listings])
    return len(listings) * repeat / seconds


def canonical_rate(listings: Sequence[ScreenInput], repeat: int = 1) -> float:
    def work() -> None:
        for _ in range(repeat):
            for item in listings:
                for field in _FIELDS:
                    canonicalize(getattr(item, field))
                for value in item.attributes.values():
                    canonicalize(value)

    return len(listings) * repeat / _cpu(work)


_BASELINE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from matchers.screen import Screener, screen_input_from_dict
screener = Screener([])
items = [screen_input_from_dict(json.loads(l)) for l in open(sys.argv[2], encoding="utf-8")]
screener.screen(items[0])
started = time.process_time()
for item in items:
    screener.screen(item)
print(len(items) / (time.process_time() - started))
"""


def baseline_rate(directory: Path, listings: Sequence[ScreenInput]) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        for item in listings:
            handle.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
    done = subprocess.run(
        [sys.executable, "-c", _BASELINE, str(directory), handle.name],
        capture_output=True,
        text=True,
        check=True,
        cwd=directory,
    )
    Path(handle.name).unlink()
    return float(done.stdout.strip().splitlines()[-1])


def linearity(rules: Rules) -> list[tuple[int, float]]:
    unlimited = rules.scoring.model_copy(update={"max_field_chars": 2_000_000})
    screener = Screener([], Rules(**{**rules.__dict__, "scoring": unlimited}))
    screener.screen(ScreenInput(title="wig", description="wig"))
    rows = []
    for size in (125_000, 250_000, 500_000, 1_000_000):
        listing = ScreenInput(title="wig", description="wig " * (size // 4))
        rows.append((size, _cpu(lambda listing=listing: screener.screen(listing))))  # type: ignore[misc]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout to screen the same sample with")
    args = parser.parse_args(argv)
    rules = load_rules()
    dev = dev_listings()
    sample = synthetic(dev, args.listings, args.seed)
    segmenter = Segmenter()
    started = time.process_time()
    shipped = Screener([], rules, segmenter=segmenter)
    build = time.process_time() - started
    shipped.screen(ScreenInput(title="北朝鲜 东北朝鲜族 강북한옥"))  # load jieba and Kiwi before timing
    loaded = time.process_time() - started - build
    unsegmented = Screener([], rules, segmenter=_NoSegmentation())
    report: dict[str, Any] = {
        "screener_build_cpu_s": round(build, 2),
        "segmenter_load_cpu_s": round(loaded, 2),
    }
    for name, items, repeat in (("dev_set", dev, 10), ("synthetic", sample, 1)):
        calls = segmenter.calls
        report[name] = {
            "listings": len(items) * repeat,
            "screener_per_s": round(throughput(shipped, items, repeat)),
            "without_segmentation_per_s": round(throughput(unsegmented, items, repeat)),
            "canonicalise_only_per_s": round(canonical_rate(items, repeat)),
            "segmenter_calls": segmenter.calls - calls,
        }
        if args.baseline:
            report[name]["baseline_per_s"] = round(baseline_rate(args.baseline, [*items] * repeat))
    report["linearity_cpu_s"] = {f"{size // 1000} KB": round(seconds, 3) for size, seconds in linearity(rules)}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
