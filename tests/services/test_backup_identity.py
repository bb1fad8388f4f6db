"""Backups know whose they are: two data files of the same name sharing one backup folder
(two PCs, one USB stick) never thin, offer or restore each other's copies; copies the user
asked for are kept; two processes never take the same copy name."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest

from danvan_desktop import cli
from danvan_desktop.services import backup, integrity, restore
from danvan_desktop.store import records
from danvan_desktop.store.db import create_store
from danvan_desktop.store.profile import file_identity


def _damage(path):
    """Garbage over the pages of the areas table only: the file opens and names its identity
    (the schema and the settings are sound), its integrity check fails."""
    conn = sqlite3.connect(path)
    try:
        pages = [r[0] for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'areas' AND pagetype = 'leaf'")]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    for page in pages:
        for offset in range((page - 1) * size + 100, page * size, 7):
            data[offset] = 0xA5
    path.write_bytes(bytes(data))


@pytest.fixture
def two_offices(tmp_path):
    """Office A and office B, both ``danvan.sqlite3``, backing up to one USB folder."""
    usb = tmp_path / "usb"
    usb.mkdir()
    paths = []
    for office in ("a", "b"):
        (tmp_path / office).mkdir()
        with create_store(tmp_path / office / "danvan.sqlite3") as store:
            for i in range(50):
                records.insert(store, "areas", {"name": f"Xã {office} {i}", "level": "xa"})
            paths.append(store.path)
    return paths[0], paths[1], usb


def test_thinning_one_office_never_touches_the_other_offices_copies(two_offices):
    a, b, usb = two_offices
    start = dt.datetime(2024, 1, 1, 8)
    for day in range(30):
        backup.backup_to_folder(a, usb, backup.DAILY, now=start + dt.timedelta(days=day, hours=1),
                                thin=False)
        backup.backup_to_folder(b, usb, backup.DAILY, now=start + dt.timedelta(days=day, hours=2),
                                thin=False)
    b_copies = {c.path for c in backup.list_backups(b, usb) if c.ours}
    assert len(b_copies) == 30
    deleted = backup.thin_backups(a, usb, now=start + dt.timedelta(days=31))
    assert deleted and not set(deleted) & b_copies
    assert all(p.exists() for p in b_copies)
    listed = backup.list_backups(a, usb)
    assert {c.path for c in listed if c.ours is False} == b_copies
    assert all("của tệp dữ liệu khác" in c.label for c in listed if c.ours is False)


def test_the_newest_good_copy_of_a_damaged_file_is_its_own(two_offices, capsys):
    a, b, usb = two_offices
    own = backup.backup_to_folder(a, usb, backup.DAILY, now=dt.datetime(2024, 3, 1, 8))
    newer_of_b = backup.backup_to_folder(b, usb, backup.DAILY, now=dt.datetime(2024, 3, 2, 8))
    offered = [c.path for c, _ in integrity.good_backups(a, usb)]
    assert offered == [own] and newer_of_b not in offered
    with pytest.raises(restore.RestoreError, match="của một tệp dữ liệu khác"):
        restore.restore_backup(a, newer_of_b)
    with create_store(a.parent / "x.sqlite3") as other:  # identities differ file to file
        assert file_identity(other)


def test_danvan_check_names_the_own_copy_not_the_newer_one_of_another_office(two_offices, capsys):
    a, b, _ = two_offices
    own = backup.backup_to_folder(a, None, backup.DAILY, now=dt.datetime(2024, 3, 1, 8))
    # Office B's copy put by hand in A's backup folder, newer than A's own.
    theirs = backup.backup_to_folder(b, None, backup.DAILY, now=dt.datetime(2024, 3, 2, 8))
    moved = own.parent / theirs.name
    theirs.replace(moved)
    _damage(a)
    assert cli.run(["check", "--db", str(a)]) == 3
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1
    assert f"“{own}”" in message and moved.name not in message


def test_copies_the_user_asked_for_are_never_thinned(tmp_path):
    with create_store(tmp_path / "danvan.sqlite3") as store:
        path = store.path
    start = dt.datetime(2024, 1, 1, 8)
    manual = [backup.backup_to_folder(path, None, backup.MANUAL, now=start + dt.timedelta(hours=h),
                                      thin=False) for h in range(0, 24 * 60, 24)]
    daily = [backup.backup_to_folder(path, None, backup.DAILY, now=start + dt.timedelta(hours=h, minutes=5),
                                     thin=False) for h in range(0, 24 * 60, 24)]
    deleted = backup.thin_backups(path, now=start + dt.timedelta(days=61))
    assert all(p.exists() for p in manual)
    assert deleted and set(deleted) <= set(daily)


def test_two_copies_at_the_same_second_get_two_names(tmp_path):
    with create_store(tmp_path / "danvan.sqlite3") as store:
        path = store.path
    now = dt.datetime(2024, 5, 5, 9, 30)
    made: list = []
    errors: list = []

    def copy() -> None:
        try:
            made.append(backup.backup_to_folder(path, None, backup.MANUAL, now=now, thin=False))
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=copy) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(made)) == 6
    assert all(integrity.check_file(p) == [] for p in made)
    assert len(backup.list_backups(path)) == 6


def test_danvan_backup_to_an_existing_name_is_refused_and_changes_nothing(tmp_path, capsys):
    with create_store(tmp_path / "danvan.sqlite3") as store:
        path = store.path
    taken = tmp_path / "da-co.sqlite3"
    taken.write_bytes(b"")
    assert cli.run(["backup", "--db", str(path), "-o", str(taken)]) == 3
    assert taken.read_bytes() == b""
    assert "đã có" in capsys.readouterr().err
