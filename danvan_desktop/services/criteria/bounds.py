"""Limits on the files the criteria imports read, checked before and while reading: an
office's criteria set or score sheet is small, so anything far larger is refused with a
clear message instead of being read into memory."""

from __future__ import annotations

from pathlib import Path

from ..exchange.reader import FileRefused, Sheet

MAX_FILE_BYTES = 20 * 1024 * 1024


def check_file(path: str | Path) -> Path:
    path = Path(path)
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        raise FileRefused(f"Tệp “{path.name}” quá lớn (tối đa {MAX_FILE_BYTES // 1024 // 1024} MB).")
    return path


def check_rows(sheet: Sheet, limit: int) -> None:
    if len(sheet.rows) > limit:
        where = f"Trang “{sheet.name}”" if sheet.name else "Tệp"
        raise FileRefused(f"{where} có {len(sheet.rows)} dòng, quá số dòng cho phép ({limit}).")
