"""The shared request queue with leases (``SCHEDULER_QUEUE_CLASS``).

Stock scrapy-redis deletes a request from the queue when a worker takes it, while its fingerprint
stays in the duplicate filter: a worker killed with the request in hand loses that page for good.
Here a pop moves the request into a processing set with a deadline (a lease); the worker
acknowledges it only once the page's items are in the item stream (``leases.py``) and renews the
leases it holds while it works. A lease past its deadline belongs to a dead worker: any worker
puts it back in the queue, in its old place. Pop, requeue and acknowledge are Lua scripts, so two
workers never take one request, and deadlines are on Redis's clock, not the workers'.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import Base

from crawler.distributed.keys import CrawlKeys

LEASE_META = "originwatch_lease"  # request.meta key: the lease id a popped request is held under

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6 "

# KEYS: requests processing leased leased_score lease_seq; ARGV: lease seconds
POP = _NOW + """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return false end
redis.call('ZREM', KEYS[1], first[1])
local id = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[3], id, first[1])
redis.call('HSET', KEYS[4], id, first[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
return {tostring(id), first[1]}
"""

# KEYS: requests processing leased leased_score; requeues every lease past its deadline
REQUEUE = _NOW + """
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(ids) do
  local data = redis.call('HGET', KEYS[3], id)
  if data then redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[4], id), data) end
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
end
return #ids
"""

# KEYS: processing; ARGV: lease seconds, ids... ; only leases still held (XX) are extended
RENEW = _NOW + """
local n = 0
for i = 2, #ARGV do n = n + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[i]) end
return n
"""

# KEYS: processing leased leased_score; ARGV: id
ACK = """
local n = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return n
"""


class LeaseStore:
    """The lease scripts over one crawl's keys."""

    def __init__(self, server: Any, keys: CrawlKeys, lease_seconds: float) -> None:
        self.server, self.keys, self.lease_seconds = server, keys, lease_seconds
        self.key = keys.requests
        self._pop = server.register_script(POP)
        self._requeue = server.register_script(REQUEUE)
        self._renew = server.register_script(RENEW)
        self._ack = server.register_script(ACK)

    def take(self) -> tuple[str, bytes] | None:
        """The first request in the queue, leased: (lease id, request as queued)."""
        k = self.keys
        taken = self._pop(keys=[self.key, k.processing, k.leased, k.leased_score, k.lease_seq], args=[self.lease_seconds])
        if not taken:
            return None
        lease, data = taken
        return (lease.decode() if isinstance(lease, bytes) else str(lease)), data

    def requeue_expired(self) -> int:
        k = self.keys
        return int(self._requeue(keys=[self.key, k.processing, k.leased, k.leased_score]))

    def renew(self, leases: list[str]) -> int:
        if not leases:
            return 0
        return int(self._renew(keys=[self.keys.processing], args=[self.lease_seconds, *leases]))

    def ack(self, lease: str) -> bool:
        k = self.keys
        return bool(self._ack(keys=[k.processing, k.leased, k.leased_score], args=[lease]))

    def leases_out(self) -> int:
        """Leases held by any worker, this one included."""
        return int(self.server.zcard(self.keys.processing))

    def pending(self) -> int:
        return int(self.server.zcard(self.key))


class LeasedPriorityQueue(Base):  # type: ignore[misc]
    """Stock scrapy-redis's priority order (a sorted set scored by -priority), with leases."""

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        settings = spider.crawler.settings
        self.leases = LeaseStore(server, CrawlKeys(settings.get("ORIGINWATCH_CRAWL")),
                                 settings.getfloat("ORIGINWATCH_LEASE_SECONDS"))  # fmt: skip
        self.key = self.leases.key
        from crawler.distributed.leases import LeaseKeeper

        self.keeper = LeaseKeeper.of(spider.crawler)

    def __len__(self) -> int:
        # Only what can be taken: leases held elsewhere are not this worker's pending work.
        return self.leases.pending()

    def push(self, request: Request) -> None:
        request.meta.pop(LEASE_META, None)  # a retry or redirect of a leased request is a new entry
        self.server.execute_command("ZADD", self.key, -request.priority, self._encode_request(request))

    def pop(self, timeout: int = 0) -> Request | None:
        taken = self.leases.take()
        if taken is None:
            return None
        lease, data = taken
        request: Request = self._decode_request(data)
        request.meta[LEASE_META] = lease
        self.keeper.taken(lease)
        return request

    def clear(self) -> None:
        k = self.leases.keys
        self.server.delete(self.key, k.processing, k.leased, k.leased_score)
