"""A distributed crawl's job in Redis: what every worker runs, written once by the seeder."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crawler.distributed.keys import CrawlKeys


class RedisRefusedError(ValueError):
    """A Redis URL or crawl that cannot be used as given; one line for the user."""


def connect(url: str) -> Any:
    """A client for ``url``; a Redis without a password is refused (write access to the queue is
    control of every worker's crawl)."""
    import redis

    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise RedisRefusedError(f"not a Redis URL: {url!r} (redis://[user]:PASSWORD@host:port/0)")
    if not parts.password:
        raise RedisRefusedError("the Redis URL has no password; set one (requirepass or an ACL user) and "
                                "give it as redis://[user]:PASSWORD@host:port/0")  # fmt: skip
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        raise RedisRefusedError(f"Redis at {parts.hostname}:{parts.port or 6379}: {exc}") from None
    return client


@dataclass(frozen=True)
class CrawlJob:
    spider: str
    spider_args: dict[str, str]
    run_id: int
    overrides: dict[str, Any] = field(default_factory=dict)  # the crawl's own departures from the defaults

    def write(self, server: Any, crawl: str) -> None:
        server.hset(CrawlKeys(crawl).job, mapping={"json": json.dumps(asdict(self))})

    @classmethod
    def read(cls, server: Any, crawl: str) -> CrawlJob:
        raw = server.hget(CrawlKeys(crawl).job, "json")
        if raw is None:
            raise RedisRefusedError(f"no distributed crawl {crawl!r} in this Redis; seed it with "
                                    "`originwatch crawl SITE --distributed --crawl NAME`")  # fmt: skip
        return cls(**json.loads(raw))


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"
