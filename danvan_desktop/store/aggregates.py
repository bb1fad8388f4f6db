"""Monthly counts behind the district's period figures, kept in step by triggers.

At a million initiatives a year's figures read ~100,000 initiatives and ~180,000
contributions row by row (about a second). These tables hold the same figures summed by
month, so a period of whole months reads a few thousand rows; the days at the edges of a
period that starts or ends inside a month are read from the records themselves.

Only live records count (and, for contributions, only those of live campaigns), exactly
as store/stats.py counts them; one commune's figures are read from the records directly
(its index makes that cheap). Rows whose count falls to 0 are kept: harmless, and an
upsert then finds them again.

- ``stats_registered_communes``: initiatives by registration month (``''`` when only the
  year is known), year and commune;
- ``stats_registered_kinds``: the same by month, year, field, kind and status;
- ``stats_contributions``: contributions by month, source and kind (money and quantity);
- ``stats_campaigns``: campaigns by month started and month finished (``''`` when not
  known), completed or not, and type, with the households benefited.

With them, covering indexes for one commune's figures: its registrations, its campaigns'
ledgers and its initiatives' moves, each read from an index alone.
"""

from __future__ import annotations

import sqlite3

from .connection import Database

TABLES = """
CREATE TABLE stats_registered_communes (
    month TEXT NOT NULL, year INTEGER NOT NULL, commune_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (month, year, commune_id)) WITHOUT ROWID;
CREATE TABLE stats_registered_kinds (
    month TEXT NOT NULL, year INTEGER NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL,
    status TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (month, year, field, kind, status)) WITHOUT ROWID;
CREATE INDEX stats_registered_kinds_year ON stats_registered_kinds(year, n);
CREATE TABLE stats_contributions (
    month TEXT NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL,
    money INTEGER NOT NULL, quantity REAL NOT NULL,
    PRIMARY KEY (month, source, kind)) WITHOUT ROWID;
CREATE TABLE stats_campaigns (
    started TEXT NOT NULL, finished TEXT NOT NULL, completed INTEGER NOT NULL,
    type TEXT NOT NULL, n INTEGER NOT NULL, households INTEGER NOT NULL,
    PRIMARY KEY (started, finished, completed, type)) WITHOUT ROWID;
CREATE INDEX initiatives_live_commune_registered ON initiatives(commune_id, registered_on,
    field, kind, status, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX contributions_live_campaign ON contributions(campaign_id, on_date, source, kind,
    amount_vnd, quantity, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX status_history_of_initiative ON initiative_status_history(initiative_id,
    to_status, changed_on);
"""


def _initiative_sql(row: str, sign: str) -> str:
    """Statements adding (sign '+') or taking away (sign '-') the initiative ``row``
    (NEW or OLD) from the monthly counts."""
    month = f"coalesce(substr({row}.registered_on, 1, 7), '')"
    return f"""
    INSERT INTO stats_registered_communes (month, year, commune_id, n)
        VALUES ({month}, {row}.year, {row}.commune_id, {sign}1)
        ON CONFLICT DO UPDATE SET n = n {sign} 1;
    INSERT INTO stats_registered_kinds (month, year, field, kind, status, n)
        VALUES ({month}, {row}.year, {row}.field, {row}.kind, {row}.status, {sign}1)
        ON CONFLICT DO UPDATE SET n = n {sign} 1;"""


def _contribution_sql(row: str, sign: str) -> str:
    return f"""
    INSERT INTO stats_contributions (month, source, kind, money, quantity)
        VALUES (substr({row}.on_date, 1, 7), {row}.source, {row}.kind,
                {sign}coalesce({row}.amount_vnd, 0), {sign}coalesce({row}.quantity, 0))
        ON CONFLICT DO UPDATE SET money = money + excluded.money,
                                  quantity = quantity + excluded.quantity;"""


def _campaign_sql(sign: str) -> str:
    """A campaign binned ('-') or restored ('+'): its live contributions leave or join."""
    return f"""
    INSERT INTO stats_contributions (month, source, kind, money, quantity)
        SELECT substr(on_date, 1, 7), source, kind, {sign}total(coalesce(amount_vnd, 0)),
               {sign}total(coalesce(quantity, 0))
        FROM contributions WHERE campaign_id = NEW.id AND deleted_at IS NULL
        GROUP BY 1, 2, 3
        ON CONFLICT DO UPDATE SET money = money + excluded.money,
                                  quantity = quantity + excluded.quantity;"""


def _campaign_count_sql(row: str, sign: str) -> str:
    return f"""
    INSERT INTO stats_campaigns (started, finished, completed, type, n, households)
        VALUES (coalesce(substr({row}.started_on, 1, 7), ''),
                coalesce(substr({row}.finished_on, 1, 7), ''),
                {row}.status = 'hoan_thanh', {row}.type,
                {sign}1, {sign}coalesce({row}.households_benefited, 0))
        ON CONFLICT DO UPDATE SET n = n + excluded.n,
                                  households = households + excluded.households;"""


_LIVE_CAMPAIGN = ("EXISTS (SELECT 1 FROM campaigns c WHERE c.id = {row}.campaign_id"
                  " AND c.deleted_at IS NULL)")
_INITIATIVE_COLUMNS = "registered_on, year, commune_id, field, kind, status, deleted_at"
_CAMPAIGN_COLUMNS = "started_on, finished_on, status, type, households_benefited, deleted_at"
_CONTRIBUTION_COLUMNS = "on_date, source, kind, amount_vnd, quantity, campaign_id, deleted_at"


def _triggers() -> list[str]:
    live_new = "NEW.deleted_at IS NULL"
    live_old = "OLD.deleted_at IS NULL"
    k_new = f"NEW.deleted_at IS NULL AND {_LIVE_CAMPAIGN.format(row='NEW')}"
    k_old = f"OLD.deleted_at IS NULL AND {_LIVE_CAMPAIGN.format(row='OLD')}"
    return [
        f"CREATE TRIGGER stats_initiative_in AFTER INSERT ON initiatives WHEN {live_new}"
        f" BEGIN {_initiative_sql('NEW', '+')} END",
        f"CREATE TRIGGER stats_initiative_out AFTER DELETE ON initiatives WHEN {live_old}"
        f" BEGIN {_initiative_sql('OLD', '-')} END",
        f"CREATE TRIGGER stats_initiative_was BEFORE UPDATE OF {_INITIATIVE_COLUMNS}"
        f" ON initiatives WHEN {live_old} BEGIN {_initiative_sql('OLD', '-')} END",
        f"CREATE TRIGGER stats_initiative_now AFTER UPDATE OF {_INITIATIVE_COLUMNS}"
        f" ON initiatives WHEN {live_new} BEGIN {_initiative_sql('NEW', '+')} END",
        f"CREATE TRIGGER stats_contribution_in AFTER INSERT ON contributions WHEN {k_new}"
        f" BEGIN {_contribution_sql('NEW', '+')} END",
        f"CREATE TRIGGER stats_contribution_out AFTER DELETE ON contributions WHEN {k_old}"
        f" BEGIN {_contribution_sql('OLD', '-')} END",
        f"CREATE TRIGGER stats_contribution_was BEFORE UPDATE OF {_CONTRIBUTION_COLUMNS}"
        f" ON contributions WHEN {k_old} BEGIN {_contribution_sql('OLD', '-')} END",
        f"CREATE TRIGGER stats_contribution_now AFTER UPDATE OF {_CONTRIBUTION_COLUMNS}"
        f" ON contributions WHEN {k_new} BEGIN {_contribution_sql('NEW', '+')} END",
        "CREATE TRIGGER stats_campaign_binned AFTER UPDATE OF deleted_at ON campaigns"
        f" WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL"
        f" BEGIN {_campaign_sql('-')} END",
        "CREATE TRIGGER stats_campaign_restored AFTER UPDATE OF deleted_at ON campaigns"
        f" WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL"
        f" BEGIN {_campaign_sql('+')} END",
        f"CREATE TRIGGER stats_campaign_in AFTER INSERT ON campaigns WHEN {live_new}"
        f" BEGIN {_campaign_count_sql('NEW', '+')} END",
        f"CREATE TRIGGER stats_campaign_out AFTER DELETE ON campaigns WHEN {live_old}"
        f" BEGIN {_campaign_count_sql('OLD', '-')} END",
        f"CREATE TRIGGER stats_campaign_was BEFORE UPDATE OF {_CAMPAIGN_COLUMNS}"
        f" ON campaigns WHEN {live_old} BEGIN {_campaign_count_sql('OLD', '-')} END",
        f"CREATE TRIGGER stats_campaign_now AFTER UPDATE OF {_CAMPAIGN_COLUMNS}"
        f" ON campaigns WHEN {live_new} BEGIN {_campaign_count_sql('NEW', '+')} END",
    ]


# A full recount: what the tables must hold (the test compares them with it).
RECOUNT = {
    "stats_registered_communes": (
        "SELECT coalesce(substr(registered_on, 1, 7), ''), year, commune_id, count(*)"
        " FROM initiatives WHERE deleted_at IS NULL GROUP BY 1, 2, 3"),
    "stats_registered_kinds": (
        "SELECT coalesce(substr(registered_on, 1, 7), ''), year, field, kind, status, count(*)"
        " FROM initiatives WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5"),
    "stats_contributions": (
        "SELECT substr(k.on_date, 1, 7), k.source, k.kind, total(coalesce(k.amount_vnd, 0)),"
        " total(coalesce(k.quantity, 0)) FROM contributions k"
        " JOIN campaigns c ON c.id = k.campaign_id AND c.deleted_at IS NULL"
        " WHERE k.deleted_at IS NULL GROUP BY 1, 2, 3"),
    "stats_campaigns": (
        "SELECT coalesce(substr(started_on, 1, 7), ''), coalesce(substr(finished_on, 1, 7), ''),"
        " status = 'hoan_thanh', type, count(*), total(coalesce(households_benefited, 0))"
        " FROM campaigns WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4"),
}


NEW_INDEXES = ("initiatives_live_commune_registered", "contributions_live_campaign",
               "status_history_of_initiative")


def rebuild(conn: sqlite3.Connection) -> None:
    """Recount the tables from the records (after a bulk load without the triggers)."""
    for table, query in RECOUNT.items():
        conn.execute(f"DELETE FROM {table}")
        conn.execute(f"INSERT INTO {table} {query}")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'stats_commune_contributions'"
                    ).fetchone():  # one commune's sums, from a later step
        from . import commune_aggregates

        commune_aggregates.rebuild(conn)


def create(db: Database) -> None:
    """The schema step: the tables, their triggers, and the counts of the records there."""
    for statement in TABLES.split(";"):
        if statement.strip():
            db.conn.execute(statement)
    for trigger in _triggers():
        db.conn.execute(trigger)
    rebuild(db.conn)
    # Without their statistics SQLite would take the new indexes for better than they are
    # (one commune's commendations read through its registrations: 8 ms → 200 ms at 1M).
    if db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        for name in NEW_INDEXES:
            db.conn.execute(f"ANALYZE {name}")
