"""The initiatives of a period, a checkbox each: ticked ones are notable and the report
describes them. A tick is written at once (and to the audit log)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from ...domain import vocab
from ...domain.periods import Period
from ...domain.text import fold, format_date, search_tokens
from ..rounds.models import Index, RowsModel


def event_in(row: dict, period: Period) -> str:
    """What happened to the initiative in the period (the latest step)."""
    start, end = period.start.isoformat(), period.end.isoformat()
    for key, word in (("commended_on", "Khen thưởng"), ("recognized_on", "Công nhận"),
                      ("registered_on", "Đăng ký")):
        if row.get(key) and start <= row[key] <= end:
            return f"{word} {format_date(row[key])}"
    return ""


class NotableModel(RowsModel):
    columns = [("name", "Tên mô hình, điển hình"), ("owner_name", "Chủ thể"), ("commune", "Xã, phường"),
               ("field", "Lĩnh vực"), ("event", "Trong kỳ")]
    checkable = True

    def __init__(self, on_toggle: Callable[[int, bool], bool], parent=None):
        super().__init__(parent)
        self.on_toggle = on_toggle
        self.period: Period | None = None
        self.all_rows: list[dict] = []
        self._keys: dict[int, str] = {}

    def load(self, rows: list[dict], period: Period) -> None:
        self.period = period
        self.all_rows = rows
        self._keys = {r["id"]: fold(" ".join(str(r.get(k) or "") for k in ("name", "owner_name", "commune")))
                      for r in rows}
        self.checked = {r["id"] for r in rows if r["notable"]}

    def show(self, text: str = "", only_checked: bool = False) -> None:
        """The rows matching the search words (without diacritics too), maybe only the ticked."""
        tokens = search_tokens(text)
        rows = [r for r in self.all_rows
                if all(t in self._keys[r["id"]] for t in tokens)
                and (not only_checked or r["id"] in self.checked)]
        checked = set(self.checked)
        self.set_rows(rows)
        self.checked = checked  # ticks on hidden rows stay

    def cell(self, row: dict, key: str, number: int) -> str:
        if key == "field":
            return vocab.FIELDS.short(row["field"])
        if key == "event":
            return event_in(row, self.period) if self.period else ""
        if key == "owner_name":
            return row["owner_name"]
        return super().cell(row, key, number)

    def tooltip(self, row: dict, key: str) -> str | None:
        return f"{row['name']}\n{row['owner_name']} – {row.get('commune') or ''}"

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        return self.toggle(index.row(), on)

    def toggle(self, row: int, on: bool) -> bool:
        record_id = self.id_at(row)
        if record_id is None or not self.on_toggle(record_id, on):
            return False
        for record in self.all_rows:
            if record["id"] == record_id:
                record["notable"] = int(on)
        return self.set_checked(row, on)
