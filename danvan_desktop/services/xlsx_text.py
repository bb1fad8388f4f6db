"""User text in .xlsx files is text, always. openpyxl writes any string starting with
``=`` as a formula: a name ``=1+1`` would be computed, and ``=HYPERLINK(…)`` or
``=WEBSERVICE(…)`` run, when the file is opened. Every writer of user text appends its
rows through :func:`append_row`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def append_row(sheet, values: Sequence[object], formulas: Sequence[int] = ()) -> None:
    """``sheet.append(values)`` with every string kept a string (never a formula), except
    at the indexes in ``formulas``: formulas the program itself writes (a total)."""
    sheet.append(values)
    if any(isinstance(v, str) and v.startswith("=") for v in values):
        for index, cell in enumerate(sheet[sheet.max_row]):
            if cell.data_type == "f" and index not in formulas:
                cell.data_type = "s"


def save_book(book, path: str | os.PathLike) -> Path:
    """Save under a temporary name beside ``path``, then rename: a full disk or a crash
    never leaves a cut-off workbook under the name the user chose."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.dang-ghi-{os.getpid()}")
    try:
        book.save(str(partial))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
