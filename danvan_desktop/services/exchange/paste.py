"""Rows pasted from a spreadsheet: Excel (and LibreOffice) put a copied block on the
clipboard as tab-separated text. The block is read the way an imported file is: the
header row matched ignoring case and diacritics (or the template's column order when
there is none), every row checked by the domain's validation, each refusal named by its
row and column. Nothing is written until :func:`commit_initiatives`, in one transaction."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from ...domain.text import fold, nfc
from ...store.db import Store
from ...store.initiatives import save_initiative
from .columns import INITIATIVE_COLUMNS, Column, match_headers
from .importer import PlannedRow, mark_duplicates, plan_row
from .planning import Places, RowError

MAX_PASTE_CHARS = 5_000_000
MAX_PASTE_ROWS = 5_000
PASTE_NOTE = "Dán từ bảng tính"
Progress = Callable[[int, int, str], None]  # (done, total, text); may raise to stop

# The list's own Ctrl+C headers, so that rows copied from the list paste back.
_LIST_COLUMNS = [Column("place", "Xã / thôn", aliases=("Xã/thôn", "Xã, thôn"))]


class PasteRefused(ValueError):
    """The clipboard holds nothing that can be pasted; the message is Vietnamese."""


def parse_block(text: str | None) -> list[list[str]]:
    """The cells of a copied block, row by row, blank rows dropped. A cell Excel quoted
    (it holds a line break or a tab) comes back whole."""
    text = text or ""
    if len(text) > MAX_PASTE_CHARS:
        raise PasteRefused("Khối dán quá lớn; hãy dùng Tệp → Nhập từ Excel… cho tệp lớn.")
    rows = [[nfc(cell).strip() for cell in row]
            for row in csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t")]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise PasteRefused("Bộ nhớ tạm không có dòng nào để dán. Hãy chọn các dòng trong Excel "
                           "và bấm Ctrl+C trước.")
    if len(rows) > MAX_PASTE_ROWS + 1:
        raise PasteRefused(f"Khối dán có {len(rows)} dòng, quá {MAX_PASTE_ROWS} dòng một lần; "
                           "hãy dùng Tệp → Nhập từ Excel….")
    return rows


def find_columns(rows: list[list[str]], columns: list[Column],
                 default_order: list[str]) -> tuple[dict[str, int], bool]:
    """Which cell holds each column key, and whether the first row is a header row (two
    or more cells name columns); without one, ``default_order`` gives the columns."""
    found = match_headers(rows[0], columns)
    if len(found) >= 2:
        return found, True
    return {key: index for index, key in enumerate(default_order)}, False


# --- initiatives --------------------------------------------------------------------------


@dataclass
class PastePlan:
    rows: list[PlannedRow]
    header: bool  # the block's first row was a header row
    errors: list[RowError] = field(default_factory=list)

    @property
    def accepted(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.item is not None]


def _split_place(values: dict) -> None:
    """“Xã Đông La – Xóm Tiền” (the list's column) into commune and village."""
    place = values.pop("place", None)
    if place and not values.get("commune"):
        commune, _, village = str(place).partition(" – ")
        values["commune"] = commune.strip()
        values.setdefault("village", village.strip() or None)


def _split_position(values: dict) -> None:
    """“Trần Thị Dậu (Hội viên…)” (the list's column) into owner and position."""
    owner = str(values.get("owner_name") or "")
    if not values.get("position") and owner.endswith(")") and " (" in owner:
        name, _, position = owner[:-1].partition(" (")
        values["owner_name"], values["position"] = name, position


def plan_initiatives(store: Store, text: str | None, progress: Progress | None = None) -> PastePlan:
    """Check every pasted row as the import checks a file's; nothing is written. Rows are
    numbered as in the block (the header, when there is one, is row 1)."""
    rows = parse_block(text)
    columns = INITIATIVE_COLUMNS + _LIST_COLUMNS
    found, header = find_columns(rows, columns, [c.key for c in INITIATIVE_COLUMNS])
    places = Places(store, create=False)
    seen: dict = {}
    planned = []
    body = rows[1:] if header else rows
    for number, cells in enumerate(body, 2 if header else 1):
        if progress and number % 100 == 0:
            progress(len(planned), len(body), "Đang kiểm tra các dòng dán…")
        values = {key: (cells[i] if i < len(cells) and cells[i] else None) for key, i in found.items()}
        _split_place(values)
        _split_position(values)
        planned.append(plan_row(number, values, places, {}, seen))
    mark_duplicates(store, planned)  # the import's own rule: name, owner and year, folded
    for row in planned:
        if row.item is not None and row.duplicate_of is not None:
            row.errors.append(RowError(row.row, "Tên mô hình, điển hình",
                                       f"đã có mô hình này (số {row.duplicate_of}: cùng tên, chủ "
                                       "thể và năm); không thêm lần nữa."))
            row.item = None
    return PastePlan(planned, header, [e for r in planned for e in r.errors])


def commit_initiatives(store: Store, plan: PastePlan, progress: Progress | None = None) -> list[int]:
    """Write the accepted rows in one transaction; their new ids. ``progress`` raising
    (the user's Hủy) rolls everything back."""
    ids = []
    accepted = plan.accepted
    with store.atomic():
        for row in accepted:
            if progress and len(ids) % 50 == 0:
                progress(len(ids), len(accepted), "Đang thêm các mô hình dán…")
            ids.append(save_initiative(store, row.item, status_note=PASTE_NOTE, reload=False).id)
        if progress:  # a Hủy pressed during the last rows still writes nothing
            progress(len(ids), len(accepted), "Đang thêm các mô hình dán…")
    return ids


def describe_refusals(errors: list[RowError], limit: int = 12) -> str:
    lines = [f"• {e}" for e in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"… và {len(errors) - limit} lỗi khác.")
    return "\n".join(lines)


# --- villages of a commune ----------------------------------------------------------------

_VILLAGE_WORDS = ("thon ", "xom ", "khoi ", "to dan pho ", "ap ", "ban ", "to ")


def village_key(name: str) -> str:
    """“Thôn Hoành Từ”, “hoanh tu” and “Xóm Hoành Từ” are one place for a duplicate check."""
    key = fold(name)
    for word in _VILLAGE_WORDS:
        if key.startswith(word):
            return key[len(word):].strip()
    return key


@dataclass
class VillageList:
    new: list[str]  # to add, in the order pasted
    already: list[str]  # the commune has them (as pasted; reported, not added)
    repeated: list[str]  # named twice in the list itself


def plan_villages(store: Store, commune_id: int, text: str | None) -> VillageList:
    """One village name a line (or the first cell of each pasted row); names the commune
    already has, ignoring case, diacritics and the word Thôn/Xóm…, are reported, not added."""
    from ...store.catalog import children

    lines = [" ".join(cells[0].split()) for cells in parse_block(text) if cells and cells[0]]
    have = {village_key(r["name"]) for r in children(store, commune_id) if not r["retired_on"]}
    plan, seen = VillageList([], [], []), set()
    for name in lines:
        key = village_key(name)
        if key in have:
            plan.already.append(name)
        elif key in seen:
            plan.repeated.append(name)
        else:
            seen.add(key)
            plan.new.append(name)
    return plan


def add_villages(store: Store, commune_id: int, names: list[str]) -> list[int]:
    """Add every name under the commune in one transaction (all or nothing)."""
    from ...store.catalog import add_area

    with store.atomic():
        return [add_area(store, name, "thon", commune_id) for name in names]
