"""Schema migrations. Each runs in a transaction and is recorded in `_sqlite_migrations`."""

from __future__ import annotations

from sqlite_utils import Database, Migrations
from sqlite_utils.db import Table

migrations = Migrations("originwatch")


def _t(db: Database, name: str) -> Table:
    table = db[name]
    assert isinstance(table, Table)
    return table


@migrations()
def m001_core(db: Database) -> None:
    _t(db, "crawl_runs").create(
        {
            "id": int,
            "spider": str,
            "start_url": str,
            "args": str,  # JSON
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | finished | failed | broken
            "stats": str,  # JSON: Scrapy stats plus ours (pages/broken, pages/blocked, listings/new ...)
            "notes": str,  # JSON list: robots overrides, health-check failures ...
        },
        pk="id",
        not_null={"spider", "started_at", "status"},
    )
    _t(db, "sellers").create(
        {
            "id": int,
            "platform": str,
            "seller_key": str,  # seller URL path, or normalized name when no URL
            "name": str,
            "url": str,
            "location": str,
            "contacts": str,  # JSON list
            "attributes": str,  # JSON object
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null={"platform", "seller_key", "first_seen", "last_seen"},
    )
    _t(db, "sellers").create_index(["platform", "seller_key"], unique=True)
    _t(db, "listings").create(
        {
            "id": int,
            "platform": str,
            "listing_key": str,  # the site's listing id, else the canonical URL path
            "kind": str,  # product | advert
            "url": str,
            "title": str,
            "description": str,
            "price": str,
            "price_max": str,
            "currency": str,
            "min_order": str,
            "sku": str,
            "availability": str,
            "seller_id": int,
            "seller_name": str,
            "seller_url": str,
            "seller_location": str,
            "origin": str,
            "attributes": str,  # JSON object
            "contacts": str,  # JSON list
            "images": str,  # JSON list
            "category": str,
            "content_hash": str,
            "version": int,
            "first_seen": str,
            "last_seen": str,
            "last_run_id": int,
        },
        pk="id",
        not_null={"platform", "listing_key", "url", "content_hash", "first_seen", "last_seen"},
        foreign_keys=[("seller_id", "sellers", "id"), ("last_run_id", "crawl_runs", "id")],
    )
    _t(db, "listings").create_index(["platform", "listing_key"], unique=True)
    _t(db, "listings").create_index(["last_seen"])
    _t(db, "listings").enable_fts(
        ["title", "description", "seller_name", "seller_location", "origin", "attributes"],
        create_triggers=True,
        tokenize="unicode61",
    )
    _t(db, "listing_versions").create(
        {
            "id": int,
            "listing_id": int,
            "version": int,
            "content_hash": str,
            "captured_at": str,
            "run_id": int,
            "data": str,  # JSON snapshot of the listing's content fields
        },
        pk="id",
        not_null={"listing_id", "version", "content_hash", "captured_at"},
        foreign_keys=[("listing_id", "listings", "id"), ("run_id", "crawl_runs", "id")],
    )
    _t(db, "listing_versions").create_index(["listing_id", "version"], unique=True)
    _t(db, "watchlist_versions").create(
        {
            "id": int,
            "source": str,
            "format": str,
            "files": str,  # JSON list of paths as given
            "sha256": str,
            "imported_at": str,
            "entity_count": int,
            "alias_count": int,
            "filters": str,  # JSON
            "warnings": str,  # JSON list
        },
        pk="id",
        not_null={"source", "format", "sha256", "imported_at"},
    )
    _t(db, "watchlist_entities").create(
        {
            "id": int,
            "source": str,
            "entity_id": str,
            "version_id": int,
            "schema": str,
            "name": str,
            "aliases": str,  # JSON list of {name, quality, kind}
            "identifiers": str,
            "phones": str,
            "emails": str,
            "websites": str,
            "addresses": str,
            "countries": str,
            "programs": str,
            "topics": str,
            "citation": str,
            "evidence": str,
            "remarks": str,
            "content_hash": str,
        },
        pk="id",
        not_null={"source", "entity_id", "name", "version_id"},
        foreign_keys=[("version_id", "watchlist_versions", "id")],
    )
    _t(db, "watchlist_entities").create_index(["source", "entity_id"], unique=True)
    _t(db, "hits").create(
        {
            "id": int,
            "listing_id": int,
            "score": float,
            "priority": str,  # high (flagged) | low (a lower-priority lead below the flag line)
            "category": str,
            "status": str,  # new | confirmed | dismissed | escalated
            "assignee": str,
            "reasons": str,  # JSON list, as screened most recently
            "reasons_hash": str,
            "watchlist_version_id": int,  # the newest list version the screening saw
            "stale": int,  # 1 when a later screening no longer finds any reason
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"listing_id", "score", "status", "reasons", "created_at", "updated_at"},
        foreign_keys=[("listing_id", "listings", "id"), ("watchlist_version_id", "watchlist_versions", "id")],
        defaults={"stale": 0},
    )
    _t(db, "hits").create_index(["listing_id"], unique=True)
    _t(db, "hits").create_index(["status", "score"])
    _t(db, "hit_reasons").create(
        {
            "id": int,
            "hit_id": int,
            "kind": str,
            "rule": str,
            "score": float,
            "detail": str,
            "matched_text": str,
            "entity_id": str,
            "source": str,
            "list_version_id": int,  # the watchlist version the matched entry came from
            "field": str,
        },
        pk="id",
        not_null={"hit_id", "kind", "rule"},
        foreign_keys=[("hit_id", "hits", "id")],
    )
    _t(db, "hit_reasons").create_index(["hit_id"])
    _t(db, "hit_reasons").create_index(["kind"])
    _t(db, "review_events").create(
        {
            "id": int,
            "hit_id": int,
            "at": str,
            "by": str,
            "old_status": str,
            "new_status": str,
            "note": str,
        },
        pk="id",
        not_null={"hit_id", "at", "by", "new_status"},
        foreign_keys=[("hit_id", "hits", "id")],
    )
    _t(db, "review_events").create_index(["hit_id"])


@migrations()
def m002_watchlist_snapshots(db: Database) -> None:
    """Per-version entity hashes, so `watchlist diff A B` works after later imports replace entries."""
    _t(db, "watchlist_version_entities").create(
        {"id": int, "version_id": int, "entity_id": str, "name": str, "content_hash": str},
        pk="id",
        not_null={"version_id", "entity_id", "content_hash"},
        foreign_keys=[("version_id", "watchlist_versions", "id")],
    )
    _t(db, "watchlist_version_entities").create_index(["version_id", "entity_id"], unique=True)


@migrations()
def m003_evidence(db: Database) -> None:
    """The raw response behind each listing version, as one gzipped WARC record."""
    _t(db, "evidence").create(
        {
            "id": int,
            "listing_id": int,
            "version": int,
            "url": str,
            "status": int,
            "captured_at": str,
            "record_id": str,  # WARC-Record-ID
            "sha256": str,  # of the response body
            "warc": bytes,
        },
        pk="id",
        not_null={"listing_id", "version", "url", "captured_at", "record_id", "sha256", "warc"},
        foreign_keys=[("listing_id", "listings", "id")],
    )
    _t(db, "evidence").create_index(["listing_id", "version"], unique=True)


@migrations()
def m004_list_meta(db: Database) -> None:
    """What a list says about itself (publisher, URL, retrieved date), kept with each version."""
    _t(db, "watchlist_versions").add_column("meta", str)


@migrations()
def review_m001_users_and_audit(db: Database) -> None:
    """Web review: users and roles, login throttling, the UI's session secret, a version on each hit for
    the concurrent-reviewer check, and audit events for assignment and notes as well as decisions."""
    _t(db, "users").create(
        {
            "id": int,
            "username": str,
            "display_name": str,
            "email": str,
            "password_hash": str,  # argon2id
            "role": str,  # analyst | campaigner | admin
            "disabled": int,
            "session_counter": int,  # bumped on role change and "log out everywhere": old sessions end
            "last_login_at": str,
            "previous_login_at": str,  # "since my last visit" in today's queue
            "created_at": str,
        },
        pk="id",
        not_null={"username", "password_hash", "role", "created_at"},
        defaults={"disabled": 0, "session_counter": 0},
    )
    _t(db, "users").create_index(["username"], unique=True)
    _t(db, "login_failures").create(
        {"id": int, "username": str, "remote_addr": str, "at": str}, pk="id", not_null={"at"}
    )
    _t(db, "login_failures").create_index(["username", "at"])
    _t(db, "login_failures").create_index(["remote_addr", "at"])
    _t(db, "app_secrets").create({"name": str, "value": str}, pk="name", not_null={"value"})
    hits = _t(db, "hits")
    if "version" not in hits.columns_dict:
        hits.add_column("version", int, not_null_default=0)
    events = _t(db, "review_events")
    for column in ("action", "reason", "old_assignee", "new_assignee"):
        if column not in events.columns_dict:
            events.add_column(column, str)
    hits.create_index(["updated_at"], if_not_exists=True)  # today's queue: changed since my last visit
    db.execute("create index if not exists idx_listings_seller_nocase on listings (seller_name collate nocase)")


@migrations()
def app_m001_run_owner(db: Database) -> None:
    """Who runs a crawl (pid, host, heartbeat), so a killed crawl is marked interrupted; and why a run
    ended badly, in one line."""
    runs = _t(db, "crawl_runs")
    for column, kind in (("owner_pid", int), ("owner_host", str), ("heartbeat_at", str), ("cause", str)):
        runs.add_column(column, kind)
    runs.create_index(["status"])
    runs.create_index(["spider", "id"])


@migrations()
def app_m002_cjk_search(db: Database) -> None:
    """Full-text search that finds Chinese, Japanese and Korean words inside longer text: the trigram
    tokenizer matches any substring of three characters or more (shorter queries use LIKE)."""
    columns = ["title", "description", "seller_name", "seller_location", "origin", "attributes"]
    listings = _t(db, "listings")
    listings.disable_fts()
    listings.enable_fts(columns, create_triggers=True, tokenize="trigram")
    listings.rebuild_fts()


@migrations()
def app_m003_queue_indexes(db: Database) -> None:
    """What the daily queue's plans rely on at a million listings: the queue order with score
    descending (per status, and over all statuses), the reason probe by hit id and kind, hits created
    or re-reasoned since a date, and when a hit's reasons last changed (``hits --changed-since``)."""
    hits = _t(db, "hits")
    hits.add_column("reasons_changed_at", str)
    db.execute("update hits set reasons_changed_at = updated_at")
    db.execute("create index if not exists idx_hits_status_queue on hits (status, priority, score desc, id)")
    db.execute("create index if not exists idx_hits_queue on hits (priority, score desc, id)")
    hits.create_index(["reasons_changed_at"], if_not_exists=True)
    hits.create_index(["created_at"], if_not_exists=True)
    _t(db, "hit_reasons").create_index(["hit_id", "kind"], if_not_exists=True)


@migrations()
def app_m004_version_entity_fields(db: Database) -> None:
    """Each list version keeps its entities' fields, so `watchlist diff` shows what changed field by field."""
    _t(db, "watchlist_version_entities").add_column("data", str)


@migrations()
def schedule_m001_runs_commands_digests(db: Database) -> None:
    """Scheduled crawls: one history row per scheduled run (with its outcome counts), the command rows
    `schedule run-now | pause | resume` leave for the daemon, per-site state (paused, last fire, next
    run), the rescans the scheduler made, and each digest with every delivery attempt."""
    _t(db, "schedule_runs").create(
        {
            "id": int,
            "site": str,
            "trigger": str,  # cron | run-now | tick
            "status": str,  # running | finished | broken | failed | timed_out | skipped | missed | interrupted
            "started_at": str,
            "finished_at": str,
            "owner": str,  # "pid:start-ticks@host" of the daemon or tick process that runs it
            "worker_pid": int,
            "crawl_run_id": int,
            "exit_code": int,
            "cause": str,  # one line: why it failed, timed out or was skipped
            "pages": int,
            "listings": int,  # complete listings stored (new + changed + unchanged)
            "listings_new": int,
            "listings_changed": int,
            "hits_new": int,
            "hits_changed": int,
            "errors": int,
            "blocks": int,
            "health": str,  # JSON list of failed health checks; [] when healthy
            "rescan_id": int,
        },
        pk="id",
        not_null={"site", "trigger", "status", "started_at"},
    )
    _t(db, "schedule_runs").create_index(["site", "id"])
    _t(db, "schedule_runs").create_index(["status"])
    _t(db, "schedule_commands").create(
        {
            "id": int,
            "site": str,
            "command": str,  # run-now | pause | resume
            "requested_at": str,
            "requested_by": str,
            "handled_at": str,
            "outcome": str,
        },
        pk="id",
        not_null={"site", "command", "requested_at"},
    )
    _t(db, "schedule_commands").create_index(["handled_at"])
    _t(db, "schedule_state").create(
        {"site": str, "paused": int, "last_fire": str, "next_run": str, "updated_at": str},
        pk="site",
        defaults={"paused": 0},
    )
    _t(db, "schedule_rescans").create(
        {
            "id": int,
            "at": str,
            "versions": str,  # JSON {source: version id} the archive was screened against
            "screened": int,
            "new_hits": int,
            "updated_hits": int,
            "stale_hits": int,
            "seconds": float,
            "status": str,  # finished | failed
            "cause": str,
        },
        pk="id",
        not_null={"at", "versions", "status"},
    )
    _t(db, "digests").create(
        {
            "id": int,
            "created_at": str,
            "since": str,
            "hits": int,
            "subject": str,
            "status": str,  # sending | sent | partial | failed | empty
        },
        pk="id",
        not_null={"created_at", "status"},
    )
    _t(db, "digest_deliveries").create(
        {"id": int, "digest_id": int, "target": str, "attempt": int, "at": str, "ok": int, "error": str},
        pk="id",
        not_null={"digest_id", "target", "attempt", "at", "ok"},
        foreign_keys=[("digest_id", "digests", "id")],
    )
    _t(db, "digest_deliveries").create_index(["digest_id"])

@migrations()
def resume_m001_frontier(db: Database) -> None:
    """The persisted crawl queue behind ``originwatch crawl --resume`` (db/frontier.py)."""
    _t(db, "frontier").create(
        {"run_id": int, "fingerprint": str, "request": str, "added_at": str},
        pk=("run_id", "fingerprint"),
        not_null={"request"},
    )
    _t(db, "frontier_seen").create({"run_id": int, "fingerprint": str}, pk=("run_id", "fingerprint"))


@migrations()
def review_m002_queue_filters(db: Database) -> None:
    """The review UI's filters at a million listings: each hit carries its listing's platform (set by a
    trigger, since a listing's platform never changes), so a platform filter needs no listing lookup;
    reason kind -> hit ids from the index alone; categories and assignees listed from their indexes."""
    hits = _t(db, "hits")
    if "platform" not in hits.columns_dict:
        hits.add_column("platform", str)
    db.execute("update hits set platform = (select l.platform from listings l where l.id = hits.listing_id)")
    db.execute(
        "create trigger if not exists hits_platform_ai after insert on hits when new.platform is null begin"
        " update hits set platform = (select l.platform from listings l where l.id = new.listing_id)"
        " where id = new.id; end"
    )
    db.execute("create index if not exists idx_hits_platform_queue on hits (platform, priority, score desc, id)")
    db.execute("create index if not exists idx_hit_reasons_kind_hit on hit_reasons (kind, hit_id)")
    hits.create_index(["category"], if_not_exists=True)
    hits.create_index(["assignee"], if_not_exists=True)


@migrations()
def extract_m001_seller_source(db: Database) -> None:
    """Where the page named each listing's seller (`seller_source`: structured offer, buy box, labelled row,
    page JSON, advertiser block), so `hits show` can say why that name was read as the seller."""
    _t(db, "listings").add_column("seller_source", str)


@migrations()
def app_m005_fts_on_text_changes(db: Database) -> None:
    """Re-index a listing's text only when its text changes: a re-crawl moving `last_seen`, or a
    screening writing `category`, no longer re-tokenizes the whole listing (trigram indexing is costly)."""
    names = ("title", "description", "seller_name", "seller_location", "origin", "attributes")
    columns = ", ".join(f'"{c}"' for c in names)
    old = ", ".join(f'old."{c}"' for c in names)
    new = ", ".join(f'new."{c}"' for c in names)
    db.execute('DROP TRIGGER IF EXISTS "listings_au"')
    db.execute(
        f'CREATE TRIGGER "listings_au" AFTER UPDATE OF {columns} ON "listings" BEGIN\n'
        f'  INSERT INTO "listings_fts" ("listings_fts", rowid, {columns}) VALUES(\'delete\', old.rowid, {old});\n'
        f'  INSERT INTO "listings_fts" (rowid, {columns}) VALUES (new.rowid, {new});\n'
        "END"
    )
