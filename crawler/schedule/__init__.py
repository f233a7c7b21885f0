"""The scheduler interface: the APScheduler daemon (`originwatch schedule run`) over crawler.app.schedule."""
