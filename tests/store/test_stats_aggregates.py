"""The monthly counts behind the district's figures (store/aggregates.py) stay equal to a
full recount of the records through every kind of write, and the figures read from them
equal the figures read from the records alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution
from danvan_desktop.domain.periods import custom_period, make_period, year_period
from danvan_desktop.services.demo import make_demo
from danvan_desktop.services.exchange.export import export_initiatives
from danvan_desktop.services.exchange.importer import commit_import, plan_import
from danvan_desktop.store import aggregates
from danvan_desktop.store import stats as store_stats
from danvan_desktop.store.campaigns import (
    contributions_of,
    delete_campaigns,
    get_campaign,
    restore_campaigns,
    save_campaign,
)
from danvan_desktop.store.db import open_store
from danvan_desktop.store.initiatives import (
    delete_initiatives,
    get_initiative,
    restore_initiatives,
    save_initiative,
)


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.sqlite3"
    make_demo(path, size=400, seed=7)
    with open_store(path, user="Người kiểm thử") as store:
        yield store


# How many columns at the end of each table are sums (the others are the key).
SUMS = {"stats_contributions": 2, "stats_campaigns": 2}


def _rows(store, query: str, sums: int) -> set[tuple]:
    """Rows with their sums rounded (float noise) and empty cells (all sums 0) left out."""
    rows = set()
    for row in store.execute(query):
        values = tuple(round(v, 6) if isinstance(v, float) else v for v in row)
        if any(values[-sums:]):
            rows.add(values)
    return rows


def assert_counts_match(store) -> None:
    for table, recount in aggregates.RECOUNT.items():
        sums = SUMS.get(table, 1)
        kept = _rows(store, f"SELECT * FROM {table}", sums)
        assert kept == _rows(store, recount, sums), table
        assert kept, table


def assert_figures_match(store, monkeypatch) -> None:
    last = store.scalar("SELECT max(year) FROM initiatives")
    periods = [year_period(last), year_period(last - 1), make_period(last, quarter=2),
               make_period(last, half=1), make_period(last, nine_months=True),
               custom_period(dt.date(last - 1, 7, 1), dt.date(last, 6, 30)),
               custom_period(dt.date(last - 1, 3, 17), dt.date(last, 2, 9))]
    fast = [store_stats.compute(store, p) for p in periods]
    with monkeypatch.context() as patched:
        # Every period read from the records: no whole month, the whole period an edge.
        patched.setattr(store_stats, "whole_months", lambda start, end: (None, [(start, end)]))
        slow = [store_stats.compute(store, p) for p in periods]
    assert fast == slow
    assert any(f["initiatives"]["total"] for f in fast)
    assert any(f["contributions"]["money_vnd"] for f in fast)
    assert any(f["campaigns"]["total"] for f in fast)


def test_the_demo_load_counts_every_record(demo, monkeypatch):
    assert store_stats.compute(demo, year_period(2020))  # the file answers at all
    assert_counts_match(demo)
    assert_figures_match(demo, monkeypatch)


def test_edits_bins_restores_and_imports_keep_the_counts(demo, monkeypatch, tmp_path):
    rng = random.Random(3)
    ids = [r[0] for r in demo.execute("SELECT id FROM initiatives ORDER BY id")]
    communes = [r[0] for r in demo.execute("SELECT id FROM areas WHERE level = 'xa'")]
    last = demo.scalar("SELECT max(year) FROM initiatives")
    for initiative_id in rng.sample(ids, 25):
        item = get_initiative(demo, initiative_id)
        day = dt.date(last, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        item = dataclasses.replace(item, registered_on=day, year=last,
                                   commune_id=rng.choice(communes), village_id=None,
                                   field=rng.choice(["kinh_te", "xay_dung_dang"]),
                                   status="dang_thuc_hien", recognized_on=None,
                                   commended_on=None, level=None)
        save_initiative(demo, item)
    assert_counts_match(demo)
    binned = rng.sample(ids, 30)
    delete_initiatives(demo, binned)
    assert_counts_match(demo)
    restore_initiatives(demo, binned[:10])
    assert_counts_match(demo)

    campaigns = [r[0] for r in demo.execute("SELECT id FROM campaigns ORDER BY id")]
    for campaign_id in rng.sample(campaigns, 8):
        item = get_campaign(demo, campaign_id)
        ledger = contributions_of(demo, campaign_id)[1:]  # one row less
        ledger.append(Contribution(on_date=f"{last}-03-{rng.randint(1, 28):02d}",
                                   source="nha_hao_tam", kind="ngay_cong", quantity=2.5))
        save_campaign(demo, dataclasses.replace(item, status="hoan_thanh",
                                                started_on=f"{last - 1}-12-30",
                                                finished_on=f"{last}-02-{rng.randint(1, 28):02d}",
                                                households_benefited=7), ledger)
    save_campaign(demo, Campaign(title="Đường bê tông thôn Đầm", type="duong",
                                 commune_id=communes[0], started_on=f"{last}-04-02"),
                  [Contribution(on_date=f"{last}-04-05", kind="tien", amount_vnd=1_500_000),
                   Contribution(on_date=f"{last}-05-05", kind="dat", quantity=12.75)])
    assert_counts_match(demo)
    gone = rng.sample(campaigns, 12)
    delete_campaigns(demo, gone)
    assert_counts_match(demo)
    restore_campaigns(demo, gone[:5])
    assert_counts_match(demo)

    path, count = export_initiatives(demo, tmp_path / "all.xlsx")
    assert count > 0
    before = demo.scalar("SELECT count(*) FROM initiatives")
    assert commit_import(demo, plan_import(demo, path), keep_duplicates=True) > 0
    assert demo.scalar("SELECT count(*) FROM initiatives") > before
    assert_counts_match(demo)
    assert_figures_match(demo, monkeypatch)


def test_whole_months_and_edges():
    assert store_stats.whole_months("2023-01-01", "2023-12-31") == (("2023-01", "2023-12"), [])
    assert store_stats.whole_months("2023-01-15", "2023-03-31") == (
        ("2023-02", "2023-03"), [("2023-01-15", "2023-01-31")])
    assert store_stats.whole_months("2022-12-01", "2023-02-27") == (
        ("2022-12", "2023-01"), [("2023-02-01", "2023-02-27")])
    assert store_stats.whole_months("2024-02-02", "2024-02-28") == (
        None, [("2024-02-02", "2024-02-28")])
