"""Opening the data file: checks before touching it, pragmas on every connection,
upgrades with a copy taken first, and clear Vietnamese refusals.

A file that cannot be used is never modified: it is inspected through a read-only
connection before anything opens it for writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .connection import Database
from .migrations import APPLICATION_ID, LATEST_VERSION, migrate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The database cannot be used (CLI exit code 3). The message is Vietnamese, one line."""

    exit_code = 3


class DatabaseMissing(StoreError):
    pass


class NotADatabase(StoreError):
    pass


class DatabaseDamaged(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass


def _is_read_only(path: Path) -> bool:
    # Root ignores permission bits, so look at the bits themselves as well as access():
    # a file marked read-only (or on read-only media) is one the user asked us not to change.
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _connect(path: Path, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "?mode=rwc")
    if immutable:  # a file nothing can change (read-only folder): no -shm needed
        uri += "&immutable=1"
    # isolation_level=None: we open transactions ourselves (BEGIN … COMMIT), one per action.
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _display(path: Path) -> str:
    return str(path)


@dataclass
class Inspection:
    version: int
    application_id: int
    has_tables: bool


def location_read_only(path: Path) -> bool:
    """The file, or the folder that must hold its journal, cannot be written."""
    return _is_read_only(path) or not os.access(path.parent, os.W_OK)


def read_only_message(path: Path) -> str:
    return (f"Tệp dữ liệu “{_display(path)}” nằm ở chỗ chỉ đọc (tệp hoặc thư mục không ghi được): "
            "chỉ có thể xem, không ghi được. Hãy bỏ thuộc tính chỉ đọc hoặc chép tệp sang thư mục "
            "khác.")


def _read_header(path: Path) -> tuple[int, int, int]:
    """(user_version, application_id, number of schema objects), read through SQLite.

    Never with ``open()``: on POSIX, closing any descriptor of a file drops every lock
    the process holds on it, SQLite's included, and another process could then
    checkpoint and remove the WAL under this process's connections."""
    conn = connect_reading(path)
    try:
        return _header_of(conn)
    finally:
        conn.close()


def connect_reading(path: Path) -> sqlite3.Connection:
    """A read-only connection that has read the header. A WAL file in a read-only
    folder cannot get its -shm made: it is then read as a file nothing changes."""
    conn = None
    try:
        conn = _connect(path, read_only=True)
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        if conn is not None:
            conn.close()
        if not location_read_only(path) or "unable to open" not in str(exc):
            raise
    conn = _connect(path, read_only=True, immutable=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _header_of(conn: sqlite3.Connection) -> tuple[int, int, int]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    count = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return version, app_id, count


def inspect(path: Path) -> Inspection:
    """Look at a file without changing it; raise a StoreError if it cannot be ours.
    Safe while this process has the file open: only SQLite touches it."""
    if not path.parent.exists():
        raise DatabaseMissing(f"Thư mục “{_display(path.parent)}” không tồn tại.")
    if not path.exists():
        raise DatabaseMissing(f"Không tìm thấy tệp dữ liệu “{_display(path)}”.")
    if path.is_dir():
        raise NotADatabase(f"“{_display(path)}” là một thư mục, không phải tệp dữ liệu.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"Không đọc được tệp “{_display(path)}”: {exc.strerror}.") from exc
    if size == 0:  # a 0-byte file is an empty database to SQLite
        return Inspection(version=0, application_id=0, has_tables=False)
    try:
        version, app_id, count = _read_header(path)
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_NOTADB or size < 100:
            raise NotADatabase(f"Tệp “{_display(path)}” không phải tệp dữ liệu của chương trình "
                               "(không phải SQLite).") from exc
        if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
            raise StoreError(f"Không đọc được tệp “{_display(path)}”: không có quyền đọc "
                             "hoặc tệp đang bị khóa.") from exc
        raise DatabaseDamaged(
            f"Tệp dữ liệu “{_display(path)}” bị hỏng, không đọc được ({describe_sqlite(exc)}). "
            "Hãy khôi phục từ bản sao lưu."
        ) from exc
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and count > 0):
        raise NotADatabase(
            f"Tệp “{_display(path)}” là cơ sở dữ liệu SQLite của chương trình khác, "
            "không phải dữ liệu Dân vận khéo."
        )
    if version > LATEST_VERSION:
        raise DatabaseTooNew(
            f"Tệp dữ liệu “{_display(path)}” được tạo bởi phiên bản mới hơn của chương trình "
            f"(lược đồ {version}, chương trình này hiểu đến {LATEST_VERSION}). "
            "Hãy cập nhật chương trình."
        )
    return Inspection(version=version, application_id=app_id, has_tables=count > 0)


DISK_FULL = "ổ đĩa đầy, hãy giải phóng chỗ trống rồi thử lại"


def describe_sqlite(exc: BaseException) -> str:
    """SQLite's (or the system's) error in Vietnamese words a user can act on."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    text = str(exc)
    if code == sqlite3.SQLITE_FULL or "disk is full" in text or getattr(exc, "errno", 0) == 28:
        return DISK_FULL
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
        return "tệp bị hỏng"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return "tệp đang được chương trình khác ghi, hãy thử lại sau"
    if code == sqlite3.SQLITE_READONLY or "readonly" in text:
        return "tệp chỉ đọc, không ghi được"
    if code == sqlite3.SQLITE_IOERR or "disk I/O" in text:
        return "lỗi đọc ghi ổ đĩa (ổ đĩa đầy, bị rút ra hoặc hỏng)"
    if code == sqlite3.SQLITE_CANTOPEN:
        return "không mở được tệp (thư mục không có quyền ghi hoặc không tồn tại)"
    return text


@dataclass
class Store:
    """An open data file. ``db`` holds its connection; ``user`` is who writes
    (recorded in the audit log)."""

    path: Path
    db: Database
    read_only: bool = False
    user: str = ""
    upgraded_from: int | None = None
    _closed: bool = field(default=False, repr=False)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def execute(self, sql: str, params: tuple | dict | list = ()) -> sqlite3.Cursor:
        return self.db.conn.execute(sql, params)

    def query(self, sql: str, params: tuple | dict | list = ()) -> list[dict]:
        return [dict(r) for r in self.db.conn.execute(sql, params).fetchall()]

    def scalar(self, sql: str, params: tuple | dict | list = ()):
        row = self.db.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def atomic(self):
        """One transaction for one user action: all of it is written, or none. Inside a
        transaction already open, it joins it (no savepoint): an error anywhere rolls the
        whole action back, which is what every caller wants, and bulk work stays fast."""
        if self.read_only:
            raise DatabaseReadOnly(f"Tệp dữ liệu “{self.path}” chỉ đọc, không thể ghi.")
        if self.db.conn.in_transaction:
            return contextlib.nullcontext(self.db)
        return self._immediate()

    @contextlib.contextmanager
    def _immediate(self):
        # IMMEDIATE takes the write lock at the start: a second process waits (busy
        # timeout) instead of failing later with SQLITE_BUSY_SNAPSHOT after it has read.
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.conn.execute("COMMIT")
        except BaseException as exc:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and describe_sqlite(exc) == DISK_FULL:
                raise StoreError(f"Không ghi được vào “{self.path}”: {DISK_FULL}. Chưa có gì "
                                 "thay đổi.") from exc
            raise

    def write_mark(self) -> tuple[int, int]:
        """Changes as this connection sees them: its own writes and ``data_version``,
        which moves when any other connection (an import's, a printing's, another
        process's) commits. Two equal marks mean nothing was written in between."""
        version = self.db.conn.execute("PRAGMA data_version").fetchone()[0]
        return self.db.conn.total_changes, version

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _pre_upgrade_copy(path: Path, version: int,
                      progress: Callable[[int, int], None] | None = None) -> Path:
    """A byte copy of the file as it was, taken before any upgrade touches it.
    ``progress(pages done, pages)`` is told as the copy goes."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target_dir = path.parent / "backups"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{path.stem}-truoc-nang-cap-v{version}-{stamp}{path.suffix}"
    number = 2
    while True:  # the name taken exclusively: two processes upgrading at once keep two copies
        try:
            with target.open("xb"):
                break
        except FileExistsError:
            target = target_dir / f"{path.stem}-truoc-nang-cap-v{version}-{stamp}-{number}{path.suffix}"
            number += 1
    source = connect_reading(path)
    try:
        dest = sqlite3.connect(target)
        with dest:
            if progress is None:
                source.backup(dest)
            else:
                source.backup(dest, pages=4096,
                              progress=lambda _status, left, total: progress(total - left, total))
        dest.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    return target


def _finish_connection(conn: sqlite3.Connection) -> Database:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return Database(conn)


class UpgradeStopped(StoreError):
    """``upgrade`` was asked to stop: the step under way was rolled back."""


def needs_upgrade(path: Path) -> bool:
    """The file holds data of an older schema: opening it for writing upgrades it first."""
    info = inspect(path)
    return info.has_tables and info.version < LATEST_VERSION


def upgrade(path: str | os.PathLike, progress: Callable[[str, int, int], None] | None = None,
            stop: Callable[[], bool] | None = None) -> int | None:
    """Bring a file of an older schema to the latest one, as ``open_store`` would, but told
    step by step (for a progress window) and stoppable: ``progress(stage, done, total)``
    with stage "copy" (the copy kept before upgrading, pages) or "step" (schema steps);
    ``stop()``, asked often while SQLite works, rolls back the step under way and raises
    ``UpgradeStopped`` (the steps before it stay done; the copy stays). Returns the version
    the file had, or None when it needed nothing."""
    path = Path(path)
    info = inspect(path)
    if not info.has_tables or info.version >= LATEST_VERSION:
        return None
    if location_read_only(path):
        raise DatabaseReadOnly(read_only_message(path))
    tell = progress or (lambda _stage, _done, _total: None)
    _pre_upgrade_copy(path, info.version, lambda done, total: tell("copy", done, total))
    conn = _connect(path, read_only=False)
    try:
        db = _finish_connection(conn)
        if stop is not None:
            conn.set_progress_handler(lambda: 1 if stop() else 0, 20_000)
        migrate(db, on_step=lambda done, total: tell("step", done, total))
    except sqlite3.DatabaseError as exc:
        if stop is not None and stop():
            raise UpgradeStopped(f"Đã dừng nâng cấp tệp “{path}”: bước đang làm được hoàn "
                                 "tác, tệp vẫn dùng được.") from exc
        if describe_sqlite(exc) != "tệp bị hỏng":
            raise StoreError(f"Không nâng cấp được tệp dữ liệu “{path}”: {describe_sqlite(exc)}.") from exc
        raise DatabaseDamaged(f"Không mở được tệp dữ liệu “{path}”: {exc}.") from exc
    finally:
        conn.close()
    return info.version


def open_store(path: str | os.PathLike, *, read_only: bool = False, user: str = "") -> Store:
    """Open an existing data file, upgrading its schema if it is older than the program.

    ``read_only`` opens for reading (figures, checks, copies): nothing on disk changes,
    unless the file's schema is older and must be upgraded first.
    """
    path = Path(path)
    info = inspect(path)
    needs_upgrade = info.version < LATEST_VERSION
    if read_only and not info.has_tables:
        raise DatabaseMissing(f"Tệp “{path}” trống, chưa có dữ liệu.")
    if read_only and not needs_upgrade:
        return Store(path=path, db=Database(connect_reading(path)), read_only=True, user=user)
    if location_read_only(path):
        raise DatabaseReadOnly(read_only_message(path))
    upgraded_from = None
    if needs_upgrade and info.has_tables:
        _pre_upgrade_copy(path, info.version)
        upgraded_from = info.version
    conn = _connect(path, read_only=False)
    try:
        db = _finish_connection(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if describe_sqlite(exc) != "tệp bị hỏng":
            raise StoreError(f"Không mở được tệp dữ liệu “{path}”: {describe_sqlite(exc)}.") from exc
        raise DatabaseDamaged(f"Không mở được tệp dữ liệu “{path}”: {exc}.") from exc
    store = Store(path=path, db=db, read_only=False, user=user, upgraded_from=upgraded_from)
    if read_only:
        store.read_only = True
    return store


def create_store(path: str | os.PathLike, *, user: str = "") -> Store:
    """Create a new, empty data file at the latest schema. The file must not exist."""
    path = Path(path)
    if not path.parent.exists():
        raise DatabaseMissing(f"Thư mục “{path.parent}” không tồn tại.")
    if path.exists():
        raise StoreError(f"Tệp “{path}” đã có; chọn một tên tệp mới.")
    try:
        conn = _connect(path, read_only=False)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"Không tạo được tệp “{path}”: {describe_sqlite(exc)}.") from exc
    try:
        db = _finish_connection(conn)
        migrate(db)
    except Exception as exc:
        conn.close()
        remove_with_journal(path)
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"Không tạo được tệp “{path}”: {describe_sqlite(exc)}.") from exc
        raise
    return Store(path=path, db=db, user=user)


def planning_store(path: str | os.PathLike, *, user: str = "") -> Store:
    """A store to check a change against (an import's plan) that never writes to
    ``path``: the file itself read-only, or, when it is empty or of an older schema, a copy
    in memory brought to the latest schema. A refused command leaves the file as it was."""
    path = Path(path)
    info = inspect(path)
    if info.has_tables and info.version == LATEST_VERSION:
        return open_store(path, read_only=True, user=user)
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    memory.row_factory = sqlite3.Row
    try:
        if info.has_tables:
            source = connect_reading(path)
            try:
                source.backup(memory)
            finally:
                source.close()
        memory.execute("PRAGMA foreign_keys = ON")
        db = Database(memory)
        migrate(db)
    except BaseException:
        memory.close()
        raise
    return Store(path=path, db=db, read_only=False, user=user)


def remove_with_journal(path: Path) -> None:
    """A half-made file and its -wal/-shm: nothing is left behind."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def open_or_create(path: str | os.PathLike, *, user: str = "") -> Store:
    """The window's default data file: created on first start."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return create_store(path, user=user)
    return open_store(path, user=user)


def quick_check(store: Store, full: bool = False) -> list[str]:
    """``PRAGMA quick_check`` (or ``integrity_check``): an empty list when sound."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [r[0] for r in store.execute(f"PRAGMA {pragma}").fetchall()]
        problems = [r for r in rows if r != "ok"]
        problems += [
            f"khóa ngoại hỏng: bảng {r[0]}, dòng {r[1]}"
            for r in store.execute("PRAGMA foreign_key_check").fetchall()
        ]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    # SQLite's lines may hold line breaks ("*** in database main ***\nPage 5: …").
    return [" ".join(p.split()) for p in problems]
