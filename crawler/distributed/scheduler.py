"""scrapy-redis's scheduler, with the requests that only this worker can answer kept in memory.

A listing waits in its worker's memory for its seller's profile page (``ListingSpider.with_seller``);
the seller request must come back to that worker, so it never enters the shared queue. The
product page's lease stays held while its listings wait, so a worker killed meanwhile loses nothing:
the product page goes back to the queue and another worker fetches both pages.
"""

from __future__ import annotations

from collections import deque

from scrapy import Request
from scrapy_redis.scheduler import Scheduler


def is_local(request: Request) -> bool:
    """A seller-page request made for waiting listings, or the spider's own release of them."""
    return "listing_seller_url" in request.cb_kwargs or request.url.startswith("data:")


class LeasedScheduler(Scheduler):  # type: ignore[misc]
    def open(self, spider: object) -> None:
        super().open(spider)
        self.local: deque[Request] = deque()

    def enqueue_request(self, request: Request) -> bool:
        if is_local(request):
            self.local.append(request)
            if self.stats:
                self.stats.inc_value("scheduler/enqueued/local")
            return True
        return bool(super().enqueue_request(request))

    def next_request(self) -> Request | None:
        if self.local:
            return self.local.popleft()
        request: Request | None = super().next_request()
        return request

    def has_pending_requests(self) -> bool:
        return bool(self.local) or bool(super().has_pending_requests())
