"""Reference search keywords (keywords.yml): category -> language -> keywords."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from watchlists.datafile import DataFileError, StrictModel, load_yaml

KEYWORDS_FILE = Path(__file__).resolve().parent / "keywords.yml"


class KeywordsError(DataFileError):
    """keywords.yml is unreadable or invalid, or a profile names a category or language it lacks."""


class KeywordTable(StrictModel):
    categories: dict[str, dict[str, list[str]]]

    def pick(self, categories: list[str], languages: list[str]) -> list[str]:
        """Keywords of the given categories in the given languages, in file order, without repeats."""
        unknown = [c for c in categories if c not in self.categories]
        if unknown:
            raise KeywordsError(f"{KEYWORDS_FILE}: unknown keyword categor(ies) {', '.join(unknown)}")
        known_languages = {lang for by_lang in self.categories.values() for lang in by_lang}
        missing = [lang for lang in languages if lang not in known_languages]
        if missing:
            raise KeywordsError(f"{KEYWORDS_FILE}: no keywords in language(s) {', '.join(missing)}")
        chosen = [kw for c in categories for lang in languages for kw in self.categories[c].get(lang, [])]
        return list(dict.fromkeys(chosen))


@cache
def keyword_table(path: Path = KEYWORDS_FILE) -> KeywordTable:
    try:
        return load_yaml(path, KeywordTable)
    except DataFileError as exc:
        raise KeywordsError(str(exc)) from exc
