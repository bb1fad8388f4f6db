"""Where the data file, backups, attachments and settings live.

The default is the per-user data folder (platformdirs); ``--db PATH`` or the ``DANVAN_DB``
environment variable choose another data file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "danvan"
DB_FILE_NAME = "danvan.sqlite3"
ENV_DB = "DANVAN_DB"


def data_dir() -> Path:
    """``%LOCALAPPDATA%\\danvan`` on Windows, ``~/.local/share/danvan`` on Linux."""
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` first, then ``DANVAN_DB``, then the per-user data file."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def backup_dir_for(db_path: Path) -> Path:
    """Backups sit in a ``backups`` folder beside the data file unless a setting says
    otherwise (a USB stick, a second disk)."""
    return db_path.parent / "backups"


def attachments_dir_for(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.stem}-tep-dinh-kem"


def resources_dir() -> Path:
    """Fonts, icons and templates: inside the PyInstaller bundle or beside the package."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
