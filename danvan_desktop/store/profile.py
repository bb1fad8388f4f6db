"""The office profile (names on letterheads), the user's name, and stored settings of the
data file. Changes to the profile and to the user's name are written to the audit log."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from ..domain import office
from ..domain.entities import OfficeProfile
from ..domain.text import nfc
from ..domain.validation import FieldError, ValidationError
from . import records
from .db import Store

USER_NAME = "user_name"
MAX_PROFILE_TEXT = 200

# Fields the documents cannot do without, with the words a refusal uses.
_REQUIRED = {
    "parent_body_1": "cơ quan cấp trên (dòng 1)",
    "issuing_body": "tên cơ quan ban hành",
    "doc_code": "mã văn bản",
    "place": "địa danh ghi ngày tháng",
}


def get_profile(store: Store) -> OfficeProfile:
    raw = store.scalar("SELECT data FROM office_profile WHERE id = 1")
    if not raw:
        return OfficeProfile()
    data = json.loads(raw)
    names = {f.name for f in fields(OfficeProfile)}
    return OfficeProfile(**{k: v for k, v in data.items() if k in names})


def recognition_level(store: Store) -> str:
    """The level this office's recognitions and rounds get unless the user picks another."""
    return office.recognition_level(get_profile(store).office_level)


def _profile_errors(profile: OfficeProfile) -> tuple[OfficeProfile, list[FieldError]]:
    errors: list[FieldError] = []
    data = {}
    for f in fields(OfficeProfile):
        value = getattr(profile, f.name)
        if isinstance(value, list):
            data[f.name] = [nfc(x) for x in value if nfc(x)]
            continue
        text = nfc(value)
        if f.name in _REQUIRED and not text:
            errors.append(FieldError(f.name, f"Chưa nhập {_REQUIRED[f.name]}."))
        elif len(text) > MAX_PROFILE_TEXT:
            errors.append(FieldError(f.name, f"Quá dài (tối đa {MAX_PROFILE_TEXT} ký tự)."))
        data[f.name] = text
    code = data["doc_code"]
    if code and not all(ch.isalnum() for ch in code):
        errors.append(FieldError("doc_code", "Mã văn bản chỉ gồm chữ và số, không có dấu cách, "
                                             "“/” hay “-” (ví dụ BDVHU)."))
    if data["office_level"] and data["office_level"] not in office.LEVEL_CODES:
        errors.append(FieldError("office_level", f"Không rõ cấp cơ quan “{data['office_level']}”."))
    if data["letterhead"] not in (office.PARTY, office.STATE):
        errors.append(FieldError("letterhead", "Thể thức văn bản phải là của Đảng hoặc của Nhà nước."))
    if any(len(line) > MAX_PROFILE_TEXT for line in data["recipients"]):
        errors.append(FieldError("recipients", f"Có nơi nhận quá dài (tối đa {MAX_PROFILE_TEXT} ký tự)."))
    return OfficeProfile(**data), errors


def validate_profile(profile: OfficeProfile) -> OfficeProfile:
    """The profile in NFC with blank recipients dropped; every problem raised at once."""
    clean, errors = _profile_errors(profile)
    if errors:
        raise ValidationError(errors)
    return clean


def save_profile(store: Store, profile: OfficeProfile) -> None:
    data = asdict(validate_profile(profile))
    with store.atomic():
        old = asdict(get_profile(store))
        store.execute(
            "INSERT INTO office_profile (id, data, updated_at) VALUES (1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (json.dumps(data, ensure_ascii=False), records.now_iso()))
        changes = {k: [old.get(k), v] for k, v in data.items() if old.get(k) != v}
        if changes:
            records.audit(store, "update", "office_profile", 1, None, changes)


def get_setting(store: Store, key: str, default=None):
    raw = store.scalar("SELECT value FROM settings WHERE key = ?", (key,))
    return default if raw is None else json.loads(raw)


def set_setting(store: Store, key: str, value, *, audit: bool = False) -> None:
    """Store a setting; with ``audit`` a change of value is written to the audit log."""
    with store.atomic():
        old = get_setting(store, key)
        store.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)))
        if audit and old != value:
            records.audit(store, "update", "settings", None, None, {key: [old, value]})


# --- The user's name ------------------------------------------------------------------------


def _user_name_errors(name: str) -> list[FieldError]:
    if not name:
        return [FieldError(USER_NAME, "Chưa nhập tên người sử dụng.")]
    if len(name) > 100:
        return [FieldError(USER_NAME, "Tên người sử dụng quá dài (tối đa 100 ký tự).")]
    return []


def user_name(store: Store) -> str:
    """The name kept in the data file (blank when never given)."""
    return nfc(get_setting(store, USER_NAME, ""))


def load_user_name(store: Store) -> str:
    """Give an opened store the kept user name, unless one was given when opening it
    (``--user``, tests). Returns the name the audit log will record."""
    if not store.user:
        store.user = user_name(store)
    return store.user


def set_user_name(store: Store, name: str) -> None:
    """Keep the user's name and write with it from now on; the change itself is audited
    (recorded under the new name)."""
    name = nfc(name)
    errors = _user_name_errors(name)
    if errors:
        raise ValidationError(errors)
    before = store.user
    store.user = name
    try:
        set_setting(store, USER_NAME, name, audit=True)
    except BaseException:
        store.user = before
        raise


def save_office_settings(store: Store, profile: OfficeProfile, name: str) -> None:
    """The settings screen's save: the profile and the user's name, both checked first
    (every problem reported at once), then written in one transaction."""
    clean, errors = _profile_errors(profile)
    errors += _user_name_errors(nfc(name))
    if errors:
        raise ValidationError(errors)
    before = store.user
    try:
        with store.atomic():
            set_user_name(store, name)
            save_profile(store, clean)
    except BaseException:
        store.user = before
        raise


def file_identity(store: Store) -> str:
    """The data file's identity (a UUID made when the file was created, schema step 7)."""
    return get_setting(store, "file_identity", "")
