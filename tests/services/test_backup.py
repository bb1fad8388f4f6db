"""Backups: names, the list, automatic copies and their thinning, restore (of a sound and
of a damaged file, and into a new file), integrity checks. Each test builds its files."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from danvan_desktop.services import backup, integrity, restore
from danvan_desktop.services.backup import BackupInfo, ThinningPolicy, plan_thinning
from danvan_desktop.store import catalog, records
from danvan_desktop.store.db import create_store, open_store


def _areas(store, names):
    province = catalog.add_area(store, "Tỉnh Thái Bình", "tinh")
    return [catalog.add_area(store, name, "huyen", province) for name in names]


def _names(path):
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM areas ORDER BY id")]
    finally:
        conn.close()


def _damage(path):
    """Garbage over the last pages (the tables' data): the file opens, quick_check fails."""
    data = bytearray(path.read_bytes())
    size = len(data)
    for offset in range(size - 3 * 4096, size, 7):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))


@pytest.fixture
def filled(tmp_path):
    store = create_store(tmp_path / "danvan.sqlite3", user="Nguyễn Thị Lan")
    _areas(store, [f"Huyện số {i}" for i in range(300)])
    yield store
    store.close()


# --- names and the list ----------------------------------------------------------------------


def test_names_of_copies_are_recognised(tmp_path):
    db = tmp_path / "danvan.sqlite3"
    parse = backup.parse_backup_name
    assert parse(db, "danvan-2024-03-07_081500.sqlite3") == (dt.datetime(2024, 3, 7, 8, 15), "", None)
    assert parse(db, "danvan-2024-03-07_081500-2-tu-dong.sqlite3")[1] == "tu-dong"
    assert parse(db, "danvan-truoc-nang-cap-v3-20240307-081500.sqlite3") == (
        dt.datetime(2024, 3, 7, 8, 15), "truoc-nang-cap", 3)
    for other in ("danvan-2-2024-03-07_081500.sqlite3", "ghi-chu.txt", "danvan-2024-02-30_081500.sqlite3",
                  "danvan-2024-03-07_081500.sqlite3.dang-chep", "khac-2024-03-07_081500.sqlite3"):
        assert parse(db, other) is None, other


def test_backup_to_folder_lists_copies_newest_first_with_counts(filled, tmp_path):
    first = backup.backup_to_folder(filled.path, reason=backup.DAILY, now=dt.datetime(2024, 3, 1, 8))
    second = backup.backup_to_folder(filled.path, now=dt.datetime(2024, 3, 2, 8))
    copies = backup.list_backups(filled.path)
    assert [c.path for c in copies] == [second, first]
    assert copies[1].label == "Tự động hằng ngày" and copies[0].label == "Sao lưu thủ công"
    assert integrity.contents(first) == integrity.Contents(filled.scalar("PRAGMA user_version"), 0, 0)
    assert len(_names(first)) == 301
    assert integrity.check_file(first) == []


def test_same_second_copies_get_distinct_names(filled):
    when = dt.datetime(2024, 3, 1, 8)
    a = backup.backup_to_folder(filled.path, now=when, thin=False)
    b = backup.backup_to_folder(filled.path, now=when, thin=False)
    assert a != b and a.exists() and b.exists()


def test_a_chosen_folder_must_exist_and_copies_before_a_step_fall_back(filled, tmp_path):
    missing = tmp_path / "usb" / "SaoLuu"
    with pytest.raises(backup.BackupError, match="ổ USB"):
        backup.backup_to_folder(filled.path, missing)
    assert not missing.exists()  # never created on the computer's own disk
    copy = backup.backup_before(filled.path, backup.BEFORE_IMPORT, missing)
    assert copy.parent == tmp_path / "backups" and copy.name.endswith("-truoc-nhap.sqlite3")


def test_a_copy_before_a_step_reports_progress_and_stops_on_cancel(filled, tmp_path):
    """The import dialog shows the copy's progress; Hủy there leaves no copy, whole or half."""
    seen: list[tuple[int, int]] = []
    copy = backup.backup_before(filled.path, backup.BEFORE_IMPORT,
                                progress=lambda done, total: seen.append((done, total)))
    assert copy.exists() and seen and seen[-1][0] == seen[-1][1] > 0

    class Stopped(Exception):
        pass

    def stop(done, total):
        raise Stopped()

    before = sorted(p.name for p in copy.parent.iterdir())
    with pytest.raises(Stopped):
        backup.backup_before(filled.path, backup.BEFORE_IMPORT, progress=stop)
    assert sorted(p.name for p in copy.parent.iterdir()) == before


def test_copies_in_the_chosen_folder_and_beside_the_file_are_listed(filled, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    on_usb = backup.backup_to_folder(filled.path, usb, now=dt.datetime(2024, 3, 2))
    beside = tmp_path / "backups" / "danvan-truoc-nang-cap-v3-20240301-080000.sqlite3"
    beside.parent.mkdir()
    beside.write_bytes(on_usb.read_bytes())
    assert [c.path for c in backup.list_backups(filled.path, usb)] == [on_usb, beside]


def test_backup_if_due(filled):
    now = dt.datetime(2024, 3, 1, 8)
    first = backup.backup_if_due(filled.path, now=now)
    assert first is not None and first.name.endswith("-tu-dong.sqlite3")
    assert backup.backup_if_due(filled.path, now=now + dt.timedelta(hours=23)) is None
    assert backup.backup_if_due(filled.path, now=now + dt.timedelta(hours=25)) is not None


def test_attachments_are_mirrored_beside_the_copies(filled, tmp_path):
    from danvan_desktop.store import attachments

    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8 anh")
    area = filled.scalar("SELECT id FROM areas LIMIT 1")
    attachments.attach(filled, "areas", area, photo)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.backup_to_folder(filled.path, usb)
    mirrored = list((usb / "danvan-tep-dinh-kem").iterdir())
    assert len(mirrored) == 1 and mirrored[0].read_bytes() == b"\xff\xd8 anh"


# --- thinning --------------------------------------------------------------------------------


def _copies(times, reason=backup.DAILY):
    return [BackupInfo(backup.Path(f"/x/danvan-{t:%Y-%m-%d_%H%M%S}.sqlite3"), t, reason, 1) for t in times]


def test_thinning_keeps_days_weeks_months_years_and_the_newest():
    now = dt.datetime(2024, 6, 30, 18)
    times = [now - dt.timedelta(hours=6 * i) for i in range(4 * 365 * 2)]  # 2 years, 4 a day
    kept, dropped = plan_thinning(_copies(times), now)
    kept_times = {c.taken_at for c in kept}
    assert now in kept_times
    assert len(kept) + len(dropped) == len(times)
    days = {c.taken_at.date() for c in kept}
    for back in range(7):
        assert (now - dt.timedelta(days=back)).date() in days
    months = {(c.taken_at.year, c.taken_at.month) for c in kept}
    assert len(months) >= 12
    assert {c.taken_at.year for c in kept} == {2022, 2023, 2024}
    assert len(kept) <= 7 + 5 + 12 + 3


def test_thinning_keeps_copies_before_risky_steps_for_30_days():
    now = dt.datetime(2024, 6, 30, 18)
    regular = _copies([now - dt.timedelta(hours=i) for i in range(48)])
    recent = _copies([now - dt.timedelta(days=3, minutes=i) for i in range(5)], backup.BEFORE_IMPORT)
    old = _copies([now - dt.timedelta(days=40, minutes=i) for i in range(5)], backup.BEFORE_RESTORE)
    kept, _ = plan_thinning(regular + recent + old, now, ThinningPolicy(daily=2, weekly=1, monthly=1))
    assert all(c in kept for c in recent)
    assert sum(c in kept for c in old) <= 1


def test_thin_backups_deletes_only_its_own_files(filled, tmp_path):
    folder = tmp_path / "backups"
    start = dt.datetime(2024, 1, 1, 8)
    for day in range(40):
        backup.backup_to_folder(filled.path, now=start + dt.timedelta(days=day), thin=False,
                                reason=backup.DAILY)
    own = folder / "ghi-chu-cua-toi.sqlite3"
    own.write_text("không phải bản sao của chương trình")
    deleted = backup.thin_backups(filled.path, now=start + dt.timedelta(days=40))
    left = backup.list_backups(filled.path)
    assert len(deleted) + len(left) == 40 and len(left) <= 7 + 5 + 12
    assert own.exists()
    assert left[0].taken_at == start + dt.timedelta(days=39)


# --- restore ---------------------------------------------------------------------------------


def test_restore_keeps_the_current_file_and_the_open_store_sees_the_copy(filled):
    copy = backup.backup_to_folder(filled.path)
    records.insert(filled, "areas", {"name": "Huyện thêm sau", "level": "huyen"})
    before = _names(filled.path)
    result = restore.restore_backup(filled.path, copy)
    assert not result.was_damaged and result.kept_copy.name.endswith("-truoc-khoi-phuc.sqlite3")
    assert _names(result.kept_copy) == before
    assert "Huyện thêm sau" not in _names(filled.path)
    assert filled.scalar("SELECT count(*) FROM areas WHERE name = 'Huyện thêm sau'") == 0
    assert integrity.check_file(filled.path) == []
    filled.close()
    with open_store(filled.path) as reopened:
        assert reopened.scalar("PRAGMA journal_mode") == "wal"


def test_restore_refuses_a_damaged_copy_and_changes_nothing(filled):
    copy = backup.backup_to_folder(filled.path)
    _damage(copy)
    before = _names(filled.path)
    with pytest.raises(restore.RestoreError, match="không dùng được"):
        restore.restore_backup(filled.path, copy)
    assert _names(filled.path) == before
    assert not any(c.reason == backup.BEFORE_RESTORE for c in backup.list_backups(filled.path))


def test_an_interrupted_restore_leaves_the_file_as_it_was(filled):
    with filled.atomic():  # more pages than one step of the backup API copies
        filled.execute("INSERT INTO settings (key, value) VALUES ('x', ?)", ("x" * 6_000_000,))
    copy = backup.backup_to_folder(filled.path)
    records.insert(filled, "areas", {"name": "Huyện thêm sau", "level": "huyen"})
    before = _names(filled.path)

    def cancel(done, total):
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        restore.restore_backup(filled.path, copy, progress=cancel)
    assert _names(filled.path) == before and integrity.check_file(filled.path) == []


def test_restore_over_a_damaged_file_keeps_it_under_another_name(filled, tmp_path):
    copy = backup.backup_to_folder(filled.path)
    path = filled.path
    filled.close()
    _damage(path)
    damaged_bytes = path.read_bytes()
    assert integrity.check_file(path)
    assert path.read_bytes() == damaged_bytes  # checking never writes
    assert [c for c, _ in integrity.good_backups(path)][0].path == copy
    result = restore.restore_backup(path, copy)
    assert result.was_damaged and "-hong-" in result.kept_copy.name
    assert result.kept_copy.read_bytes() == damaged_bytes
    assert integrity.check_file(path) == [] and len(_names(path)) == 301


def test_restore_into_a_new_file_leaves_the_damaged_one_alone(filled, tmp_path):
    copy = backup.backup_to_folder(filled.path)
    path = filled.path
    filled.close()
    _damage(path)
    damaged_bytes = path.read_bytes()
    new = restore.restore_to_new_file(copy, tmp_path / "moi.sqlite3")
    assert path.read_bytes() == damaged_bytes and len(_names(new)) == 301
    with pytest.raises(restore.RestoreError, match="đã có"):
        restore.restore_to_new_file(copy, new)


def test_good_backups_skip_damaged_copies(filled):
    good = backup.backup_to_folder(filled.path, now=dt.datetime(2024, 3, 1))
    bad = backup.backup_to_folder(filled.path, now=dt.datetime(2024, 3, 2))
    _damage(bad)
    found = list(integrity.good_backups(filled.path))
    assert [c.path for c, _ in found] == [good]


def test_danvan_check_names_the_newest_good_copy(filled, capsys):
    from danvan_desktop import cli

    copy = backup.backup_to_folder(filled.path)
    path = filled.path
    filled.close()
    assert cli.run(["check", "--db", str(path)]) == 0
    _damage(path)
    before = path.read_bytes()
    assert cli.run(["check", "--db", str(path)]) == 3
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1 and f"“{copy}”" in message
    assert path.read_bytes() == before
