"""One extraction layer shared by every spider: `extract_page(body, url)` -> Extracted."""

from crawler.extract.encoding import decode_html
from crawler.extract.hints import ExtractHints, JsonVar
from crawler.extract.page import extract_page
from crawler.extract.types import Extracted

__all__ = ["ExtractHints", "Extracted", "JsonVar", "decode_html", "extract_page"]
