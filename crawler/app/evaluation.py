"""Measure the matchers on a known-answer file and on the real sanctions excerpts."""

from __future__ import annotations

from pathlib import Path

from watchlists.model import Entity


class EvaluationError(ValueError):
    """The known-answer file or the excerpts cannot be read; one line naming file and line."""


def evaluate(known_answers: Path, sanctions: Path, *, show: int = 20) -> str:
    """The report: precision, recall and every miss; then seller-name matching on the excerpts.

    The watchlist is the bundled list plus the excerpts, not a store's lists, so the figures do not
    depend on what a database happens to hold.
    """
    from matchers.evaluate import evaluate_known_answers
    from crawler.app.evaluate_names import evaluate_names
    from matchers.screen import Screener
    from watchlists.bundled import load_bundled
    from watchlists.errors import WatchlistFormatError

    try:
        real = _real_excerpts(sanctions)
        entities = [*real, *load_bundled().entities]
        report = evaluate_known_answers(known_answers, Screener(entities), skip_needs=set() if real else {"realdata"})
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{known_answers}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (ValueError, WatchlistFormatError, KeyError, TypeError) as exc:
        raise EvaluationError(f"not a known-answer file: {exc}") from None
    parts = [report.format()]
    if real:
        parts += ["", "Seller-name matching on the real sanctions excerpts:", evaluate_names(real).format(show=show)]
    else:
        parts += ["", f"{sanctions} not found: seller-name evaluation on the real excerpts skipped."]
    return "\n".join(parts)


def _real_excerpts(folder: Path) -> list[Entity]:
    from watchlists.importers import load

    sdn = sorted(folder.glob("ofac_sdn*.csv"))
    alt = sorted(folder.glob("ofac_alt*.csv"))
    un = sorted(folder.glob("un_*.xml"))
    if not (sdn and un):
        return []
    return [*load([*sdn, *alt], "ofac-csv").entities, *load(un, "un-xml").entities]
