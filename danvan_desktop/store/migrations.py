"""Schema versions: ``PRAGMA user_version`` counts the steps applied. Each step runs in
one transaction together with the new version number, so a file is always at a whole
version. Add a step at the end; never edit one that has shipped."""

from __future__ import annotations

import json
from collections.abc import Callable

from . import aggregates, commune_aggregates
from .connection import Database
from .migrations_2026 import SEARCH_START as SEARCH_START  # the search key's indexed head
from .migrations_2026 import (  # the steps added since the 2025 reform, in a module of their own
    _commune_campaign_figures,
    _criteria,
    _former_communes,
    _hot_indexes,
    _live_sort_indexes_only,
    _official_codes,
    _one_commune_indexes,
    _serial_register,
    _v_packages,
)
from .schema_script import RECORD as _RECORD
from .schema_script import statements as _statements

# "DVK1" as a big-endian integer: marks the file as ours for `PRAGMA application_id`.
APPLICATION_ID = 0x44564B31


V1_TABLES = f"""
CREATE TABLE areas (
    {_RECORD},
    parent_id INTEGER REFERENCES areas(id),
    level TEXT NOT NULL CHECK (level IN ('tinh', 'huyen', 'xa', 'thon')),
    name TEXT NOT NULL,
    retired_on TEXT,
    merged_into_id INTEGER REFERENCES areas(id),
    search_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX areas_parent ON areas(parent_id);

-- Earlier names of a place, so that old records print the name they had.
CREATE TABLE area_names (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id),
    name TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX area_names_area ON area_names(area_id);

CREATE TABLE organizations (
    {_RECORD},
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'khac',
    area_id INTEGER REFERENCES areas(id),
    search_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organizations_area ON organizations(area_id);

CREATE TABLE persons (
    {_RECORD},
    full_name TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    organization_id INTEGER REFERENCES organizations(id),
    area_id INTEGER REFERENCES areas(id),
    search_key TEXT NOT NULL DEFAULT ''
);

CREATE TABLE initiatives (
    {_RECORD},
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('tap_the', 'ca_nhan')),
    field TEXT NOT NULL CHECK (field IN
        ('kinh_te', 'van_hoa_xa_hoi', 'quoc_phong_an_ninh', 'xay_dung_dang')),
    organization_id INTEGER REFERENCES organizations(id),
    person_id INTEGER REFERENCES persons(id),
    owner_name TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    commune_id INTEGER NOT NULL REFERENCES areas(id),
    village_id INTEGER REFERENCES areas(id),
    year INTEGER NOT NULL,
    registered_on TEXT,
    themed_year TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'dang_ky' CHECK (status IN ('dang_ky', 'dang_thuc_hien',
        'cong_nhan', 'khen_thuong', 'nhan_rong', 'khong_dat', 'dung')),
    level TEXT CHECK (level IS NULL OR level IN ('xa', 'huyen', 'tinh', 'toan_quoc')),
    recognized_on TEXT,
    commended_on TEXT,
    method TEXT NOT NULL DEFAULT '',
    results TEXT NOT NULL DEFAULT '',
    money_vnd INTEGER,
    jobs INTEGER,
    income_vnd INTEGER,
    households INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    notable INTEGER NOT NULL DEFAULT 0,
    search_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX initiatives_registered ON initiatives(registered_on);
CREATE INDEX initiatives_year ON initiatives(year);
CREATE INDEX initiatives_recognized ON initiatives(recognized_on);
CREATE INDEX initiatives_commended ON initiatives(commended_on);
CREATE INDEX initiatives_commune ON initiatives(commune_id);
CREATE INDEX initiatives_org ON initiatives(organization_id);
CREATE INDEX initiatives_person ON initiatives(person_id);

CREATE TABLE initiative_status_history (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_on TEXT NOT NULL,
    user TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX status_history_initiative ON initiative_status_history(initiative_id);

CREATE TABLE campaigns (
    {_RECORD},
    title TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN
        ('duong', 'nha', 'chieu_sang', 'camera', 'moi_truong', 'khac')),
    commune_id INTEGER NOT NULL REFERENCES areas(id),
    village_id INTEGER REFERENCES areas(id),
    status TEXT NOT NULL DEFAULT 'ke_hoach' CHECK (status IN
        ('ke_hoach', 'lay_y_kien', 'dang_thuc_hien', 'hoan_thanh')),
    started_on TEXT,
    finished_on TEXT,
    estimate_vnd INTEGER,
    length_m REAL,
    width_before_m REAL,
    width_after_m REAL,
    households_benefited INTEGER,
    households_poor INTEGER,
    households_near_poor INTEGER,
    households_asked INTEGER,
    households_agreed INTEGER,
    initiative_id INTEGER REFERENCES initiatives(id),
    notes TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX campaigns_commune ON campaigns(commune_id);
CREATE INDEX campaigns_started ON campaigns(started_on);

CREATE TABLE contributions (
    {_RECORD},
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    on_date TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN
        ('nhan_dan', 'con_em_xa_que', 'nha_hao_tam', 'ngan_sach', 'to_chuc')),
    contributor TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('tien', 'ngay_cong', 'dat', 'vat_tu')),
    amount_vnd INTEGER,
    quantity REAL,
    note TEXT NOT NULL DEFAULT '',
    CHECK ((kind IN ('tien', 'vat_tu') AND amount_vnd IS NOT NULL)
        OR (kind IN ('ngay_cong', 'dat') AND quantity IS NOT NULL))
);
CREATE INDEX contributions_campaign ON contributions(campaign_id);
CREATE INDEX contributions_date ON contributions(on_date);

CREATE TABLE commendation_rounds (
    {_RECORD},
    number TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    issuer TEXT NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('bieu_duong', 'giay_khen', 'bang_khen')),
    level TEXT NOT NULL DEFAULT 'huyen',
    year INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    achievement_template TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE awards (
    {_RECORD},
    round_id INTEGER NOT NULL REFERENCES commendation_rounds(id),
    initiative_id INTEGER REFERENCES initiatives(id),
    kind TEXT NOT NULL CHECK (kind IN ('tap_the', 'ca_nhan')),
    recipient_name TEXT NOT NULL,
    position_unit TEXT NOT NULL DEFAULT '',
    field TEXT,
    initiative_name TEXT NOT NULL DEFAULT '',
    achievement TEXT NOT NULL DEFAULT '',
    serial TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX awards_round ON awards(round_id);

CREATE TABLE certificate_prints (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES awards(id),
    serial TEXT NOT NULL,
    printed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user TEXT NOT NULL DEFAULT '',
    reprint INTEGER NOT NULL DEFAULT 0
);

-- One row: the names the letterhead and the signature block print.
CREATE TABLE office_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Append-only: the program inserts, never updates or deletes (triggers refuse it).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_uuid TEXT,
    record_id INTEGER,
    changes TEXT NOT NULL DEFAULT '{{}}'
);
CREATE INDEX audit_log_record ON audit_log(record_uuid);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi không được sửa.'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi không được xóa.'); END;
"""

# Full-text search over the folded key (lower case, no diacritics, đ→d), kept in step
# with the table by triggers; prefix queries give search-as-you-type.
V2_SEARCH = """
CREATE VIRTUAL TABLE initiatives_fts USING fts5(
    search_key, content='initiatives', content_rowid='id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER initiatives_fts_ai AFTER INSERT ON initiatives BEGIN
    INSERT INTO initiatives_fts(rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER initiatives_fts_ad AFTER DELETE ON initiatives BEGIN
    INSERT INTO initiatives_fts(initiatives_fts, rowid, search_key)
    VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER initiatives_fts_au AFTER UPDATE OF search_key ON initiatives BEGIN
    INSERT INTO initiatives_fts(initiatives_fts, rowid, search_key)
    VALUES ('delete', old.id, old.search_key);
    INSERT INTO initiatives_fts(rowid, search_key) VALUES (new.id, new.search_key);
END;
INSERT INTO initiatives_fts(initiatives_fts) VALUES ('rebuild');

CREATE INDEX organizations_search ON organizations(search_key);
CREATE INDEX persons_search ON persons(search_key);
"""


# Photos and scanned documents kept with a record: the file is copied into the data
# folder's attachments folder under ``stored_name``; ``file_name`` is what the user chose.
V3_ATTACHMENTS = f"""
CREATE TABLE attachments (
    {_RECORD},
    record_kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_record ON attachments(record_kind, record_id);

-- Sort keys whose byte order is Vietnamese alphabetical order (domain.text.sort_text),
-- so that lists sort in SQL, through an index, the way a Vietnamese reader expects.
ALTER TABLE initiatives ADD COLUMN name_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN owner_sort TEXT NOT NULL DEFAULT '';
CREATE INDEX initiatives_name_sort ON initiatives(name_sort);
CREATE INDEX initiatives_owner_sort ON initiatives(owner_sort);
"""

# Partial indexes over the live (not deleted) rows, which every list and count filters
# on: the full list, its sorts and the year filter read an index instead of the table.
V4_LIVE_INDEXES = """
CREATE INDEX initiatives_live_id ON initiatives(id) WHERE deleted_at IS NULL;
CREATE INDEX initiatives_live_year ON initiatives(year) WHERE deleted_at IS NULL;
CREATE INDEX initiatives_live_name ON initiatives(name_sort) WHERE deleted_at IS NULL;
CREATE INDEX initiatives_live_owner ON initiatives(owner_sort) WHERE deleted_at IS NULL;
CREATE INDEX initiatives_binned ON initiatives(id) WHERE deleted_at IS NOT NULL;
"""

# What the user writes for a period report (limitations, directions, its number), kept
# with the report so that printing again gives the same document.
V5_REPORTS = f"""
CREATE TABLE period_reports (
    {_RECORD},
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    commune_id INTEGER REFERENCES areas(id),
    number TEXT NOT NULL DEFAULT '',
    limitations TEXT NOT NULL DEFAULT '',
    directions TEXT NOT NULL DEFAULT '',
    UNIQUE (period_from, period_to, commune_id)
);
"""

# Covering indexes for the period figures: the dashboard's year refresh reads only these
# instead of looking up every table row (about 120 ms → 80 ms on 100,000 initiatives).
V6_FIGURE_INDEXES = """
CREATE INDEX initiatives_live_registered ON initiatives(registered_on, field, kind, status, commune_id)
    WHERE deleted_at IS NULL;
CREATE INDEX contributions_live_date ON contributions(on_date, source, kind, amount_vnd, quantity,
    campaign_id) WHERE deleted_at IS NULL;
CREATE INDEX status_history_moves ON initiative_status_history(to_status, changed_on, initiative_id);
"""


def _v1(db: Database) -> None:
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in _statements(V1_TABLES):
        db.conn.execute(statement)


def _v2(db: Database) -> None:
    for statement in _statements(V2_SEARCH):
        db.conn.execute(statement)


def _v3(db: Database) -> None:
    from ..domain.text import sort_text

    for statement in _statements(V3_ATTACHMENTS):
        db.conn.execute(statement)
    rows = db.conn.execute("SELECT id, name, owner_name FROM initiatives").fetchall()
    db.conn.executemany("UPDATE initiatives SET name_sort = ?, owner_sort = ? WHERE id = ?",
                        [(sort_text(r[1]), sort_text(r[2]), r[0]) for r in rows])


def _v4(db: Database) -> None:
    for statement in _statements(V4_LIVE_INDEXES):
        db.conn.execute(statement)


def _v5(db: Database) -> None:
    for statement in _statements(V5_REPORTS):
        db.conn.execute(statement)


def _v6(db: Database) -> None:
    for statement in _statements(V6_FIGURE_INDEXES):
        db.conn.execute(statement)


def _v7(db: Database) -> None:
    """Every data file gets an identity, kept for life: backups, packages and the office that
    sent a record name it (two files may share a name on one USB stick; never their identity)."""
    import uuid

    db.conn.execute("INSERT OR IGNORE INTO settings(key, value) VALUES ('file_identity', ?)",
                    (json.dumps(str(uuid.uuid4())),))


STEPS: list[Callable[[Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _serial_register,
                                           _criteria, _hot_indexes, _v_packages, _official_codes,
                                           _former_communes, aggregates.create,
                                           _commune_campaign_figures, commune_aggregates.create,
                                           _live_sort_indexes_only, _one_commune_indexes]
LATEST_VERSION = len(STEPS)


def current_version(db: Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: Database, target: int = LATEST_VERSION,
            on_step: Callable[[int, int], None] | None = None) -> int:
    """Apply the missing steps up to ``target``, each in its own transaction: a step that
    fails (or is interrupted) is rolled back whole, the steps before it stay done.
    ``on_step(done, total)`` is told before each step (``done`` of the ``total`` missing)."""
    version = current_version(db)
    first = version
    while version < target:
        if on_step is not None:
            on_step(version - first, target - first)
        step = STEPS[version]
        with db.atomic():
            step(db)
            version += 1
            db.conn.execute(f"PRAGMA user_version = {version}")
    return version
