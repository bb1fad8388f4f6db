"""Setting up who the office is: its level, its unit from the official list, the places
loaded and the profile filled with the level's defaults. The first-start screen, Cài đặt and
``danvan setup`` call these."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..domain import office
from ..domain.entities import OfficeProfile
from ..domain.validation import FieldError, ValidationError
from ..store import catalog, places
from ..store.db import Store, create_store
from ..store.profile import get_profile, save_profile

# What kind of unit each level's code must name.
_UNIT_WORDS = {"tinh": "một tỉnh, thành phố", "xa": "một xã, phường",
               "dac_khu": "một đặc khu"}


@dataclass(frozen=True)
class Choice:
    level: str
    province: places.Unit
    unit: places.Unit | None  # the commune or special zone; None for a province office


def _refuse(field: str, message: str) -> None:
    raise ValidationError([FieldError(field, message)])


def resolve(units: places.OfficialList, level: str, code: str) -> Choice:
    """Check that ``code`` names the kind of unit ``level`` needs; Vietnamese refusals."""
    if level not in office.LEVEL_CODES:
        _refuse("level", f"Không rõ cấp cơ quan “{level}” (chọn: {', '.join(office.LEVEL_CODES)}).")
    unit = units.unit(code.strip())
    if unit is None:
        _refuse("unit", f"Không có đơn vị hành chính mã “{code}” trong danh sách chính thức "
                        "(xem: danvan places codes [--province MÃ]).")
    kind = office.level(level).unit_kind
    is_province = not unit.province_code
    fits = (is_province if kind == "tinh" else
            unit.unit_type == "dac_khu" if kind == "dac_khu" else not is_province)
    if not fits:
        _refuse("unit", f"Mã {code} là {unit.name}; cấp “{office.level(level).label}” cần mã của "
                        f"{_UNIT_WORDS[kind]}.")
    if is_province:
        return Choice(level, unit, None)
    return Choice(level, units.province(unit.province_code), unit)


def default_profile(choice: Choice, district: str = "") -> OfficeProfile:
    profile = office.defaults(choice.level, choice.province.name,
                              choice.unit.name if choice.unit else "", district)
    return replace(profile, unit_code=(choice.unit or choice.province).code)


def apply_choice(store: Store, units: places.OfficialList, choice: Choice,
                 profile: OfficeProfile | None = None, district: str = "") -> dict[str, int]:
    """Load the unit's places (a province office: all its communes; a district office: the
    province only, its old communes are typed or imported) and save the profile, in one
    transaction. Keeps the signer names already given when ``profile`` is not passed."""
    if profile is None:
        old = get_profile(store)
        profile = replace(default_profile(choice), signer_name=old.signer_name,
                          cert_signer_name=old.cert_signer_name)
    with store.atomic():
        code = (choice.unit or choice.province).code
        old_district = choice.level == "huyen"  # its communes are the old ones, not today's
        loaded = places.load_unit(store, units, code, communes=not old_district)
        if old_district and district.strip():  # its old communes are typed or imported under it
            catalog.ensure_area(store, f"Huyện {district.strip()}", "huyen", loaded["province"])
        save_profile(store, profile)
    return loaded


def create_office_file(path: str | Path, level: str, code: str, district: str = "",
                       user: str = "") -> tuple[Choice, dict[str, int]]:
    """A new data file, ready to use: places loaded, profile filled. Refuses an existing
    file and a wrong code before anything is written; removes a half-made file."""
    path = Path(path)
    if path.exists():
        _refuse("db", f"Tệp “{path}” đã có; lệnh setup chỉ tạo tệp mới.")
    units = places.read_list()
    choice = resolve(units, level, code)
    if level == "huyen" and not district.strip():
        _refuse("district", "Cấp huyện cần tên huyện cũ (--district, ví dụ “Đông Hưng”).")
    store = create_store(path, user=user or "cài đặt")
    try:
        loaded = apply_choice(store, units, choice, default_profile(choice, district), district)
    except BaseException:
        store.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    store.close()
    return choice, loaded
