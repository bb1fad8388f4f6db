"""Schema versions: from an empty file and from every earlier version; refusals."""

from __future__ import annotations

import sqlite3

import pytest

from danvan_desktop.store.connection import Database
from danvan_desktop.store.db import (
    DatabaseDamaged,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseTooNew,
    NotADatabase,
    create_store,
    open_store,
)
from danvan_desktop.store.initiatives import InitiativeFilter, query_ids
from danvan_desktop.store.migrations import APPLICATION_ID, LATEST_VERSION, migrate


def _file_at_version(path, version: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(Database(conn), target=version)
    if version >= 1:  # a record as that version stored it, to be carried forward
        conn.execute("INSERT INTO areas (uuid, level, name, search_key)"
                     " VALUES ('a-1', 'xa', 'Xã Mê Linh', 'xa me linh')")
        conn.execute(
            "INSERT INTO initiatives (uuid, name, kind, field, owner_name, commune_id, year,"
            " search_key) VALUES ('i-1', 'Chung tay sửa nhà', 'tap_the', 'van_hoa_xa_hoi',"
            " 'Chi bộ thôn Đầm', 1, 2022, 'chung tay sua nha chi bo thon dam xa me linh')")
    conn.close()


def test_a_new_file_is_at_the_latest_version(tmp_path):
    with create_store(tmp_path / "new.sqlite3") as store:
        assert store.scalar("PRAGMA user_version") == LATEST_VERSION
        assert store.scalar("PRAGMA application_id") == APPLICATION_ID
        assert store.scalar("PRAGMA journal_mode") == "wal"
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.scalar("PRAGMA synchronous") == 2  # FULL
        assert store.scalar("PRAGMA busy_timeout") >= 5000
        tables = {r["name"] for r in store.query("SELECT name FROM sqlite_master")}
        for table in ("areas", "area_names", "organizations", "persons", "initiatives",
                      "initiative_status_history", "campaigns", "contributions",
                      "commendation_rounds", "awards", "office_profile", "settings",
                      "audit_log", "initiatives_fts"):
            assert table in tables


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
def test_every_earlier_version_upgrades_keeping_its_records(tmp_path, version):
    path = tmp_path / "old.sqlite3"
    _file_at_version(path, version)
    with open_store(path) as store:
        assert store.scalar("PRAGMA user_version") == LATEST_VERSION
        assert store.upgraded_from == version
        assert store.scalar("SELECT name FROM initiatives WHERE uuid = 'i-1'") == \
            "Chung tay sửa nhà"
        # The search added in a later version finds the old record.
        assert query_ids(store, InitiativeFilter(text="sua nha")) == [1]
    copies = list((tmp_path / "backups").glob(f"old-truoc-nang-cap-v{version}-*.sqlite3"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    assert copy.execute("PRAGMA user_version").fetchone()[0] == version
    assert copy.execute("SELECT count(*) FROM initiatives").fetchone()[0] == 1


def test_an_empty_sqlite_file_is_initialised_without_a_copy(tmp_path):
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()
    with open_store(path) as store:
        assert store.scalar("PRAGMA user_version") == LATEST_VERSION
    assert not (tmp_path / "backups").exists()


def test_a_failing_step_leaves_the_file_at_its_version(tmp_path, monkeypatch):
    from danvan_desktop.store import migrations

    path = tmp_path / "old.sqlite3"
    _file_at_version(path, 1)

    def broken(db):
        db.conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("bước nâng cấp lỗi")

    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], broken])
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(RuntimeError):
        migrations.migrate(Database(conn), target=2)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"
                        ).fetchone()[0] == 0
    conn.close()


# --- Files that cannot be used are refused and left byte-for-byte unchanged ----------------


def _unchanged(path, action):
    before = path.read_bytes()
    action()
    assert path.read_bytes() == before


def test_missing_file_and_missing_folder(tmp_path):
    with pytest.raises(DatabaseMissing, match="Không tìm thấy tệp dữ liệu"):
        open_store(tmp_path / "none.sqlite3")
    with pytest.raises(DatabaseMissing, match="Thư mục .* không tồn tại"):
        open_store(tmp_path / "no" / "such" / "x.sqlite3")
    with pytest.raises(DatabaseMissing):
        create_store(tmp_path / "no" / "x.sqlite3")


def test_not_sqlite(tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(b"PK\x03\x04 not a database at all" * 50)
    _unchanged(path, lambda: pytest.raises(NotADatabase, open_store, path))


def test_sqlite_of_another_program(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    _unchanged(path, lambda: pytest.raises(NotADatabase, open_store, path))


def test_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite3"
    create_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()

    def refuse():
        with pytest.raises(DatabaseTooNew, match="phiên bản mới hơn"):
            open_store(path)

    _unchanged(path, refuse)


def test_damaged_file(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    create_store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten
    path.write_bytes(bytes(data))
    _unchanged(path, lambda: pytest.raises(DatabaseDamaged, open_store, path))


def test_read_only_file_is_not_written(tmp_path):
    path = tmp_path / "ro.sqlite3"
    _file_at_version(path, 1)  # would need an upgrade, i.e. a write
    path.chmod(0o444)
    try:
        _unchanged(path, lambda: pytest.raises(DatabaseReadOnly, open_store, path))
    finally:
        path.chmod(0o644)
