"""One window per data file: a lock file beside the data file, held with an operating
system lock (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on Windows) for as
long as the window has the file open. The system drops the lock when the process ends,
however it ends, so a crash or a power cut never leaves a stale lock behind.

The lock is about telling a user clearly that the file is already open; SQLite itself
keeps two writers from corrupting the file or losing a write (WAL, busy timeout). The
command line's read-only commands do not take it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .db import StoreError

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


def _who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment
        user = ""
    since = dt.datetime.now().strftime("%H:%M ngày %d/%m/%Y")
    host = platform.node()
    where = f"máy {host}" + (f", người dùng {user}" if user else "")
    return f"{where}, mở từ {since}, tiến trình {os.getpid()}"


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
    detail = f" ({who})" if who else ""
    return (f"Tệp dữ liệu đang được mở ở một cửa sổ khác{detail}: “{db_path}”. "
            "Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại. Ở cửa sổ này chỉ có thể xem "
            "(chỉ đọc).")


def acquire(db_path: str | os.PathLike) -> DataLock:
    """Take the lock of ``db_path`` or raise ``DatabaseInUse`` naming who holds it.
    An ``OSError`` (a folder that cannot be written) is raised as it is."""
    db_path = Path(db_path).resolve()
    if db_path in _held:
        raise DatabaseInUse(in_use_message(db_path, holder(db_path)), holder(db_path))
    path = lock_path_for(db_path)
    handle = open(path, "a+b")  # noqa: SIM115 - kept open while the lock is held
    try:
        if not _try_lock(handle):
            who = holder(db_path)
            raise DatabaseInUse(in_use_message(db_path, who), who)
        handle.seek(0)
        unclean = bool(handle.read(1))  # release() empties the file
        handle.seek(0)
        handle.truncate()
        handle.write(_who().encode("utf-8") + b"\n")
        handle.flush()
    except BaseException:
        handle.close()
        raise
    lock = DataLock(db_path, path, handle, after_unclean_exit=unclean)
    _held[db_path] = lock
    return lock
