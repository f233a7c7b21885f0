"""Polite defaults. A run may tighten them; loosening politeness must be explicit and is logged."""

from __future__ import annotations

BOT_NAME = "originwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify the bot and say why it is here.
USER_AGENT = "originwatch/0.1 (human-rights research crawler; forced-labour supply-chain monitoring)"
ROBOTSTXT_OBEY = True

# Few requests at once per site, slowed further by AutoThrottle when the site slows down.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50%
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# After a block page, at least this many seconds (doubling, up to AUTOTHROTTLE_MAX_DELAY) between
# requests to that site: AutoThrottle reacts to latency, not to captchas.
ORIGINWATCH_BLOCK_BACKOFF = 10.0

# Limits: no page may hold the crawl hostage.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
DEPTH_LIMIT = 8
CLOSESPIDER_PAGECOUNT = 2000
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REDIRECT_MAX_TIMES = 5

# Crawl limits in the manner of Heritrix (crawler/limits.py); a limit that bites is a run note.
ORIGINWATCH_PREFIX_BUDGET = 100  # requests into a path prefix (host/first/) that has yielded no listing
ORIGINWATCH_PREFIX_SEGMENTS = 1
ORIGINWATCH_PATH_BUDGETS: dict[str, int] = {}  # URL regex -> requests, whatever the pages hold
ORIGINWATCH_MAX_SEGMENT_REPEATS = 2
ORIGINWATCH_MAX_OUTLINKS = 300
# Breadth before depth: listing pages before the pages they lead to (Scrapy's BFO order).
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
# The persisted queue behind `crawl --resume` (crawler/middlewares/frontier.py); the run to resume.
ORIGINWATCH_FRONTIER = True
ORIGINWATCH_RESUME_FROM = 0
# Retry-After on 429/503 is honoured up to this many seconds, this many times per page.
ORIGINWATCH_RETRY_AFTER_MAX = 120.0
ORIGINWATCH_RETRY_AFTER_TIMES = 3

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.Rfc9309RobotsMiddleware": 100,
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    "crawler.middlewares.faults.NotHtmlMiddleware": 585,
    "crawler.middlewares.faults.RedirectLoopMiddleware": 610,
    "crawler.middlewares.encoding.EncodingFixMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.frontier.FrontierMiddleware": 40,  # engine side of every filter: sees what is kept
    "crawler.middlewares.broken.BrokenPageMiddleware": 45,
    "crawler.middlewares.limits.CrawlLimitsMiddleware": 850,
}
ITEM_PIPELINES = {
    "crawler.pipelines.normalize.NormalizePipeline": 100,
    "crawler.pipelines.match.MatchPipeline": 300,
    "crawler.pipelines.store.StorePipeline": 500,
    "crawler.pipelines.evidence.EvidencePipeline": 600,
}
EXTENSIONS = {
    "crawler.extensions.runlog.RunLog": 100,
    "crawler.middlewares.notes.RunNotes": 200,  # after RunLog: it writes notes made while closing
}

# Where the pipelines store results; the CLI sets it from --db / $ORIGINWATCH_DB.
ORIGINWATCH_DB = "originwatch.db"
# Screen with no watchlist at all when the store has none (explicit `--no-watchlist`; written to the
# run record). Off: a store without a list gets the bundled list, and the run record says so.
ORIGINWATCH_NO_WATCHLIST = False

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
