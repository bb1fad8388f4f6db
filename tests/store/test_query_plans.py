"""Routine actions cost the same in year ten as in year one: every query they run finds
its rows through an index. The statements are caught as SQLite runs them (a trace
callback) and each one's EXPLAIN QUERY PLAN must not scan a table that grows with the
years."""

from __future__ import annotations

import re

import pytest

from danvan_desktop.domain.entities import Contribution
from danvan_desktop.services.demo import make_demo
from danvan_desktop.store import campaigns, catalog, initiatives, rounds, serials
from danvan_desktop.store.db import open_store

# Tables whose rows grow with every year of use; the catalogue tables stay small.
GROWING = {"initiatives", "initiative_status_history", "campaigns", "contributions", "awards",
           "certificate_prints", "audit_log", "persons", "attachments", "period_reports"}
SCAN = re.compile(r"\bSCAN (\w+)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "demo.sqlite3"
    make_demo(path, size=3000)
    store = open_store(path, user="Người kiểm thử")
    yield store
    store.close()


def _scans(store, statements: list[str]) -> list[str]:
    """``statement → plan line`` for each full scan of a growing table."""
    found = []
    for sql in statements:
        if not re.match(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH)", sql, re.I):
            continue
        for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
            match = SCAN.search(row[-1])
            if match and match.group(1) in GROWING:
                found.append(f"{sql.strip()[:160]} → {row[-1]}")
    return found


def _traced(store, action) -> list[str]:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        store.conn.set_trace_callback(None)
    assert statements, "the action ran no query: nothing was checked"
    return statements


def _some(store, sql: str):
    return store.scalar(sql)


def test_recording_and_counting_certificate_prints_reads_an_index(demo):
    award, round_id, number = demo.conn.execute(
        "SELECT a.id, a.round_id, r.number FROM awards a JOIN commendation_rounds r"
        " ON r.id = a.round_id WHERE a.deleted_at IS NULL ORDER BY a.id LIMIT 1").fetchone()

    def work():
        planned = serials.plan(demo, round_id, number, [award])
        rounds.record_prints(demo, round_id, planned)
        rounds.record_prints(demo, round_id, planned)  # a reprint
        rounds.printed_before(demo, [award])

    statements = _traced(demo, work)
    assert _scans(demo, statements) == []


def test_adding_an_initiative_to_a_round_reads_an_index(demo):
    round_id, decided = demo.conn.execute(
        "SELECT id, decided_on FROM commendation_rounds ORDER BY decided_on DESC LIMIT 1").fetchone()
    initiative = demo.scalar("SELECT id FROM initiatives WHERE status = 'cong_nhan'"
                             " AND recognized_on < ? ORDER BY id DESC LIMIT 1", (decided,))
    statements = _traced(demo, lambda: rounds.add_awards_from_initiatives(
        demo, round_id, [initiative]))
    assert _scans(demo, statements) == []


def test_editing_an_initiative_and_reading_its_history_reads_indexes(demo):
    initiative_id = _some(demo, "SELECT id FROM initiatives ORDER BY id DESC LIMIT 1")

    def edit():
        item = initiatives.get_initiative(demo, initiative_id)
        item.name = item.name + " (sửa)"
        initiatives.save_initiative(demo, item)
        initiatives.status_history(demo, initiative_id)
        initiatives.delete_initiatives(demo, [initiative_id])
        initiatives.restore_initiatives(demo, [initiative_id])

    assert _scans(demo, _traced(demo, edit)) == []


def test_a_campaigns_contributions_are_read_and_added_through_an_index(demo):
    campaign_id = _some(demo, "SELECT id FROM campaigns ORDER BY id DESC LIMIT 1")

    def work():
        campaigns.contributions_of(demo, campaign_id)
        campaigns.add_contribution(demo, Contribution(campaign_id=campaign_id,
                                                      on_date="2026-01-05", amount_vnd=100_000))
        campaigns.get_campaign(demo, campaign_id)

    assert _scans(demo, _traced(demo, work)) == []


def test_renaming_and_merging_villages_find_their_records_through_indexes(demo):
    commune, first, second = demo.conn.execute(
        "SELECT a.parent_id, a.id, b.id FROM areas a JOIN areas b ON b.parent_id = a.parent_id"
        " AND b.id > a.id WHERE a.level = 'thon' ORDER BY a.id DESC LIMIT 1").fetchone()
    assert commune

    def work():
        catalog.rename_area(demo, first, "Thôn Đổi Tên Mới", "2026-02-01")
        catalog.merge_areas(demo, first, second, "2026-03-01")

    assert _scans(demo, _traced(demo, work)) == []


def test_the_check_itself_sees_a_scan(demo):
    """The rule can fail: a filter on a column without an index is reported."""
    statements = _traced(demo, lambda: demo.scalar(
        "SELECT count(*) FROM certificate_prints WHERE serial = '01/2026'"))
    assert _scans(demo, statements)


def test_one_communes_dashboard_reads_indexes(demo):
    """The figures of one commune (the largest) for a year: its registrations, dates,
    "nhân rộng" moves, campaigns and contributions, each read through an index."""
    from danvan_desktop.domain.periods import period_of
    from danvan_desktop.services.stats import dashboard

    commune = demo.scalar("SELECT commune_id FROM initiatives GROUP BY commune_id"
                          " ORDER BY count(*) DESC LIMIT 1")
    statements = _traced(demo, lambda: dashboard(demo, period_of("nam", 2023, None, None), commune))
    # The bin's own partial index lists binned records only (what is subtracted): allowed.
    assert [s for s in _scans(demo, statements) if not re.search(r"INDEX \w+_binned$", s)] == []
