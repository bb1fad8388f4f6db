"""One commune's contributions summed by month, kept in step by triggers, as
store/aggregates.py keeps the whole district's: at a million records a large commune's
campaigns hold ~50,000 ledger rows over two years, read campaign by campaign in 100–150 ms;
these sums answer in a few milliseconds.

``stats_commune_contributions``: live contributions of live campaigns by month, the
campaign's commune, source and kind (money and quantity). A campaign binned, restored or
moved to another commune (a merge) takes its contributions with it."""

from __future__ import annotations

import sqlite3

from .connection import Database

TABLE = """
CREATE TABLE IF NOT EXISTS stats_commune_contributions (
    month TEXT NOT NULL, commune_id INTEGER NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL,
    money INTEGER NOT NULL, quantity REAL NOT NULL,
    PRIMARY KEY (commune_id, month, source, kind)) WITHOUT ROWID
"""

_UPSERT = """
    ON CONFLICT DO UPDATE SET money = money + excluded.money,
                              quantity = quantity + excluded.quantity;"""


def _row_sql(row: str, sign: str) -> str:
    """Add ('+') or take away ('-') the contribution ``row`` (NEW or OLD)."""
    return f"""
    INSERT INTO stats_commune_contributions (month, commune_id, source, kind, money, quantity)
        SELECT substr({row}.on_date, 1, 7), c.commune_id, {row}.source, {row}.kind,
               {sign}coalesce({row}.amount_vnd, 0), {sign}coalesce({row}.quantity, 0)
        FROM campaigns c WHERE c.id = {row}.campaign_id AND c.deleted_at IS NULL
            AND c.commune_id IS NOT NULL AND {row}.on_date IS NOT NULL
        {_UPSERT}"""


def _campaign_sql(commune: str, sign: str) -> str:
    """A campaign's live contributions join ('+') or leave ('-') ``commune``."""
    return f"""
    INSERT INTO stats_commune_contributions (month, commune_id, source, kind, money, quantity)
        SELECT substr(on_date, 1, 7), {commune}, source, kind,
               {sign}total(coalesce(amount_vnd, 0)), {sign}total(coalesce(quantity, 0))
        FROM contributions WHERE campaign_id = NEW.id AND deleted_at IS NULL
            AND on_date IS NOT NULL AND {commune} IS NOT NULL
        GROUP BY 1, 2, 3, 4
        {_UPSERT}"""


_COLUMNS = "on_date, source, kind, amount_vnd, quantity, campaign_id, deleted_at"


def _triggers() -> list[str]:
    live_new, live_old = "NEW.deleted_at IS NULL", "OLD.deleted_at IS NULL"
    return [
        f"CREATE TRIGGER IF NOT EXISTS stats_commune_contribution_in AFTER INSERT ON contributions"
        f" WHEN {live_new} BEGIN {_row_sql('NEW', '+')} END",
        f"CREATE TRIGGER IF NOT EXISTS stats_commune_contribution_out AFTER DELETE ON contributions"
        f" WHEN {live_old} BEGIN {_row_sql('OLD', '-')} END",
        f"CREATE TRIGGER IF NOT EXISTS stats_commune_contribution_was BEFORE UPDATE OF {_COLUMNS}"
        f" ON contributions WHEN {live_old} BEGIN {_row_sql('OLD', '-')} END",
        f"CREATE TRIGGER IF NOT EXISTS stats_commune_contribution_now AFTER UPDATE OF {_COLUMNS}"
        f" ON contributions WHEN {live_new} BEGIN {_row_sql('NEW', '+')} END",
        # Binned, restored, or moved (a merge): old place out, new place in. NEW's ledger
        # is the same rows as OLD's (the campaign's id does not change).
        "CREATE TRIGGER IF NOT EXISTS stats_commune_campaign_was BEFORE UPDATE OF commune_id,"
        " deleted_at ON campaigns WHEN OLD.deleted_at IS NULL"
        f" BEGIN {_campaign_sql('OLD.commune_id', '-')} END",
        "CREATE TRIGGER IF NOT EXISTS stats_commune_campaign_now AFTER UPDATE OF commune_id,"
        " deleted_at ON campaigns WHEN NEW.deleted_at IS NULL"
        f" BEGIN {_campaign_sql('NEW.commune_id', '+')} END",
    ]


# What the table must hold (a test compares them).
RECOUNT = (
    "SELECT substr(k.on_date, 1, 7), c.commune_id, k.source, k.kind,"
    " total(coalesce(k.amount_vnd, 0)), total(coalesce(k.quantity, 0)) FROM contributions k"
    " JOIN campaigns c ON c.id = k.campaign_id AND c.deleted_at IS NULL"
    " WHERE k.deleted_at IS NULL AND k.on_date IS NOT NULL AND c.commune_id IS NOT NULL"
    " GROUP BY 1, 2, 3, 4")


def rebuild(conn: sqlite3.Connection) -> None:
    """Recount from the records (after a bulk load without the triggers), the triggers
    made again if a bulk load dropped them."""
    conn.execute(TABLE)
    conn.execute("DELETE FROM stats_commune_contributions")
    conn.execute(f"INSERT INTO stats_commune_contributions {RECOUNT}")
    for trigger in _triggers():
        conn.execute(trigger)


def create(db: Database) -> None:
    """The schema step."""
    rebuild(db.conn)


def months_of(store, commune_id: int, first: str, last: str) -> list[tuple]:
    """(source, kind, money, quantity) of one commune's whole months ``first``–``last``
    ('YYYY-MM')."""
    return store.execute(
        "SELECT source, kind, total(money), total(quantity) FROM stats_commune_contributions"
        " WHERE commune_id = ? AND month BETWEEN ? AND ? GROUP BY source, kind",
        (commune_id, first, last)).fetchall()
