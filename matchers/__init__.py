"""Pure matching functions: no I/O, no Scrapy, no database. Each returns explained results."""
