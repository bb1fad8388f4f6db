"""One commune's monthly contribution sums (store/commune_aggregates.py) stay equal to a
full recount through edits, bins, restores, a merge of communes and a demo's bulk load; a
commune's figures read from them equal those read from its ledgers alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution
from danvan_desktop.domain.periods import custom_period, make_period, year_period
from danvan_desktop.services.demo import make_demo
from danvan_desktop.store import catalog, commune_aggregates
from danvan_desktop.store import stats as store_stats
from danvan_desktop.store.campaigns import (
    contributions_of,
    delete_campaigns,
    get_campaign,
    restore_campaigns,
    save_campaign,
)
from danvan_desktop.store.db import open_store


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.sqlite3"
    make_demo(path, size=400, seed=5)  # a bulk load: the sums recounted after it
    with open_store(path, user="Người kiểm thử") as store:
        yield store


def _rows(store, query: str) -> set[tuple]:
    rows = set()
    for row in store.execute(query):
        values = tuple(round(v, 6) if isinstance(v, float) else v for v in row)
        if any(values[-2:]):  # a month whose sums fell to 0 is kept as 0: harmless
            rows.add(values)
    return rows


def assert_sums_match(store) -> None:
    kept = _rows(store, "SELECT month, commune_id, source, kind, money, quantity"
                        " FROM stats_commune_contributions")
    assert kept and kept == _rows(store, commune_aggregates.RECOUNT)


def assert_figures_match(store, monkeypatch) -> None:
    last = store.scalar("SELECT max(year) FROM initiatives")
    communes = [r[0] for r in store.execute(
        "SELECT DISTINCT commune_id FROM campaigns WHERE deleted_at IS NULL")]
    periods = [year_period(last), make_period(last, quarter=2),
               custom_period(dt.date(last - 1, 3, 17), dt.date(last, 2, 9))]
    fast = [store_stats.compute_many(store, [p, p.same_period_last_year()], c)
            for c in communes for p in periods]
    with monkeypatch.context() as patched:  # every period read from the ledgers
        patched.setattr(store_stats, "whole_months", lambda start, end: (None, [(start, end)]))
        slow = [store_stats.compute_many(store, [p, p.same_period_last_year()], c)
                for c in communes for p in periods]
    assert fast == slow
    assert any(f["contributions"]["money_vnd"] for pair in fast for f in pair)


def test_edits_bins_restores_and_merges_keep_the_sums(demo, monkeypatch):
    assert_sums_match(demo)
    rng = random.Random(4)
    last = demo.scalar("SELECT max(year) FROM initiatives")
    communes = [r[0] for r in demo.execute(
        "SELECT id FROM areas WHERE level = 'xa' AND merged_into_id IS NULL"
        " AND deleted_at IS NULL AND retired_on IS NULL")]
    campaigns = [r[0] for r in demo.execute("SELECT id FROM campaigns ORDER BY id")]
    for campaign_id in rng.sample(campaigns, 8):  # ledgers edited, some moved to another commune
        item = get_campaign(demo, campaign_id)
        ledger = contributions_of(demo, campaign_id)[1:]
        ledger.append(Contribution(on_date=f"{last}-03-{rng.randint(1, 28):02d}",
                                   source="nha_hao_tam", kind="tien", amount_vnd=2_000_000))
        save_campaign(demo, dataclasses.replace(item, commune_id=rng.choice(communes),
                                                village_id=None), ledger)
    save_campaign(demo, Campaign(title="Đường bê tông thôn Đầm", type="duong",
                                 commune_id=communes[0], started_on=f"{last}-04-02"),
                  [Contribution(on_date=f"{last}-04-05", kind="tien", amount_vnd=1_500_000),
                   Contribution(on_date=f"{last}-05-05", kind="dat", quantity=12.75)])
    assert_sums_match(demo)
    gone = rng.sample(campaigns, 10)
    delete_campaigns(demo, gone)
    assert_sums_match(demo)
    restore_campaigns(demo, gone[:4])
    assert_sums_match(demo)
    used = [r[0] for r in demo.execute(
        "SELECT commune_id FROM campaigns WHERE deleted_at IS NULL GROUP BY 1 ORDER BY count(*) DESC")]
    catalog.merge_areas(demo, used[0], used[1], f"{last}-07-01")  # the reform: one into another
    assert not demo.scalar("SELECT count(*) FROM campaigns WHERE commune_id = ?", (used[0],))
    assert_sums_match(demo)
    assert_figures_match(demo, monkeypatch)
