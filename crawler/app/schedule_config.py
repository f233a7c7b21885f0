"""The schedule file: which sites are crawled when, and where the daily digest goes.

Validated strictly like the site profiles (unknown keys are errors, each reported as file:line:
field). Cron expressions, time windows and digest target URLs are checked when the file is loaded,
so a typo fails `originwatch schedule run` at start, not a crawl weeks later.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any

from apscheduler.triggers.cron import CronTrigger
from pydantic import BeforeValidator, Field, field_validator, model_validator

from watchlists.datafile import DataFileError, StrictModel, load_yaml

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}
# Cron counts weekdays from Sunday = 0 (7 too); APScheduler 3.x counts from Monday = 0. Names mean
# the same in both, so numbers are turned into names before APScheduler reads them.
CRON_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
SITE_NAME = r"^[a-z0-9][a-z0-9_.-]*$"

__all__ = ["DataFileError", "DigestConfig", "ScheduleConfig", "SiteSchedule", "TimeWindow", "load_schedule"]


def _seconds(value: Any) -> Any:
    """``90``, ``"90s"``, ``"15m"``, ``"2h"``, ``"1d"`` → seconds."""
    if isinstance(value, str):
        match = DURATION.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a duration (e.g. 90, 90s, 15m, 2h, 1d)")
        return float(match.group(1)) * UNIT_SECONDS[match.group(2)]
    return value


Seconds = Annotated[float, BeforeValidator(_seconds), Field(ge=0)]
PositiveSeconds = Annotated[float, BeforeValidator(_seconds), Field(gt=0)]


def _weekday_field(field: str) -> str:
    def name(token: str) -> str:
        if not token.isdigit():
            return token
        number = int(token)
        if number > 7:
            raise ValueError(f"day of week {number} is not 0-7")
        return CRON_WEEKDAYS[number]

    parts = []
    for part in field.split(","):
        base, slash, step = part.partition("/")
        if "-" in base:
            start, end = base.split("-", 1)
            if start == "0" and end != "0":
                # Sunday first: "sun-sat" is no range in Monday-first counting.
                parts.append("sun")
                start = "1"
            base = f"{name(start)}-{name(end)}" if start != end else name(start)
        else:
            base = name(base)
        parts.append(base + slash + step)
    return ",".join(parts)


def cron_trigger(expression: str, *, jitter: float = 0) -> CronTrigger:
    """A UTC trigger from a cron expression: five fields (minute hour day month weekday), or six with
    a leading seconds field. Weekdays count from Sunday = 0 as in cron."""
    fields = expression.split()
    if len(fields) not in (5, 6):
        raise ValueError(f"{expression!r}: a cron expression has 5 fields (minute hour day month weekday) or 6")
    second = fields.pop(0) if len(fields) == 6 else "0"
    minute, hour, day, month, weekday = fields
    values = {"second": second, "minute": minute, "hour": hour, "day": day, "month": month}
    values["day_of_week"] = _weekday_field(weekday)
    for name, value in values.items():
        try:
            CronTrigger(**{name: value}, timezone=UTC)
        except ValueError as exc:
            raise ValueError(f"{expression!r}: {name.replace('_', ' ')} field: {exc}") from None
    return CronTrigger(**values, timezone=UTC, jitter=int(jitter) or None)


class TimeWindow(StrictModel):
    """Hours (UTC) a scheduled crawl may start in, e.g. ``"01:00-05:00"``; it may wrap midnight."""

    start: time
    end: time

    def contains(self, moment: datetime) -> bool:
        at = moment.astimezone(UTC).time()
        if self.start <= self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end

    def next_opening(self, moment: datetime) -> datetime:
        """The next time the window opens after ``moment`` (UTC)."""
        moment = moment.astimezone(UTC)
        opening = datetime.combine(moment.date(), self.start, tzinfo=UTC)
        return opening if opening > moment else opening + timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M} UTC"


def _window(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*", value)
        if not match:
            raise ValueError(f"{value!r} is not a time window like 01:00-05:00 (UTC)")
        return {"start": match.group(1), "end": match.group(2)}
    return value


class SiteSchedule(StrictModel):
    """One scheduled crawl. ``site`` names the schedule (and the spider unless ``spider`` is given)."""

    site: str = Field(pattern=SITE_NAME)
    spider: str = ""
    cron: str
    keywords: list[str] = Field(default_factory=list)
    page_limit: int | None = Field(default=None, ge=1)
    jitter: Seconds = 0
    window: Annotated[TimeWindow | None, BeforeValidator(_window)] = None
    timeout: PositiveSeconds
    args: dict[str, str] = Field(default_factory=dict)  # more `-a NAME=VALUE` spider arguments
    settings: dict[str, str | int | float | bool] = Field(default_factory=dict)  # `-s NAME=VALUE`, recorded

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        cron_trigger(value)
        return value

    @field_validator("keywords")
    @classmethod
    def _clean_keywords(cls, value: list[str]) -> list[str]:
        if any("," in k or not k.strip() for k in value):
            raise ValueError("each keyword is one non-empty word or phrase without commas")
        return [k.strip() for k in value]

    @model_validator(mode="after")
    def _keywords_once(self) -> SiteSchedule:
        if self.keywords and "keywords" in self.args:
            raise ValueError("give keywords once: as `keywords`, not also in `args`")
        return self

    @property
    def spider_name(self) -> str:
        return self.spider or self.site

    @property
    def job_id(self) -> str:
        return f"site:{self.site}"

    def spider_args(self) -> dict[str, str]:
        args = dict(self.args)
        if self.keywords:
            args["keywords"] = ",".join(self.keywords)
        return args

    def trigger(self, *, jitter: bool = True) -> CronTrigger:
        return cron_trigger(self.cron, jitter=self.jitter if jitter else 0)


class DigestConfig(StrictModel):
    """The daily digest: when, to whom (apprise URLs: mailto://, json://, slack:// ...), and the link base."""

    cron: str = "0 7 * * *"
    targets: list[str] = Field(min_length=1)
    web_ui_url: str = Field(pattern=r"^https?://")
    top: int = Field(default=10, ge=1, le=200)
    retries: int = Field(default=3, ge=0, le=20)
    retry_delay: Seconds = 60
    templates: Path | None = None  # a folder with digest.txt.j2 and digest.html.j2 to use instead of ours

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        cron_trigger(value)
        return value

    @field_validator("targets")
    @classmethod
    def _apprise_accepts(cls, targets: list[str]) -> list[str]:
        import apprise  # late: only configs with a digest need it

        for number, url in enumerate(targets):
            if apprise.Apprise.instantiate(url) is None:
                raise ValueError(f"target {number}: apprise does not accept {redact(url)!r}")
        return targets

    def trigger(self) -> CronTrigger:
        return cron_trigger(self.cron)


class ScheduleConfig(StrictModel):
    sites: list[SiteSchedule] = Field(min_length=1)
    digest: DigestConfig | None = None
    misfire_grace: PositiveSeconds = 24 * 3600  # a run missed by less than this still runs, once
    poll_interval: PositiveSeconds = 5  # how often the daemon reads command rows
    max_parallel: int = Field(default=2, ge=1, le=32)  # crawls of different sites at once
    kill_grace: Seconds = 10  # after the hard timeout, SIGTERM; after this much longer, SIGKILL
    log_file: Path | None = None  # rotating log; relative paths are relative to the schedule file
    log_dir: Path | None = None  # per-run crawl output; default: next to the log file

    @field_validator("sites")
    @classmethod
    def _unique(cls, sites: list[SiteSchedule]) -> list[SiteSchedule]:
        seen: set[str] = set()
        for entry in sites:
            if entry.site in seen:
                raise ValueError(f"site {entry.site!r} is scheduled twice")
            seen.add(entry.site)
        return sites

    def site(self, name: str) -> SiteSchedule:
        for entry in self.sites:
            if entry.site == name:
                return entry
        raise KeyError(name)

    def site_names(self) -> list[str]:
        return [s.site for s in self.sites]


def redact(url: str) -> str:
    """A target URL without its password or token, for logs and the delivery record."""
    return re.sub(r"(://[^:/@]+:)[^@/]+@", r"\1***@", url)


def load_schedule(path: Path) -> ScheduleConfig:
    """Read and check a schedule file; relative log paths are resolved against its folder."""
    config = load_yaml(path, ScheduleConfig)
    base = path.resolve().parent
    updates: dict[str, Any] = {}
    log_file = config.log_file or Path("originwatch-schedule.log")
    updates["log_file"] = log_file if log_file.is_absolute() else base / log_file
    log_dir = config.log_dir or updates["log_file"].parent / "crawl-logs"
    updates["log_dir"] = log_dir if log_dir.is_absolute() else base / log_dir
    if config.digest and config.digest.templates and not config.digest.templates.is_absolute():
        updates["digest"] = config.digest.model_copy(update={"templates": base / config.digest.templates})
    return config.model_copy(update=updates)
