"""Decode every HTML response with the one encoding decision of the extraction layer, and learn per host
which East Asian encoding family its pages use, so a page that declares nothing (or the wrong thing) on a
Chinese, Korean or Japanese site is detected among that family's encodings."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from w3lib.encoding import http_content_type_encoding

from crawler.extract.encoding import decode_html_detailed, family_of, page_family


class EncodingFixMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.families: dict[str, str] = {}  # host -> CJK family its own pages declared

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingFixMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        assert self.stats is not None
        host = urlsplit(response.url).hostname or ""
        charset = http_content_type_encoding((response.headers.get(b"Content-Type") or b"").decode("latin-1"))
        language = (response.headers.get(b"Content-Language") or b"").decode("latin-1").split(",")[0]
        family = self.families.get(host) or family_of(language)
        decoded = decode_html_detailed(response.body, charset, url=response.url, family=family)
        if decoded.guessed:
            self.stats.inc_value("pages/encoding_guessed")
        else:
            learnt = family_of(decoded.encoding) or page_family(response.body, response.url)
            if learnt and host:
                self.families.setdefault(host, learnt)
        if decoded.encoding and decoded.encoding.lower() != response.encoding.lower():
            self.stats.inc_value("pages/encoding_fixed")
            return response.replace(encoding=decoded.encoding)
        return response
