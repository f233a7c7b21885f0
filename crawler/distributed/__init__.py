"""Distributed crawling on scrapy-redis: many workers share one request queue, one duplicate filter
and one politeness budget per site in Redis, and push what they find to a Redis Stream that
``originwatch ingest`` stores on one host (the single SQLite writer).

Stock scrapy-redis is closed up through its own extension points, never forked:
``SCHEDULER_QUEUE_CLASS`` (leased requests, ``queue.py``), ``SCHEDULER_SERIALIZER`` (JSON, never
pickle, ``serializer.py``), a pipeline (the item stream, ``stream.py``), a downloader middleware
(the shared politeness budget, ``politeness.py``) and an extension with a spider middleware (leases
acknowledged once a page's items are in the stream, ``leases.py``).
"""
