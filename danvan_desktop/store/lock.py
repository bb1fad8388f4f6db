"""One writer per data file: a lock file beside the data file, held with an operating
system lock (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on Windows) by the
window for as long as it has the file open, and by every command line writer (import,
certificates, demo) for as long as it runs. The system drops the lock when the process
ends, however it ends, so a crash or a power cut never leaves a stale lock behind.

A second writer waits briefly (``WAIT_SECONDS``, ``DANVAN_LOCK_WAIT`` to change it), then
is refused with a message naming who holds the file. Reading commands do not take it;
SQLite keeps their reads consistent. The lock file is locked with ``flock``, never
``fcntl``: closing a descriptor never drops it, and it never touches SQLite's own locks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import platform
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .db import DatabaseReadOnly, StoreError, read_only_message

WINDOW = "cửa sổ chương trình"
WAIT_SECONDS = 10.0
_POLL = 0.1

# Windows locks byte ranges and refuses reads of a locked range: lock one byte far past
# the text, so that a second copy can still read who holds the file.
_LOCK_OFFSET = 1 << 20

_held: dict[Path, DataLock] = {}  # this process's locks: flock would not stop a second one here


class DatabaseInUse(StoreError):
    """The data file is open in another window (of this or another computer)."""

    def __init__(self, message: str, holder: str = ""):
        super().__init__(message)
        self.holder = holder


def lock_path_for(db_path: str | os.PathLike) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(handle: IO[bytes]) -> bool:
    if os.name == "nt":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            handle.seek(0)
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _who(role: str = WINDOW) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment
        user = ""
    since = dt.datetime.now().strftime("%H:%M:%S ngày %d/%m/%Y")
    host = platform.node()
    where = f"máy {host}" + (f", người dùng {user}" if user else "")
    return f"{role}, {where}, mở từ {since}, tiến trình {os.getpid()}"


def wait_seconds() -> float:
    """How long a second writer waits for the lock (``DANVAN_LOCK_WAIT`` in seconds)."""
    try:
        return max(0.0, float(os.environ.get("DANVAN_LOCK_WAIT", WAIT_SECONDS)))
    except ValueError:
        return WAIT_SECONDS


def holder(db_path: str | os.PathLike) -> str:
    """Who holds the lock, as written in the lock file ("" when unknown)."""
    try:
        text = lock_path_for(db_path).read_bytes()[:400].decode("utf-8", "replace")
    except OSError:
        return ""
    return text.strip("\x00 \n")


@dataclass
class DataLock:
    db_path: Path
    path: Path
    _handle: IO[bytes] | None = field(default=None, repr=False)
    # The lock file still named a holder when it was taken: the last window on this file
    # ended without releasing it (a crash, a power cut, a killed process).
    after_unclean_exit: bool = False

    @property
    def held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        """Let another window open the file. The lock file stays (deleting it could let
        two processes lock two different files of the same name)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        _held.pop(self.db_path, None)
        try:
            handle.seek(0)
            handle.truncate()
            _unlock(handle)
        except OSError:
            pass
        finally:
            handle.close()

    def __enter__(self) -> DataLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def in_use_message(db_path: Path, who: str) -> str:
    if who and not who.startswith(WINDOW):  # a command line writer
        return (f"Tệp dữ liệu “{db_path}” đang được ghi bởi {who}. Hãy chờ lệnh đó chạy xong "
                "rồi thử lại.")
    detail = f" ({who})" if who else ""
    return (f"Tệp dữ liệu đang được mở ở một cửa sổ khác{detail}: “{db_path}”. "
            "Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại. Ở cửa sổ này chỉ có thể xem "
            "(chỉ đọc).")


def acquire(db_path: str | os.PathLike, wait: float = 0.0, role: str = WINDOW) -> DataLock:
    """Take the lock of ``db_path``, waiting up to ``wait`` seconds for its holder, or
    raise ``DatabaseInUse`` naming who holds it. An ``OSError`` (a folder that cannot be
    written) is raised as it is."""
    db_path = Path(db_path).resolve()
    if db_path in _held:
        raise DatabaseInUse(in_use_message(db_path, holder(db_path)), holder(db_path))
    path = lock_path_for(db_path)
    handle = open(path, "a+b")  # noqa: SIM115 - kept open while the lock is held
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                who = holder(db_path)
                raise DatabaseInUse(in_use_message(db_path, who), who)
            time.sleep(_POLL)
        handle.seek(0)
        unclean = bool(handle.read(1))  # release() empties the file
        handle.seek(0)
        handle.truncate()
        handle.write(_who(role).encode("utf-8") + b"\n")
        handle.flush()
    except BaseException:
        handle.close()
        raise
    lock = DataLock(db_path, path, handle, after_unclean_exit=unclean)
    _held[db_path] = lock
    return lock


def _busy_for_command(db_path: Path, who: str) -> str:
    waited = f"; đã chờ {wait_seconds():.0f} giây" if wait_seconds() >= 1 else ""
    role, _, detail = who.partition(", ")
    named = f"{role} ({detail})" if detail else (role or WINDOW)
    if who.startswith(WINDOW) or not who:
        return (f"Tệp dữ liệu “{db_path}” đang được mở ở {named}{waited}. Hãy làm việc này từ cửa "
                "sổ đó, hoặc đóng cửa sổ rồi chạy lại lệnh; các lệnh chỉ đọc (stats, export, check, "
                "backup) vẫn dùng được.")
    return (f"Tệp dữ liệu “{db_path}” đang được ghi bởi {named}{waited}. Hãy chờ lệnh đó chạy xong "
            "rồi chạy lại.")


@contextlib.contextmanager
def writing(db_path: str | os.PathLike, command: str) -> Iterator[DataLock | None]:
    """The lock for a command line writer (``command`` names it, as ``danvan import``),
    held while it runs. In this process already (the window's own jobs): joined."""
    resolved = Path(db_path).resolve()
    if resolved in _held:
        yield _held[resolved]
        return
    try:
        lock = acquire(resolved, wait_seconds(), role=f"lệnh “{command}”")
    except DatabaseInUse as exc:
        raise DatabaseInUse(_busy_for_command(resolved, exc.holder), exc.holder) from exc
    except OSError as exc:
        if not os.access(resolved.parent, os.W_OK):
            raise DatabaseReadOnly(read_only_message(resolved)) from exc
        raise StoreError(f"Không tạo được tệp khóa “{lock_path_for(resolved)}”: "
                         f"{exc.strerror}.") from exc
    try:
        yield lock
    finally:
        lock.release()
