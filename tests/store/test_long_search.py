"""A search box holding a pasted page (~1000 words) searches instead of raising SQLite's
"Expression tree is too large": repeated words count once, and the first words of a
very long text are searched."""

from __future__ import annotations

from danvan_desktop.domain.entities import Campaign, Initiative
from danvan_desktop.domain.text import MAX_SEARCH_WORDS, search_tokens
from danvan_desktop.store import audit, campaigns, catalog, initiatives
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.initiatives import save_initiative

PAGE = " ".join(f"từ{n} đường" for n in range(1000))  # 2000 words, 1001 different


def test_a_thousand_word_search_runs_everywhere(store, commune):
    save_initiative(store, Initiative(name="Đường hoa từ0 từ1", kind="tap_the", field="kinh_te",
                                      owner_name="Chi hội", commune_id=commune, year=2024))
    save_campaign(store, Campaign(title="Đường từ0 từ1", type="duong", commune_id=commune))
    assert initiatives.query_ids(store, initiatives.InitiativeFilter(text=PAGE)) == []
    assert campaigns.query_ids(store, campaigns.CampaignFilter(text=PAGE)) == []
    assert catalog.list_organizations(store, text=PAGE) == []
    audit.query_ids(store, audit.AuditFilter(text=PAGE))
    # Short searches are unchanged; repeats count once.
    assert len(initiatives.query_ids(store, initiatives.InitiativeFilter(text="đường đường từ1"))) == 1
    assert len(campaigns.query_ids(store, campaigns.CampaignFilter(text="duong DUONG tu0"))) == 1


def test_search_words_are_unique_and_bounded():
    tokens = search_tokens(PAGE)
    assert len(tokens) == MAX_SEARCH_WORDS and len(set(tokens)) == len(tokens)
    assert tokens[:3] == ["tu0", "duong", "tu1"]
