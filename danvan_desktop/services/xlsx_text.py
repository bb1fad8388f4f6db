"""User text in .xlsx files is text, always. openpyxl writes any string starting with
``=`` as a formula: a name ``=1+1`` would be computed, and ``=HYPERLINK(…)`` or
``=WEBSERVICE(…)`` run, when the file is opened. Every writer of user text appends its
rows through :func:`append_row`."""

from __future__ import annotations

from collections.abc import Sequence


def append_row(sheet, values: Sequence[object]) -> None:
    """``sheet.append(values)`` with every string kept a string (never a formula)."""
    sheet.append(values)
    if any(isinstance(v, str) and v.startswith("=") for v in values):
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
