"""Reading the audit log (read-only: the table's triggers refuse any UPDATE or DELETE,
and nothing here writes). Filters run in SQL with parameters; rows come a page at a
time, as the other lists do; changes are described in Vietnamese (“tên: cũ → mới”)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..domain import vocab
from ..domain.text import fold, format_money, person_sort_key, search_tokens
from .db import Store
from .records import KINDS

ACTIONS = {"insert": "Thêm", "update": "Sửa", "delete": "Xóa", "restore": "Khôi phục",
           "demo": "Tạo dữ liệu mẫu"}
KIND_LABELS = {**KINDS, "attachments": "tệp đính kèm", "office_profile": "hồ sơ cơ quan",
               "settings": "cài đặt", "database": "tệp dữ liệu", "period_reports": "báo cáo kỳ",
               "certificate_prints": "lần in giấy khen", "area_names": "tên cũ của địa bàn",
               "initiative_status_history": "lịch sử trạng thái"}
# A kind this version has no word for (a table added later) is never shown by its raw name.
UNKNOWN_KIND = "dữ liệu khác"
ACTIONS["import"] = "Nhập từ tệp"

FIELD_LABELS = {
    "name": "tên", "title": "tên", "full_name": "họ và tên", "kind": "loại", "field": "lĩnh vực",
    "owner_name": "chủ thể", "position": "chức vụ", "commune_id": "xã", "village_id": "thôn",
    "area_id": "địa bàn", "parent_id": "thuộc", "organization_id": "đơn vị", "person_id": "cá nhân",
    "year": "năm", "registered_on": "ngày đăng ký", "themed_year": "năm chủ đề",
    "status": "trạng thái", "level": "cấp", "recognized_on": "ngày công nhận",
    "commended_on": "ngày khen thưởng", "method": "cách làm", "results": "hiệu quả",
    "money_vnd": "số tiền", "jobs": "việc làm", "income_vnd": "thu nhập", "households": "số hộ",
    "notes": "ghi chú", "note": "ghi chú", "notable": "tiêu biểu", "type": "loại công trình",
    "started_on": "ngày bắt đầu", "finished_on": "ngày hoàn thành", "estimate_vnd": "dự toán",
    "length_m": "chiều dài", "width_before_m": "rộng cũ", "width_after_m": "rộng mới",
    "households_benefited": "hộ hưởng lợi", "households_poor": "hộ nghèo",
    "households_near_poor": "hộ cận nghèo", "households_asked": "hộ được hỏi ý kiến",
    "households_agreed": "hộ đồng ý", "initiative_id": "mô hình", "campaign_id": "cuộc vận động",
    "on_date": "ngày", "source": "nguồn", "contributor": "người đóng góp",
    "amount_vnd": "số tiền", "quantity": "số lượng", "number": "số quyết định",
    "decided_on": "ngày quyết định", "issuer": "cơ quan ban hành", "form": "hình thức",
    "recipient_name": "người/tập thể được khen", "position_unit": "chức vụ, đơn vị",
    "initiative_name": "tên mô hình", "achievement": "thành tích", "serial": "số hiệu",
    "retired_on": "ngày giải thể", "merged_into_id": "sáp nhập vào", "file_name": "tệp",
    "record_kind": "loại bản ghi", "record_id": "bản ghi", "user_name": "người sử dụng",
    "size_bytes": "dung lượng", "round_id": "đợt khen thưởng", "achievement_template": "mẫu thành tích",
    "title_text": "trích yếu", "limitations": "hạn chế", "directions": "phương hướng",
    "period_from": "từ ngày", "period_to": "đến ngày", "award_id": "người được khen",
    "score": "điểm", "wording": "nội dung", "max_points": "điểm tối đa", "grp": "nhóm", "code": "số hiệu",
    "thresholds": "mức xếp loại", "version": "phiên bản", "remark": "nhận xét", "scored_on": "ngày chấm",
    "evaluator_id": "người chấm", "set_id": "bộ tiêu chí", "replaced_by_id": "thay bằng",
    "situation": "sự cần thiết", "goals": "mục tiêu", "content": "nội dung, cách thức",
    "scope": "phạm vi, đối tượng", "executors": "lực lượng thực hiện", "budget_vnd": "kinh phí",
    "materials_vnd": "vật tư", "workdays": "ngày công", "donations_vnd": "tài trợ",
    "timeframe": "thời gian", "expected_results": "kết quả dự kiến", "sustainability": "tính bền vững",
}
# Words that depend on the kind of record (a round's "title" is its trích yếu…).
KIND_FIELD_LABELS = {
    ("commendation_rounds", "title"): "trích yếu", ("contributions", "kind"): "hình thức",
    ("office_profile", "parent_body_1"): "cơ quan cấp trên (dòng 1)",
    ("office_profile", "parent_body_2"): "cơ quan cấp trên (dòng 2)",
    ("office_profile", "issuing_body"): "cơ quan ban hành", ("office_profile", "doc_code"): "mã văn bản",
    ("office_profile", "place"): "địa danh ghi ngày tháng",
    ("office_profile", "district_name"): "tên địa phương",
    ("office_profile", "standing_body"): "cơ quan khen thưởng",
    ("office_profile", "signer_authority"): "thẩm quyền ký",
    ("office_profile", "signer_title"): "chức vụ người ký", ("office_profile", "signer_name"): "người ký",
    ("office_profile", "cert_signer_authority"): "thẩm quyền ký giấy khen",
    ("office_profile", "cert_signer_title"): "chức vụ người ký giấy khen",
    ("office_profile", "cert_signer_name"): "người ký giấy khen",
    ("office_profile", "recipients"): "nơi nhận",
    ("database", "size"): "số mô hình mẫu", ("database", "seed"): "mã bộ mẫu",
    ("initiatives", "file"): "tệp", ("initiatives", "rows"): "số mô hình",
    ("initiatives", "campaigns"): "số cuộc vận động", ("initiatives", "contributions"): "số khoản đóng góp",
    ("period_reports", "number"): "số báo cáo",
}
# Yes/no fields stored as 0/1.
FLAGS = {"notable", "reprint"}
FIELD_LABELS.update({"valid_until": "dùng đến ngày", "from_status": "từ trạng thái",
                     "to_status": "sang trạng thái", "changed_on": "ngày đổi", "user": "người thực hiện",
                     "printed_at": "lúc in", "reprint": "in lại", "stored_name": "tên lưu trữ",
                     "data": "nội dung", "key": "mục", "value": "giá trị"})
# Fields that hold another record's id: shown by that record's name, never as a number.
# (table, name column) come from this fixed map, never from user text.
REFERENCES = {
    "commune_id": ("areas", "name"), "village_id": ("areas", "name"), "area_id": ("areas", "name"),
    "parent_id": ("areas", "name"), "merged_into_id": ("areas", "name"),
    "initiative_id": ("initiatives", "name"), "campaign_id": ("campaigns", "title"),
    "round_id": ("commendation_rounds", "number"), "organization_id": ("organizations", "name"),
    "person_id": ("persons", "full_name"), "award_id": ("awards", "recipient_name"),
    "evaluator_id": ("evaluators", "name"), "set_id": ("criteria_sets", "title"),
}
_VOCABULARIES = {
    ("initiatives", "kind"): vocab.KINDS, ("awards", "kind"): vocab.KINDS,
    ("initiatives", "field"): vocab.FIELDS, ("awards", "field"): vocab.FIELDS,
    ("initiatives", "status"): vocab.STATUSES, ("initiatives", "level"): vocab.LEVELS,
    ("campaigns", "type"): vocab.CAMPAIGN_TYPES, ("campaigns", "status"): vocab.CAMPAIGN_STATUSES,
    ("contributions", "kind"): vocab.CONTRIBUTION_KINDS, ("contributions", "source"): vocab.SOURCES,
    ("areas", "level"): vocab.AREA_LEVELS, ("organizations", "kind"): vocab.ORG_KINDS,
    ("commendation_rounds", "form"): vocab.ROUND_FORMS, ("commendation_rounds", "level"): vocab.LEVELS,
}
# The column that names a record of each kind, to show which record a change was made to.
NAME_COLUMNS = {"areas": "name", "organizations": "name", "persons": "full_name",
                "initiatives": "name", "campaigns": "title", "contributions": "contributor",
                "commendation_rounds": "number", "awards": "recipient_name",
                "attachments": "file_name", "criteria_sets": "title", "criteria": "wording",
                "evaluators": "name"}


@dataclass
class AuditFilter:
    date_from: dt.date | None = None  # local dates, both included
    date_to: dt.date | None = None
    user: str | None = None
    kind: str | None = None
    action: str | None = None
    text: str = ""


def _utc(day: dt.date) -> str:
    """The UTC time at which a local day starts, in the log's text form (comparable)."""
    start = dt.datetime.combine(day, dt.time.min).astimezone(dt.UTC)
    return start.strftime("%Y-%m-%dT%H:%M:%S")


def _like(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(store: Store, flt: AuditFilter) -> tuple[str, list]:
    clauses, params = ["1"], []
    if flt.date_from:
        clauses.append("at >= ?")
        params.append(_utc(flt.date_from))
    if flt.date_to:
        clauses.append("at < ?")
        params.append(_utc(flt.date_to + dt.timedelta(days=1)))
    for column, value in (("user", flt.user), ("record_kind", flt.kind), ("action", flt.action)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    tokens = search_tokens(flt.text)
    if tokens:
        # Folded like every other search (no case, no diacritics, đ→d), in the record's
        # changes, its user and its UUID.
        store.conn.create_function("danvan_fold", 1, fold, deterministic=True)
        for token in tokens:
            clauses.append("danvan_fold(changes || ' ' || user || ' ' || coalesce(record_uuid, ''))"
                           " LIKE ? ESCAPE '\\'")
            params.append(_like(token))
    return " AND ".join(clauses), params


def query_ids(store: Store, flt: AuditFilter | None = None) -> list[int]:
    """The ids of the matching entries, newest first."""
    where, params = _where(store, flt or AuditFilter())
    cursor = store.conn.cursor()
    cursor.row_factory = None
    return [r[0] for r in cursor.execute(
        f"SELECT id FROM audit_log WHERE {where} ORDER BY id DESC", params).fetchall()]


def rows(store: Store, ids: list[int]) -> dict[int, dict]:
    """The entries of the given ids, each with ``changes`` decoded and ``record_name``
    (the record's current name, when it has one)."""
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    found = {r["id"]: r for r in store.query(
        "SELECT id, at, user, action, record_kind, record_uuid, record_id, changes"
        f" FROM audit_log WHERE id IN ({marks})", ids)}
    by_kind: dict[str, set[int]] = {}
    for row in found.values():
        try:
            row["changes"] = json.loads(row["changes"] or "{}")
        except ValueError:
            row["changes"] = {}
        if not isinstance(row["changes"], dict):
            row["changes"] = {}
        if row["record_kind"] in NAME_COLUMNS and row["record_id"] is not None:
            by_kind.setdefault(row["record_kind"], set()).add(row["record_id"])
    names: dict[tuple[str, int], str] = {}
    for kind, record_ids in by_kind.items():
        column = NAME_COLUMNS[kind]  # names from the fixed maps above, never from user text
        marks = ",".join("?" for _ in record_ids)
        for r in store.query(f"SELECT id, {column} AS name FROM {kind} WHERE id IN ({marks})",
                             list(record_ids)):
            names[(kind, r["id"])] = r["name"] or ""
    for row in found.values():
        row["record_name"] = names.get((row["record_kind"], row["record_id"]), "")
    _name_references(store, found.values())
    return found


def _name_references(store: Store, entries) -> None:
    """Replace ids inside the changes (``commune_id: 3``) by the names they point to."""
    wanted: dict[str, set[int]] = {}
    for row in entries:
        for field, pair in row["changes"].items():
            if field in REFERENCES and isinstance(pair, list):
                wanted.setdefault(field, set()).update(v for v in pair if isinstance(v, int))
    names: dict[tuple[str, int], str] = {}
    for field, ids in wanted.items():
        table, column = REFERENCES[field]
        marks = ",".join("?" for _ in ids)
        for r in store.query(f"SELECT id, {column} AS name FROM {table} WHERE id IN ({marks})",
                             list(ids)):
            names[(field, r["id"])] = r["name"] or f"số {r['id']}"
    for row in entries:
        for field, pair in row["changes"].items():
            if field in REFERENCES and isinstance(pair, list):
                row["changes"][field] = [names.get((field, v), v) if isinstance(v, int) else v
                                         for v in pair]


def users(store: Store) -> list[str]:
    """Who wrote in the log, in Vietnamese order (people by given name, as lists of people are)."""
    names = [r[0] for r in store.execute("SELECT DISTINCT user FROM audit_log")]
    return sorted(names, key=lambda name: person_sort_key(name or ""))


def kinds(store: Store) -> list[str]:
    return [r[0] for r in store.execute("SELECT DISTINCT record_kind FROM audit_log ORDER BY 1")]


def count(store: Store) -> int:
    return store.scalar("SELECT count(*) FROM audit_log") or 0


# --- Describing an entry ----------------------------------------------------------------------


def local_time(at: str | None) -> str:
    """``2024-03-07T01:15:00.00Z`` (UTC) → ``07/03/2024 08:15`` in the computer's time."""
    if not at:
        return ""
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind, UNKNOWN_KIND)
    return label[:1].upper() + label[1:]


def field_label(name: str, kind: str = "") -> str:
    return KIND_FIELD_LABELS.get((kind, name)) or FIELD_LABELS.get(name) or "mục khác"


def value_text(kind: str, name: str, value: object) -> str:
    """A stored value as a reader knows it: labels for codes, dd/mm/yyyy, đồng."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool) or (name in FLAGS and value in (0, 1)):
        return "có" if value else "không"
    words = _VOCABULARIES.get((kind, name))
    if words is not None and isinstance(value, str) and words.label(value):
        return words.label(value)
    if isinstance(value, int) and name.endswith("_vnd"):
        return format_money(value)
    if (isinstance(value, str) and (name.endswith("_on") or name.endswith("_from") or name.endswith("_to")
                                    or name == "on_date") and len(value) == 10 and value[4] == "-"):
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe(kind: str, changes: dict, action: str = "update", limit: int | None = 80) -> str:
    """``tên: cũ → mới; trạng thái: Đăng ký → Được công nhận``; for an insert only the
    new values. Each value is cut to ``limit`` characters (None: whole)."""
    parts = []
    for name, pair in changes.items():
        old, new = (pair if isinstance(pair, list) and len(pair) == 2 else (None, pair))
        old_text, new_text = value_text(kind, name, old), value_text(kind, name, new)
        if limit:
            old_text, new_text = _cut(old_text, limit), _cut(new_text, limit)
        label = field_label(name, kind)
        if not parts:
            label = label[:1].upper() + label[1:]  # "Tiêu biểu: không → có; trạng thái: …"
        if action == "insert" or (old is None and action != "update"):
            parts.append(f"{label}: {new_text}")
        else:
            parts.append(f"{label}: {old_text} → {new_text}")
    return "; ".join(parts)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def last_id(store: Store) -> int:
    """The newest entry's id (0 for an empty log): entries after it are written later."""
    return store.scalar("SELECT coalesce(max(id), 0) FROM audit_log") or 0


def ids_after(store: Store, after: int, limit: int = 200) -> list[int]:
    """The ids of the entries written after entry ``after``, oldest first."""
    return [r[0] for r in store.execute(
        "SELECT id FROM audit_log WHERE id > ? ORDER BY id LIMIT ?", (after, limit))]
