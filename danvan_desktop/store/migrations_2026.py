"""Schema steps added since the 2025 reform (the serial register, criteria, the hot
indexes, packages, official codes, former communes, one commune's campaign figures).
They run in the order of ``migrations.STEPS``; never edit one that has shipped."""

from __future__ import annotations

import re

from .connection import Database
from .schema_script import RECORD as _RECORD
from .schema_script import statements as _statements

SERIAL_REGISTER = """
-- The số sổ register: a number, once printed, belongs to one award for ever. A book is one
-- round ('round:<id>') or the whole office ('office'); numbers are never given twice in it.
CREATE TABLE IF NOT EXISTS certificate_serials (
    id INTEGER PRIMARY KEY,
    book TEXT NOT NULL,
    number INTEGER NOT NULL,
    award_id INTEGER NOT NULL REFERENCES awards(id),
    serial TEXT NOT NULL,
    issued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (book, number),
    UNIQUE (award_id)
);
CREATE INDEX IF NOT EXISTS certificate_prints_award ON certificate_prints(award_id);
"""


def _serial_register(db: Database) -> None:
    """The register, filled from the serials already printed (their leading number, in their
    round's book). Where an old position-based serial was printed twice, the first award
    keeps the register line and the number is never given again."""

    for statement in _statements(SERIAL_REGISTER):
        db.conn.execute(statement)
    rows = db.conn.execute("SELECT id, round_id, serial FROM awards WHERE serial != ''"
                           " ORDER BY id").fetchall()
    for award_id, round_id, serial in rows:
        match = re.match(r"\s*(\d+)", serial)
        if match:
            db.conn.execute("INSERT OR IGNORE INTO certificate_serials (book, number, award_id, serial)"
                            " VALUES (?, ?, ?, ?)", (f"round:{round_id}", int(match.group(1)),
                                                     award_id, serial))



# Criteria sets, evaluators and their score sheets (issue 15), and the registration parts of
# an initiative (situation, goals… resources as numbers). A set in use is never edited:
# saving it makes the next version, so past sheets keep the criteria they were scored on.
CRITERIA_TABLES = f"""
CREATE TABLE IF NOT EXISTS criteria_sets (
    {_RECORD},
    year INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'tap_the', 'ca_nhan')),
    version INTEGER NOT NULL DEFAULT 1,
    title TEXT NOT NULL DEFAULT '',
    thresholds TEXT NOT NULL DEFAULT '[]',
    replaced_by_id INTEGER REFERENCES criteria_sets(id)
);
CREATE UNIQUE INDEX IF NOT EXISTS criteria_sets_version ON criteria_sets(year, kind, version);

CREATE TABLE IF NOT EXISTS criteria (
    {_RECORD},
    set_id INTEGER NOT NULL REFERENCES criteria_sets(id),
    position INTEGER NOT NULL,
    grp TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL DEFAULT '',
    wording TEXT NOT NULL,
    max_points REAL NOT NULL CHECK (max_points > 0)
);
CREATE INDEX IF NOT EXISTS criteria_set ON criteria(set_id, position);

CREATE TABLE IF NOT EXISTS evaluators (
    {_RECORD},
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS evaluators_year ON evaluators(year);

CREATE TABLE IF NOT EXISTS score_sheets (
    {_RECORD},
    set_id INTEGER NOT NULL REFERENCES criteria_sets(id),
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    evaluator_id INTEGER NOT NULL REFERENCES evaluators(id),
    scored_on TEXT,
    remark TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS score_sheets_one ON score_sheets(set_id, initiative_id, evaluator_id)
    WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS score_sheets_initiative ON score_sheets(initiative_id);

CREATE TABLE IF NOT EXISTS scores (
    id INTEGER PRIMARY KEY,
    sheet_id INTEGER NOT NULL REFERENCES score_sheets(id),
    criterion_id INTEGER NOT NULL REFERENCES criteria(id),
    points REAL NOT NULL CHECK (points >= 0),
    UNIQUE (sheet_id, criterion_id)
);

ALTER TABLE awards ADD COLUMN score REAL;
ALTER TABLE initiatives ADD COLUMN situation TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN goals TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN executors TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN budget_vnd INTEGER;
ALTER TABLE initiatives ADD COLUMN materials_vnd INTEGER;
ALTER TABLE initiatives ADD COLUMN workdays REAL;
ALTER TABLE initiatives ADD COLUMN donations_vnd INTEGER;
ALTER TABLE initiatives ADD COLUMN timeframe TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN expected_results TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN sustainability TEXT NOT NULL DEFAULT '';
"""


def _criteria(db: Database) -> None:
    """Written to be applied over a file that already has some of it (a branch's test file):
    tables and indexes if missing, columns if missing."""
    for statement in _statements(CRITERIA_TABLES):
        if statement.startswith("ALTER TABLE"):
            _, _, table, _, _, column, *_ = statement.split()
            if column in {r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")}:
                continue
        db.conn.execute(statement)


# Every query a routine action runs filters through an index, so that it costs the same in
# year ten as in year one (tests/store/test_query_plans.py checks the plans): prints of an
# award, awards of an initiative, what refers to a village (merges, renames), areas by name;
# and for the dashboard, the bin of campaigns and a covering index of the campaign figures;
# for an import, the start of the search key (folded name and owner) by year: the initiatives
# a row of the file may repeat (SEARCH_START characters: the figure in the index below).
SEARCH_START = 32
HOT_INDEXES = """
CREATE INDEX IF NOT EXISTS certificate_prints_award ON certificate_prints(award_id);
CREATE INDEX IF NOT EXISTS awards_initiative ON awards(initiative_id);
CREATE INDEX IF NOT EXISTS initiatives_village ON initiatives(village_id);
CREATE INDEX IF NOT EXISTS campaigns_village ON campaigns(village_id);
CREATE INDEX IF NOT EXISTS areas_search ON areas(search_key);
CREATE INDEX IF NOT EXISTS persons_area ON persons(area_id);
CREATE INDEX IF NOT EXISTS campaigns_binned ON campaigns(id) WHERE deleted_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS initiatives_live_search_start ON initiatives(year,
    substr(search_key, 1, 32)) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS initiatives_live_commune_year ON initiatives(commune_id, year, deleted_at)
    WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS initiatives_live_commune_dates ON initiatives(commune_id, recognized_on,
    commended_on, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS campaigns_live_figures ON campaigns(started_on, finished_on, status,
    type, households_benefited, commune_id, deleted_at) WHERE deleted_at IS NULL;
"""


# The live-row indexes of v4 and v6 were meant to answer their queries alone, but a
# partial index covers a query only when it holds every column the query names, and the
# queries name ``deleted_at``: SQLite looked up every row in the table (2 s for a year's
# contributions at a million records). The same indexes, with ``deleted_at`` added.
COVERING_AGAIN = {
    "initiatives_live_id": "initiatives(id, deleted_at)",
    "initiatives_live_year": "initiatives(year, deleted_at)",
    "initiatives_live_name": "initiatives(name_sort, deleted_at)",
    "initiatives_live_owner": "initiatives(owner_sort, deleted_at)",
    "initiatives_live_registered": "initiatives(registered_on, field, kind, status, commune_id,"
                                   " deleted_at)",
    "contributions_live_date": "contributions(on_date, source, kind, amount_vnd, quantity,"
                               " campaign_id, deleted_at)",
}


def _hot_indexes(db: Database) -> None:
    for name, columns in COVERING_AGAIN.items():
        db.conn.execute(f"DROP INDEX IF EXISTS {name}")
        db.conn.execute(f"CREATE INDEX {name} ON {columns} WHERE deleted_at IS NULL")
    for statement in _statements(HOT_INDEXES):
        db.conn.execute(statement)


# Data packages between offices: the offices met (by their file identity), what was sent to
# and received from each, the version of each record last exchanged with each (a record
# changed on both sides since is a conflict), and on each carried record the office it came
# from (NULL: this office's own).
PACKAGES = """
CREATE TABLE IF NOT EXISTS package_offices (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL DEFAULT '',
    unit_code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    home_area_id INTEGER REFERENCES areas(id),
    first_seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE IF NOT EXISTS package_log (
    id INTEGER PRIMARY KEY,
    package_id TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    office_id INTEGER REFERENCES package_offices(id),
    at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    period_from TEXT,
    period_to TEXT,
    since TEXT,
    counts TEXT NOT NULL DEFAULT '{}',
    file_name TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    user TEXT NOT NULL DEFAULT '',
    UNIQUE (package_id, direction)
);
CREATE INDEX IF NOT EXISTS package_log_office ON package_log(office_id, direction, at);
CREATE TABLE IF NOT EXISTS package_versions (
    office_id INTEGER NOT NULL,
    record_uuid TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (office_id, record_uuid)
) WITHOUT ROWID;
"""
PACKAGE_TABLES = ("areas", "organizations", "persons", "initiatives", "campaigns",
                  "contributions", "commendation_rounds", "awards")


def _v_packages(db: Database) -> None:
    for statement in _statements(PACKAGES):
        db.conn.execute(statement)
    for table in PACKAGE_TABLES:  # (columns if missing: a branch's test file may have them)
        if "origin_office_id" not in {r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")}:
            db.conn.execute(f"ALTER TABLE {table} ADD COLUMN origin_office_id INTEGER"
                            " REFERENCES package_offices(id)")
    db.conn.execute("CREATE INDEX IF NOT EXISTS initiatives_origin ON initiatives(origin_office_id)"
                    " WHERE origin_office_id IS NOT NULL")


def _official_codes(db: Database) -> None:
    """Places from the official list carry its code (mã đơn vị hành chính, which stays when
    a unit is renamed or changes type) and their unit type (xa, phuong, dac_khu, tinh,
    thanh_pho…); places the user types keep both empty. Packages and a newer list match
    places by code first, then by name."""
    columns = {r[1] for r in db.conn.execute("PRAGMA table_info(areas)")}
    if "code" not in columns:
        db.conn.execute("ALTER TABLE areas ADD COLUMN code TEXT")
    if "unit_type" not in columns:
        db.conn.execute("ALTER TABLE areas ADD COLUMN unit_type TEXT NOT NULL DEFAULT ''")
    db.conn.execute("CREATE INDEX IF NOT EXISTS areas_code ON areas(code) WHERE code IS NOT NULL")


def _former_communes(db: Database) -> None:
    """Records moved by a merge (the 2025 reform) remember the commune they were registered
    in, so that figures can show pre-reform places as they were; blank for records never
    moved. The audit log has the same move; this is what a count can read at once."""
    for table in ("initiatives", "campaigns"):
        columns = {r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")}
        if "former_commune_id" not in columns:
            db.conn.execute(f"ALTER TABLE {table} ADD COLUMN former_commune_id INTEGER REFERENCES areas(id)")


def _commune_campaign_figures(db: Database) -> None:
    """One commune's campaigns read from an index alone (its figures, and the campaigns
    whose ledgers its contributions are summed from): a table look-up per campaign cost a
    large commune's refresh 60–80 ms at a million records."""
    db.conn.execute("CREATE INDEX IF NOT EXISTS campaigns_live_commune_figures ON campaigns("
                    "commune_id, started_on, finished_on, status, type, households_benefited)"
                    " WHERE deleted_at IS NULL")
    if db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        db.conn.execute("ANALYZE campaigns_live_commune_figures")


def _live_sort_indexes_only(db: Database) -> None:
    """The list's orders by name and by owner come from the indexes of live records
    (initiatives_live_name, initiatives_live_owner; the bin is small and sorted as read).
    The same orders over every record served no query and cost each new record two more
    leaves written at random: an import of 10,000 rows into a million, 0.12 s of 1.2."""
    db.conn.execute("DROP INDEX IF EXISTS initiatives_name_sort")
    db.conn.execute("DROP INDEX IF EXISTS initiatives_owner_sort")


def _one_commune_indexes(db: Database) -> None:
    """One commune's dashboard at a million records: its commendations counted from an
    index of the commended alone (6 → 0.1 ms), and each "nhân rộng" move checked against
    the commune in an index of the live records' communes by id rather than in the table
    (26 → 11 ms). New records go to the end of the second; the first holds the commended."""
    db.conn.execute("CREATE INDEX IF NOT EXISTS initiatives_live_commune_commended ON initiatives("
                    "commune_id, commended_on, deleted_at)"
                    " WHERE deleted_at IS NULL AND commended_on IS NOT NULL")
    db.conn.execute("CREATE INDEX IF NOT EXISTS initiatives_live_id_commune ON initiatives("
                    "id, commune_id, deleted_at) WHERE deleted_at IS NULL")
