"""robots.txt as RFC 9309 says (section 2.3.1.3 and 2.3.1.4): a robots.txt that cannot be reached
(a 5xx answer or a network error) means the whole site is disallowed for this run; a 4xx means
there are no rules. Scrapy parses whatever body a 503 carries and then lets everything through."""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawler.middlewares.faults import count_failure
from crawler.middlewares.notes import add_note

logger = logging.getLogger(__name__)


class DisallowAll(RobotParser):
    """The rules of a site whose robots.txt was unreachable: nothing may be fetched."""

    @classmethod
    def from_crawler(cls, crawler: object, robotstxt_body: bytes) -> DisallowAll:
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class Rfc9309RobotsMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._unreachable(netloc, f"answered HTTP {response.status}")
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            return
        if 400 <= response.status < 500:
            # "Unavailable": no rules at all, whatever the error page says.
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        count_failure(self._stats, exc)  # the robots.txt request's own failure (refused, timeout ...)
        self._unreachable(netloc, f"could not be fetched ({type(exc).__name__})")

    def _unreachable(self, netloc: str, why: str) -> None:
        self._stats.inc_value("robotstxt/unreachable")
        note = f"robots.txt of {netloc} {why}: the whole site is disallowed for this run (RFC 9309)"
        logger.warning(note)
        add_note(self.crawler, note)
        parser = build_from_crawler(DisallowAll, self.crawler, b"")
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(pending, Deferred):
            pending.callback(parser)
