"""Consistent copies of the data file, made with SQLite's online backup API (safe while
the program is writing), the list of copies kept, and their automatic thinning.

Names (the time is local, so that a user recognises it in a file manager)::

    danvan-2024-03-07_081500.sqlite3                  a copy asked for (menu, ``danvan backup``)
    danvan-2024-03-07_081500-tu-dong.sqlite3          automatic: at start, once a day
    danvan-2024-03-07_170210-khi-thoat.sqlite3        automatic: on exit, after changes
    danvan-2024-03-07_081500-truoc-nhap.sqlite3       before an import
    danvan-2024-03-07_081500-truoc-khoi-phuc.sqlite3  the file as it was before a restore
    danvan-truoc-nang-cap-v3-20240307-081500.sqlite3  before a schema upgrade (store/db.py)

Every copy carries the data file's identity (``settings.file_identity``, a UUID): two
offices' files of the same name sharing one USB stick are told apart. Listing marks each
copy as ours, another file's, or unknown (a copy older than identities); thinning,
"the newest good copy" and restore use only ours (and unknown ones, never deleted).

Thinning (``ThinningPolicy``) keeps the newest copy of each of the last 7 days that have
copies, of the last 5 weeks and of the last 12 months, and the newest copy of every year.
It never deletes the newest copy, never a copy the user asked for (kept until the user
deletes it), never a copy made before an upgrade, an import or a restore in the last 30
days, never another file's copy, and never a file whose name it does not recognise.
A new copy's name is taken exclusively (created empty first), so two processes never
write the same copy.
Services take the backup folder as a parameter; the window keeps it as a setting.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..paths import attachments_dir_for, backup_dir_for
from ..store.db import StoreError, connect_reading, describe_sqlite, inspect


class BackupError(StoreError):
    pass


Progress = Callable[[int, int], None]

MANUAL, DAILY, ON_EXIT = "", "tu-dong", "khi-thoat"
BEFORE_IMPORT, BEFORE_RESTORE, BEFORE_UPGRADE = "truoc-nhap", "truoc-khoi-phuc", "truoc-nang-cap"
# Copies taken before a risky step: kept whatever the thinning says, for PROTECT_DAYS.
PROTECTED = {BEFORE_IMPORT, BEFORE_RESTORE, BEFORE_UPGRADE}
PROTECT_DAYS = 30

REASON_LABELS = {
    MANUAL: "Sao lưu thủ công",
    DAILY: "Tự động hằng ngày",
    ON_EXIT: "Khi thoát chương trình",
    BEFORE_IMPORT: "Trước khi nhập dữ liệu",
    BEFORE_RESTORE: "Trước khi khôi phục",
    BEFORE_UPGRADE: "Trước khi nâng cấp",
}

_STAMP = "%Y-%m-%d_%H%M%S"
_NAME = re.compile(r"(?P<stamp>\d{4}-\d{2}-\d{2}_\d{6})(?:-(?P<n>\d{1,3}))?"
                   r"(?:-(?P<reason>[a-z][a-z-]*))?\.sqlite3")
_UPGRADE_NAME = re.compile(r"truoc-nang-cap-v(?P<v>\d+)-(?P<stamp>\d{8}-\d{6})(?:-\d{1,3})?\.[A-Za-z0-9]+")
PARTIAL_SUFFIX = ".dang-chep"


# --- Where copies go --------------------------------------------------------------------------


def resolve_folder(db_path: Path, folder: str | Path | None) -> Path:
    """The folder copies go to: the one chosen in the settings, else ``backups`` beside
    the data file. A chosen folder must exist: a USB stick that is not plugged in must
    not turn into a new folder on the computer's own disk."""
    if not folder:
        return backup_dir_for(Path(db_path))
    chosen = Path(folder).expanduser()
    if not chosen.is_dir():
        raise BackupError(f"Không tìm thấy thư mục sao lưu “{chosen}” (ổ USB hoặc ổ đĩa thứ hai "
                          "chưa được cắm?).")
    return chosen


def folders_of(db_path: Path, folder: str | Path | None) -> list[Path]:
    """Every folder where copies of this file may be: the chosen one and the default
    (copies before an upgrade are always made beside the data file)."""
    found = [backup_dir_for(Path(db_path))]
    if folder and Path(folder).expanduser().is_dir():
        chosen = Path(folder).expanduser()
        if chosen.resolve() != found[0].resolve():
            found.insert(0, chosen)
    return found


def default_backup_path(db_path: Path, when: dt.datetime | None = None,
                        folder: str | Path | None = None, reason: str = MANUAL) -> Path:
    """A free name for a new copy in ``folder`` (default: beside the data file)."""
    db_path = Path(db_path)
    target_dir = Path(folder) if folder else backup_dir_for(db_path)
    stamp = (when or dt.datetime.now()).strftime(_STAMP)
    tail = f"-{reason}" if reason else ""
    target = target_dir / f"{db_path.stem}-{stamp}{tail}.sqlite3"
    number = 2
    while target.exists() or target.with_name(target.name + PARTIAL_SUFFIX).exists():
        target = target_dir / f"{db_path.stem}-{stamp}-{number}{tail}.sqlite3"
        number += 1
    return target


def reserve_backup_path(db_path: Path, when: dt.datetime | None = None,
                        folder: str | Path | None = None, reason: str = MANUAL) -> Path:
    """Like ``default_backup_path``, the name created empty at once (``O_EXCL``): another
    process choosing a name at the same moment gets the next one."""
    for _attempt in range(1000):
        target = default_backup_path(db_path, when, folder, reason)
        try:
            with target.open("xb"):
                return target
        except FileExistsError:
            continue
    raise BackupError(f"Không chọn được tên cho bản sao lưu trong “{target.parent}”.")


# --- Making a copy ----------------------------------------------------------------------------


def _sync_folder(folder: Path) -> None:
    """Make a rename durable across a power cut (POSIX; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_database(source_path: Path, target: Path, progress: Progress | None = None,
                  reserved: bool = False) -> Path:
    """The backup API from ``source_path`` (opened read-only) into a new file ``target``,
    written under a temporary name, read back with ``quick_check`` and renamed when
    sound, so that a cut-off copy never looks like a good one. ``reserved``: ``target``
    is the empty placeholder this process created for the name (removed on failure)."""
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        _copy_checked(Path(source_path), partial, progress)
        partial.replace(target)
    except BaseException as exc:  # failed or cancelled: nothing half-made is left behind
        partial.unlink(missing_ok=True)
        if reserved:
            target.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error | OSError):
            raise BackupError(f"Sao lưu không thành công: {describe_sqlite(exc)}.") from exc
        raise
    _sync_folder(target.parent)
    return target


def _copy_checked(source_path: Path, partial: Path, progress: Progress | None) -> None:
    partial.unlink(missing_ok=True)
    source = connect_reading(source_path)
    try:
        dest = sqlite3.connect(partial)
        try:
            def report(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(dest, pages=1024, progress=report)
            dest.execute("PRAGMA journal_mode = DELETE")
            ok = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
    finally:
        source.close()
    if ok != "ok":
        raise BackupError(f"Bản sao lưu không đọc lại được ({ok}); tệp dữ liệu có thể đã hỏng.")


def make_backup(db_path: str | Path, target: str | Path | None = None,
                progress: Progress | None = None) -> Path:
    """Copy ``db_path`` to ``target`` (default: the backups folder beside it)."""
    db_path = Path(db_path)
    inspect(db_path)
    if target is not None and Path(target).resolve() == db_path.resolve():
        raise BackupError("Bản sao lưu không được ghi đè lên chính tệp dữ liệu.")
    folder = Path(target).parent if target else backup_dir_for(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Không tạo được thư mục “{folder}”: {exc.strerror}.") from exc
    if target is None:
        return _copy_to(db_path, reserve_backup_path(db_path), progress)
    target = Path(target)
    try:
        with target.open("xb"):  # taken exclusively: never over another copy
            pass
    except FileExistsError as exc:
        raise BackupError(f"Tệp “{target}” đã có; chọn tên khác cho bản sao lưu.") from exc
    except OSError as exc:
        raise BackupError(f"Không ghi được “{target}”: {exc.strerror}.") from exc
    return _copy_to(db_path, target, progress)


def _copy_to(db_path: Path, reserved: Path, progress: Progress | None) -> Path:
    return copy_database(db_path, reserved, progress, reserved=True)


def backup_to_folder(db_path: str | Path, folder: str | Path | None = None, reason: str = MANUAL,
                     progress: Progress | None = None, now: dt.datetime | None = None,
                     thin: bool = True) -> Path:
    """A copy under a dated name in the chosen folder (which must exist), the attachments
    mirrored beside it, then (with ``thin``) the older copies thinned."""
    db_path = Path(db_path)
    target_dir = resolve_folder(db_path, folder)
    inspect(db_path)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Không tạo được thư mục “{target_dir}”: {exc.strerror}.") from exc
    path = _copy_to(db_path, reserve_backup_path(db_path, now, target_dir, reason), progress)
    if target_dir.resolve() != backup_dir_for(db_path).resolve():  # another disk: worth a copy
        mirror_attachments(db_path, target_dir)
    if thin:
        thin_backups(db_path, folder, now=now)
    return path


def backup_before(db_path: str | Path, reason: str, folder: str | Path | None = None,
                  progress: Progress | None = None, thin: bool = True) -> Path:
    """The copy taken before a risky step (``BEFORE_IMPORT``…). If the chosen folder is
    missing the copy goes beside the data file: the step must never run without one."""
    try:
        return backup_to_folder(db_path, folder, reason, progress, thin=thin)
    except BackupError:
        if not folder:
            raise
        return backup_to_folder(db_path, None, reason, progress, thin=thin)


def mirror_attachments(db_path: Path, target_dir: Path) -> int:
    """Attachments live as files beside the data file and are never overwritten (their
    names are UUIDs): copy the ones the backup folder lacks. Returns how many were copied."""
    source = attachments_dir_for(Path(db_path))
    if not source.is_dir() or source.parent.resolve() == target_dir.resolve():
        return 0
    mirror = target_dir / source.name
    copied = 0
    for item in source.iterdir():
        copy = mirror / item.name
        if item.is_file() and not (copy.exists() and copy.stat().st_size == item.stat().st_size):
            mirror.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, copy)
            copied += 1
    return copied


# --- The copies kept --------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime  # local time, from the name
    reason: str
    size: int
    version: int | None = None  # the schema before an upgrade
    ours: bool | None = None  # a copy of this data file; False: another file's; None: unknown

    @property
    def label(self) -> str:
        text = REASON_LABELS.get(self.reason, self.reason)
        text = f"{text} (lược đồ {self.version})" if self.version else text
        if self.ours is False:
            return f"{text} – của tệp dữ liệu khác"
        return text


def read_identity(path: str | Path) -> str | None:
    """The identity kept in a data file or a copy ("" when it has none, a copy made before
    identities); None when the file cannot be read. Read through SQLite only."""
    try:
        conn = connect_reading(Path(path))
    except (sqlite3.Error, OSError):
        return None
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'file_identity'").fetchone()
    except sqlite3.Error as exc:
        return "" if "no such table" in str(exc) else None
    finally:
        conn.close()
    try:
        value = json.loads(row[0]) if row else ""
    except (TypeError, ValueError):
        return ""
    return value if isinstance(value, str) else ""


def same_file(own: str | None, copy: str | None) -> bool | None:
    """Whether a copy with identity ``copy`` belongs to the file with identity ``own``."""
    if not own or not copy:
        return None
    return own == copy


def parse_backup_name(db_path: Path, name: str) -> tuple[dt.datetime, str, int | None] | None:
    """(time, reason, schema version) of a copy of ``db_path`` by its file name, or None
    when the name is not one of ours."""
    prefix = f"{Path(db_path).stem}-"
    if not name.startswith(prefix):
        return None
    rest = name[len(prefix):]
    try:
        match = _NAME.fullmatch(rest)
        if match:
            return dt.datetime.strptime(match["stamp"], _STAMP), match["reason"] or MANUAL, None
        match = _UPGRADE_NAME.fullmatch(rest)
        if match:
            when = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            return when, BEFORE_UPGRADE, int(match["v"])
    except ValueError:  # a date that does not exist
        return None
    return None


def list_backups(db_path: str | Path, folder: str | Path | None = None,
                 identity: str | None = None) -> list[BackupInfo]:
    """The copies named after ``db_path`` in the backup folders, newest first, each marked
    ours or not by the identity it carries (``identity``: the data file's, read from it
    when not given)."""
    db_path = Path(db_path)
    own = identity if identity is not None else (read_identity(db_path) if db_path.exists() else None)
    found: list[BackupInfo] = []
    for directory in folders_of(db_path, folder):
        if not directory.is_dir():
            continue
        for item in directory.iterdir():
            parsed = parse_backup_name(db_path, item.name)
            if parsed is None:
                continue
            when, reason, version = parsed
            try:
                info = item.stat()
            except OSError:  # deleted meanwhile (another window thinning the same folder)
                continue
            if stat.S_ISREG(info.st_mode) and info.st_size > 0:  # 0 bytes: a copy being made
                found.append(BackupInfo(item, when, reason, info.st_size, version,
                                        same_file(own, read_identity(item))))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def backup_if_due(db_path: str | Path, folder: str | Path | None = None,
                  now: dt.datetime | None = None, max_age: dt.timedelta = dt.timedelta(days=1),
                  progress: Progress | None = None) -> Path | None:
    """At start: a copy when the newest one is older than ``max_age`` (or none exists)."""
    now = now or dt.datetime.now()
    copies = [c for c in list_backups(db_path, folder) if c.ours is not False]
    if copies and now - copies[0].taken_at < max_age:
        return None
    return backup_to_folder(db_path, folder, DAILY, progress, now)


@dataclass(frozen=True)
class ThinningPolicy:
    daily: int = 7
    weekly: int = 5
    monthly: int = 12
    yearly: int | None = None  # None: the newest copy of every year, for ever
    protect_days: int = PROTECT_DAYS


DEFAULT_POLICY = ThinningPolicy()


def plan_thinning(copies: Iterable[BackupInfo], now: dt.datetime,
                  policy: ThinningPolicy = DEFAULT_POLICY) -> tuple[list[BackupInfo], list[BackupInfo]]:
    """(kept, to delete): the newest copy of each of the last ``daily`` days that have
    copies, ``weekly`` ISO weeks, ``monthly`` months and ``yearly`` years; the newest copy
    overall; every copy the user asked for; copies before a risky step younger than
    ``protect_days``."""
    ordered = sorted(copies, key=lambda b: (b.taken_at, b.path.name), reverse=True)
    limits = {"d": policy.daily, "w": policy.weekly, "m": policy.monthly, "y": policy.yearly}
    seen: dict[str, set] = {"d": set(), "w": set(), "m": set(), "y": set()}
    kept, dropped = [], []
    for index, copy in enumerate(ordered):
        when = copy.taken_at
        buckets = {"d": when.date(), "w": when.isocalendar()[:2], "m": (when.year, when.month),
                   "y": when.year}
        keep = index == 0 or copy.reason == MANUAL or (
            copy.reason in PROTECTED and now - when < dt.timedelta(days=policy.protect_days))
        for key, bucket in buckets.items():
            limit = limits[key]
            if bucket not in seen[key] and (limit is None or len(seen[key]) < limit):
                seen[key].add(bucket)
                keep = True
        (kept if keep else dropped).append(copy)
    return kept, dropped


def thin_backups(db_path: str | Path, folder: str | Path | None = None,
                 now: dt.datetime | None = None,
                 policy: ThinningPolicy = DEFAULT_POLICY) -> list[Path]:
    """Delete the copies of this file (by identity) the policy no longer keeps, and
    cut-off copies older than a day; return the files deleted. Another file's copies and
    copies of unknown identity are never deleted."""
    now = now or dt.datetime.now()
    ours = [c for c in list_backups(db_path, folder) if c.ours]
    _, dropped = plan_thinning(ours, now, policy)
    deleted = []
    for copy in dropped:
        try:
            copy.path.unlink()
        except OSError:
            continue  # a copy that cannot be deleted now is tried again next time
        deleted.append(copy.path)
    for directory in folders_of(Path(db_path), folder):
        if not directory.is_dir():
            continue
        leftovers = list(directory.glob(f"{Path(db_path).stem}-*{PARTIAL_SUFFIX}"))
        leftovers += [p for p in directory.glob(f"{Path(db_path).stem}-*.sqlite3")
                      if _is_empty(p)]  # a name taken by a copy that was cut off
        for partial in leftovers:
            try:
                if now.timestamp() - partial.stat().st_mtime > 86_400:
                    partial.unlink(missing_ok=True)
            except OSError:
                continue
    return deleted


def _is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False
