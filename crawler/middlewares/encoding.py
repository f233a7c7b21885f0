"""Pick the right text encoding when the HTTP header and the page's <meta> disagree."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from w3lib.encoding import http_content_type_encoding

from crawler.extract import decode_html


class EncodingFixMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingFixMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        charset = http_content_type_encoding((response.headers.get(b"Content-Type") or b"").decode("latin-1"))
        _, encoding = decode_html(response.body, charset)
        if encoding and encoding.lower() != response.encoding.lower():
            assert self.stats is not None
            self.stats.inc_value("pages/encoding_fixed")
            return response.replace(encoding=encoding)
        return response
