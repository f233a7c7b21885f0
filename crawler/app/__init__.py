"""The application layer: every use case of originwatch, once.

Build the screener from the store, screen and record, import lists and rescan, run a crawl in its
own process, the demo, review actions and exports live here. Every interface — the command line
(``crawler/cli``), the Scrapy pipelines and extensions, the web UI and the scheduler — calls these
functions (and ``db/`` read queries) and orchestrates nothing on its own.

Layering, checked by ``tests/test_layers.py``: interfaces → ``crawler.app`` → (the Scrapy parts of
``crawler`` | ``matchers`` | ``db``) → ``watchlists`` model. Nothing below imports this package.
Modules here import Scrapy lazily, so read commands start fast.
"""
