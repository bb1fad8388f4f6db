"""The registration parts of an initiative (situation, goals… resources) in the exchange
files: their columns, reading a row's cells into the record, and the export's cells."""

from __future__ import annotations

from collections.abc import Callable

from ...domain.entities import REGISTRATION_NUMBERS, REGISTRATION_TEXTS
from ...domain.text import nfc, parse_money
from .columns import REGISTRATION_COLUMNS


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def read_registration(values: dict, refuse: Callable[[str, str], None]) -> dict:
    """The registration fields of an import row; a number it cannot read is refused by column."""
    data: dict = {key: _text(values.get(key)) for key in REGISTRATION_TEXTS}
    for key in REGISTRATION_NUMBERS:
        raw = values.get(key)
        if raw is None or _text(raw) == "":
            data[key] = None
        elif key == "workdays":
            try:
                data[key] = (
                    float(raw) if isinstance(raw, int | float) else float(_text(raw).replace(",", "."))
                )
            except ValueError:
                refuse(key, f"“{_text(raw)}” không phải số ngày công.")
                data[key] = None
        else:
            try:
                data[key] = parse_money(raw if isinstance(raw, int | float) else _text(raw))
            except ValueError:
                refuse(key, f"“{_text(raw)}” không phải số tiền (đồng).")
                data[key] = None
    return data


def registration_cells(row: dict) -> list:
    """The export's cells, in the columns' order."""
    return [
        row.get(key) if key in REGISTRATION_NUMBERS else (row.get(key) or "")
        for key in (c.key for c in REGISTRATION_COLUMNS)
    ]
