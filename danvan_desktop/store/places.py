"""Places from the official list of administrative units (resources/dvhc/): loading a
province's communes (or one commune) with their official codes and unit types, and loading
a newer list of the same shape. Codes stay; names and types change. A renamed place keeps
its old name in ``area_names`` (valid until the day of the change), so records print the
name they had on their date."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.text import fold, nfc, vietnamese_key
from ..domain.units import COMMUNE_TYPES, PROVINCE_TYPES, full_name, split_unit, unit_type_of
from ..domain.validation import FieldError, ValidationError
from ..paths import resources_dir
from . import catalog, records
from .db import Store

OFFICIAL_FILE = "units-2026-07-25.json"
OFFICIAL_DATE = "2026-07-25"
MAX_LIST_BYTES = 20 * 1024 * 1024  # the whole country is ~0.3 MB; anything far bigger is not a list
_CODE = re.compile(r"^\d{2,5}$")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str  # the official full name, NFC: ``Xã Đông Hưng``
    unit_type: str
    province_code: str = ""


@dataclass
class OfficialList:
    provinces: list[Unit]
    communes: dict[str, list[Unit]]  # by province code, in the list's order

    def province(self, code: str) -> Unit | None:
        return next((p for p in self.provinces if p.code == code), None)

    def unit(self, code: str) -> Unit | None:
        """A province or a commune by its official code."""
        found = self.province(code)
        if found:
            return found
        return next((c for units in self.communes.values() for c in units if c.code == code), None)

    def sorted_provinces(self) -> list[Unit]:
        return sorted(self.provinces, key=lambda u: vietnamese_key(split_unit(u.name)[1]))

    def sorted_communes(self, province_code: str) -> list[Unit]:
        return sorted(self.communes.get(province_code, []),
                      key=lambda u: vietnamese_key(split_unit(u.name)[1]))


def dvhc_dir() -> Path:
    """resources/dvhc beside the package or in the bundle; a wheel's copy under share/."""
    folder = resources_dir() / "dvhc"
    if not folder.is_dir():
        shared = Path(sys.prefix) / "share" / "danvan" / "dvhc"
        if shared.is_dir():
            return shared
    return folder


def _refuse(message: str) -> None:
    raise ValidationError([FieldError("file", message)])


def read_list(path: str | Path | None = None) -> OfficialList:
    """The official list shipped with the program, or a newer one of the same JSON shape
    (``[{"Code", "FullName", "Wards": [{"Code", "FullName", "ProvinceCode"}]}]``). A file of
    another shape is refused with a Vietnamese message naming what is wrong."""
    path = Path(path) if path else dvhc_dir() / OFFICIAL_FILE
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            _refuse(f"Tệp {path.name} quá lớn để là danh sách đơn vị hành chính.")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        _refuse(f"Không tìm thấy tệp {path}.")
    except (UnicodeDecodeError, json.JSONDecodeError):
        _refuse(f"Tệp {path.name} không phải tệp JSON đọc được.")
    except OSError as exc:
        _refuse(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.")
    return parse_list(data, path.name)


def _unit(item: object, where: str, province_code: str = "") -> Unit:
    if not isinstance(item, dict):
        _refuse(f"{where}: không đúng dạng (cần Code, FullName).")
    code, name = str(item.get("Code") or "").strip(), nfc(item.get("FullName"))
    if not _CODE.match(code):
        _refuse(f"{where}: mã đơn vị “{code}” không hợp lệ.")
    if not name or len(name) > 100:
        _refuse(f"{where} (mã {code}): thiếu tên hoặc tên quá dài.")
    kind = unit_type_of(name)
    allowed = COMMUNE_TYPES if province_code else PROVINCE_TYPES
    if kind not in allowed:
        _refuse(f"{where} (mã {code}): tên “{name}” không bắt đầu bằng loại đơn vị "
                f"({'Xã, Phường, Đặc khu' if province_code else 'Tỉnh, Thành phố'}).")
    # The type word as the list usually writes it (one unit is spelt "xã Bắc Sơn").
    return Unit(code, full_name(kind, split_unit(name)[1]), kind, province_code)


def parse_list(data: object, label: str = "danh sách") -> OfficialList:
    if not isinstance(data, list) or not data:
        _refuse(f"{label}: cần một danh sách các tỉnh, thành phố (Code, FullName, Wards).")
    provinces: list[Unit] = []
    communes: dict[str, list[Unit]] = {}
    seen: set[str] = set()
    for number, item in enumerate(data, 1):
        province = _unit(item, f"{label}, tỉnh thứ {number}")
        wards = item.get("Wards")
        if not isinstance(wards, list):
            _refuse(f"{label}: {province.name} không có danh sách xã, phường (Wards).")
        units = [_unit(w, f"{label}, {province.name}, đơn vị thứ {i}", province.code)
                 for i, w in enumerate(wards, 1)]
        for unit in [province, *units]:
            if unit.code in seen:
                _refuse(f"{label}: mã {unit.code} xuất hiện hai lần.")
            seen.add(unit.code)
        provinces.append(province)
        communes[province.code] = units
    return OfficialList(provinces, communes)


# --- Writing places ---------------------------------------------------------------------------


def has_merged_communes(store: Store) -> bool:
    """Whether any commune was merged away (the 2025 reform) in this file."""
    return bool(store.scalar(
        "SELECT 1 FROM areas WHERE level = 'xa' AND merged_into_id IS NOT NULL LIMIT 1"))


def area_by_code(store: Store, code: str) -> int | None:
    return store.scalar("SELECT id FROM areas WHERE code = ? AND deleted_at IS NULL"
                        " ORDER BY retired_on IS NOT NULL, id LIMIT 1", (code,))


def _put(store: Store, unit: Unit, level: str, parent_id: int | None) -> int:
    """The area of an official unit: found by code, else by name under the same parent (a
    place typed before the list was loaded gets its code), else added."""
    found = area_by_code(store, unit.code)
    if found is None:
        found = store.scalar(
            "SELECT id FROM areas WHERE level = ? AND search_key = ? AND parent_id IS ?"
            " AND deleted_at IS NULL AND retired_on IS NULL LIMIT 1",
            (level, fold(unit.name), parent_id))
    if found is not None:
        records.update(store, "areas", found, {"code": unit.code, "unit_type": unit.unit_type})
        return found
    return records.insert(store, "areas", {
        "name": unit.name, "level": level, "parent_id": parent_id, "code": unit.code,
        "unit_type": unit.unit_type, "search_key": fold(unit.name)})


def load_unit(store: Store, units: OfficialList, code: str, communes: bool = True) -> dict[str, int]:
    """Load a province with all its communes (``communes=False``: the province alone), or one
    commune with its province, in one transaction. Returns ``{"province": id, "communes": how
    many}``."""
    unit = units.unit(code)
    if unit is None:
        _refuse(f"Không có đơn vị hành chính mã “{code}” trong danh sách chính thức.")
    with store.atomic():
        province = units.province(unit.province_code) if unit.province_code else unit
        province_id = _put(store, province, "tinh", None)
        chosen = (units.communes[province.code] if communes else []) if unit is province else [unit]
        for commune in chosen:
            _put(store, commune, "xa", province_id)
    return {"province": province_id, "communes": len(chosen)}


@dataclass
class UpdateResult:
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old name, new name)
    added: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # codes here that the new list lacks
    renamed_codes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.renamed)} đơn vị đổi tên hoặc đổi loại",
                 f"{len(self.added)} đơn vị mới"]
        if self.missing:
            parts.append(f"{len(self.missing)} đơn vị không còn trong danh sách mới (giữ nguyên; "
                         "có thể sáp nhập trong Danh mục)")
        return "; ".join(parts) + "."


def update_places(store: Store, units: OfficialList, on_date: str) -> UpdateResult:
    """Bring the places that carry an official code up to a newer list, in one transaction:
    a changed name or unit type is a rename from ``on_date`` (the old name kept for records
    before that day); a province the office has loaded whole gains the list's new communes.
    Places the newer list lacks are kept and named in the result."""
    result = UpdateResult()
    with store.atomic():
        coded = store.query("SELECT id, code, name, level FROM areas WHERE code IS NOT NULL"
                            " AND deleted_at IS NULL AND retired_on IS NULL ORDER BY id")
        for row in coded:
            unit = units.unit(row["code"])
            if unit is None:
                result.missing.append(f"{row['name']} (mã {row['code']})")
                continue
            if unit.name != row["name"]:
                catalog.rename_area(store, row["id"], unit.name, on_date)
                result.renamed.append((row["name"], unit.name))
                result.renamed_codes.append(unit.code)
            records.update(store, "areas", row["id"], {"unit_type": unit.unit_type})
        for province in units.provinces:
            province_id = area_by_code(store, province.code)
            if province_id is None or not _loaded_whole(store, province_id):
                continue
            for commune in units.communes[province.code]:
                if area_by_code(store, commune.code) is None:
                    _put(store, commune, "xa", province_id)
                    result.added.append(commune.name)
    return result


def office_renamed(units: OfficialList, result: UpdateResult, unit_code: str) -> bool:
    """Whether the office's own unit or its province was renamed: its letterhead names it."""
    unit = units.unit(unit_code) if unit_code else None
    return unit is not None and bool({unit.code, unit.province_code} & set(result.renamed_codes))


def _loaded_whole(store: Store, province_id: int) -> bool:
    """A province office's file holds many coded communes; a commune office's only its own."""
    return (store.scalar("SELECT count(*) FROM areas WHERE parent_id = ? AND code IS NOT NULL",
                         (province_id,)) or 0) > 1


def list_date(path: str | Path) -> str | None:
    """The date a list's file name carries (``units-2026-09-20.json``), if any."""
    found = re.search(r"(20\d\d)-(\d\d)-(\d\d)", Path(path).name)
    return "-".join(found.groups()) if found else None


VILLAGE_WORDS = ("Thôn", "Xóm", "Tổ dân phố", "Khối", "Ấp", "Bản", "Làng", "Tổ", "Khu phố", "Buôn", "Bon")
MAX_PASTED = 500


def add_villages(store: Store, commune_id: int, text: str) -> list[int]:
    """Villages pasted as a list (one a line; ``Hoành Từ`` becomes ``Thôn Hoành Từ``), added under
    a commune in one transaction; names already there are skipped. All or nothing."""
    names: list[str] = []
    for line in str(text or "").splitlines():
        name = nfc(line.strip(" \t-•*;,."))
        if not name:
            continue
        if not any(fold(name).startswith(fold(w) + " ") for w in VILLAGE_WORDS):
            name = f"Thôn {name}"
        if fold(name) not in {fold(n) for n in names}:
            names.append(name)
    if not names:
        raise ValidationError([FieldError("names", "Chưa có tên thôn, xóm nào (mỗi dòng một tên).")])
    if len(names) > MAX_PASTED:
        raise ValidationError([FieldError("names", f"Quá nhiều dòng (tối đa {MAX_PASTED} một lần).")])
    added: list[int] = []
    with store.atomic():
        for name in names:
            if catalog.find_area(store, name, "thon", commune_id) is None:
                added.append(catalog.add_area(store, name, "thon", commune_id))
    return added
