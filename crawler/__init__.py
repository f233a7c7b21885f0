"""The Scrapy project: polite settings, one generic discovery spider, site profiles, thin pipelines."""
