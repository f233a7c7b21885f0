"""Retry-After pauses only the slot of the site that asked, and asks again after the wait."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.http import HtmlResponse
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from crawler.middlewares.retry_after import TIMES_META, RetryAfterMiddleware


def middleware() -> tuple[RetryAfterMiddleware, dict[str, Slot], list[Any]]:
    # A slot's pause is scheduled on the reactor, as in a crawl: install Scrapy's default one when this
    # module runs before any test that did (the order differs between checkouts).
    if not is_reactor_installed():
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    crawler = get_crawler(settings_dict={"ORIGINWATCH_RETRY_AFTER_MAX": 60})
    slots = {name: Slot(concurrency=2, delay=0, jitter=0) for name in ("slow.example", "other.example")}
    woken: list[Any] = []
    downloader = SimpleNamespace(slots=slots, _latercall=woken.append, get_slot_key=lambda r: "slow.example")
    crawler.engine = SimpleNamespace(downloader=downloader)  # type: ignore[assignment]
    crawler.stats = SimpleNamespace(inc_value=lambda *a, **k: None)  # type: ignore[assignment]
    return RetryAfterMiddleware(crawler), slots, woken


def answer(status: int, retry_after: str | None, times: int = 0) -> tuple[Request, HtmlResponse]:
    request = Request("http://slow.example/p", meta={"download_slot": "slow.example", TIMES_META: times})
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return request, HtmlResponse(request.url, status=status, headers=headers, body=b"", request=request)


def test_429_pauses_that_slot_only_and_asks_again() -> None:
    mw, slots, _ = middleware()
    request, response = answer(429, "5")
    retry = mw.process_response(request, response)
    assert isinstance(retry, Request)
    assert retry.dont_filter
    assert retry.meta[TIMES_META] == 1
    assert slots["slow.example"].latercall is not None
    assert slots["other.example"].latercall is None
    slots["slow.example"].latercall.cancel()


def test_a_shorter_wait_does_not_shorten_a_longer_pause() -> None:
    mw, slots, _ = middleware()
    mw.process_response(*answer(503, "30"))
    first = slots["slow.example"].latercall
    mw.process_response(*answer(503, "2"))
    assert slots["slow.example"].latercall is first
    assert first is not None
    first.cancel()


def test_no_header_or_asked_too_often_goes_to_the_other_paths() -> None:
    mw, slots, _ = middleware()
    for request, response in (answer(429, None), answer(429, "5", times=3), answer(500, "5")):
        assert mw.process_response(request, response) is response
    assert slots["slow.example"].latercall is None
