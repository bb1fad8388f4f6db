"""What the period report says, independent of the file it goes into: the figures from the
stats service with the change against the same period last year, the notable initiatives,
and the user's own texts. The PDF, the .docx and the .xlsx are all written from this."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain import vocab
from ...domain.periods import Period
from ...domain.text import fold, format_money, format_number, group_thousands
from ...services.stats import compare_with_last_year
from ...store import stats as store_stats
from ...store.db import Store
from ...store.profile import get_profile
from ...store.reports import notable_initiatives, report_texts


@dataclass
class FigureTable:
    title: str
    headers: list[str]
    rows: list[list[str]]
    numbers: list[list[float | int | None]] = field(default_factory=list)  # for .xlsx


@dataclass
class ReportContent:
    period: Period
    summary: str
    number: str
    tables: list[FigureTable]
    overview: list[str]
    notable: list[str]
    limitations: str
    directions: str
    figures: dict
    previous: dict
    compared: bool = True  # a stage of several years has no "same period last year"


def _change(now: int | float, before: int | float) -> str:
    diff = now - before
    if diff == 0:
        return "không đổi"
    sign = "tăng" if diff > 0 else "giảm"
    return f"{sign} {format_number(abs(diff))}"


def _field_table(now: dict, before: dict) -> FigureTable:
    rows, numbers = [], []
    totals = [0, 0, 0, 0]
    for term in vocab.FIELDS:
        kinds = now["by_field_kind"][term.code]
        values = [kinds["tap_the"], kinds["ca_nhan"], now["by_field"][term.code],
                  before["by_field"][term.code]]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        rows.append([term.label, *map(group_thousands, values), _change(values[2], values[3])])
        numbers.append([None, *values, values[2] - values[3]])
    rows.append(["Tổng cộng", *map(group_thousands, totals), _change(totals[2], totals[3])])
    numbers.append([None, *totals, totals[2] - totals[3]])
    return FigureTable("Mô hình, điển hình đăng ký trong kỳ theo lĩnh vực",
                       ["Lĩnh vực", "Tập thể", "Cá nhân", "Tổng", "Cùng kỳ năm trước",
                        "So với cùng kỳ"], rows, numbers)


def _status_table(now: dict, before: dict) -> FigureTable:
    pairs = [("Đăng ký mới", now["total"], before["total"]),
             ("Đang thực hiện", now["by_status"]["dang_thuc_hien"],
              before["by_status"]["dang_thuc_hien"]),
             ("Được công nhận trong kỳ", now["recognized"], before["recognized"]),
             ("Được biểu dương, khen thưởng trong kỳ", now["commended"], before["commended"]),
             ("Được nhân rộng trong kỳ", now["replicated"], before["replicated"])]
    return FigureTable("Tiến độ các mô hình, điển hình",
                       ["Nội dung", "Trong kỳ", "Cùng kỳ năm trước", "So với cùng kỳ"],
                       [[label, group_thousands(a), group_thousands(b), _change(a, b)]
                        for label, a, b in pairs],
                       [[None, a, b, a - b] for _, a, b in pairs])


def _commune_table(now: dict, by_village: dict[str, int] | None = None) -> FigureTable:
    """By today's communes; in a commune office (``by_village``), by its villages."""
    counts = by_village if by_village is not None else now["by_commune"]
    items = [(name, count) for name, count in counts.items() if count]
    total = sum(count for _, count in items)
    unit = "thôn, xóm, tổ dân phố" if by_village is not None else "xã, phường, đặc khu"
    return FigureTable(f"Mô hình, điển hình đăng ký theo {unit}",
                       ["STT", unit.capitalize(), "Số mô hình"],
                       [[str(n), name, group_thousands(count)] for n, (name, count) in enumerate(items, 1)]
                       + [["", "Tổng cộng", group_thousands(total)]],
                       [[n, None, count] for n, (_, count) in enumerate(items, 1)] + [[None, None, total]])


def _sending_unit_table(now: dict) -> FigureTable | None:
    """Where the period's initiatives came from, when the file has received packages
    (a province rolling up its communes); None for an office that only keeps its own."""
    counts = [(unit, count) for unit, count in now.get("by_sending_unit", {}).items() if count]
    if len(counts) < 2:
        return None
    total = sum(count for _, count in counts)
    return FigureTable("Mô hình, điển hình đăng ký trong kỳ theo đơn vị gửi",
                       ["STT", "Đơn vị gửi", "Số mô hình"],
                       [[str(n), unit, group_thousands(count)] for n, (unit, count) in enumerate(counts, 1)]
                       + [["", "Tổng cộng", group_thousands(total)]],
                       [[n, None, count] for n, (_, count) in enumerate(counts, 1)] + [[None, None, total]])


def _numbered(tables: list[FigureTable | None]) -> list[FigureTable]:
    """Tables numbered in the order printed (the sending-unit table is there only sometimes)."""
    shown = [t for t in tables if t is not None]
    for number, table in enumerate(shown, 1):
        table.title = f"Bảng {number}. {table.title}"
    return shown


def _campaign_table(now: dict, before: dict) -> FigureTable:
    return FigureTable("Cuộc vận động, công trình trong kỳ theo loại",
                       ["Loại công trình", "Trong kỳ", "Cùng kỳ năm trước"],
                       [[term.label, group_thousands(now["by_type"][term.code]),
                         group_thousands(before["by_type"][term.code])]
                        for term in vocab.CAMPAIGN_TYPES]
                       + [["Tổng cộng", group_thousands(now["total"]), group_thousands(before["total"])]],
                       [[None, now["by_type"][t.code], before["by_type"][t.code]]
                        for t in vocab.CAMPAIGN_TYPES] + [[None, now["total"], before["total"]]])


def _progress_table(now: dict, before: dict) -> FigureTable:
    """Campaigns started and completed in the period, and the households they benefit."""
    pairs = [("Khởi công, phát động mới trong kỳ", now["campaigns"]["started"],
              before["campaigns"]["started"]),
             ("Hoàn thành trong kỳ", now["campaigns"]["completed"], before["campaigns"]["completed"]),
             ("Đang thực hiện cuối kỳ", now["campaigns"]["running"], before["campaigns"]["running"]),
             ("Số hộ được hưởng lợi (công trình hoàn thành)", now["households_benefited"],
              before["households_benefited"])]
    return FigureTable("Tiến độ các cuộc vận động, công trình",
                       ["Nội dung", "Trong kỳ", "Cùng kỳ năm trước", "So với cùng kỳ"],
                       [[label, group_thousands(a), group_thousands(b), _change(a, b)]
                        for label, a, b in pairs],
                       [[None, a, b, a - b] for _, a, b in pairs])


def _contribution_table(now: dict) -> FigureTable:
    detail = now["by_source_kind"]
    rows, numbers = [], []
    for term in vocab.SOURCES:
        d = detail[term.code]
        rows.append([term.label, format_money(d["tien"], unit=False), format_number(d["ngay_cong"]),
                     format_number(d["dat"]), format_money(d["vat_tu"], unit=False)])
        numbers.append([None, d["tien"], d["ngay_cong"], d["dat"], d["vat_tu"]])
    rows.append(["Tổng cộng", format_money(now["money_vnd"], unit=False), format_number(now["workdays"]),
                 format_number(now["land_m2"]), format_money(now["materials_vnd"], unit=False)])
    numbers.append([None, now["money_vnd"], now["workdays"], now["land_m2"], now["materials_vnd"]])
    return FigureTable("Nhân dân và các nguồn đóng góp trong kỳ",
                       ["Nguồn", "Tiền (đồng)", "Ngày công", "Đất hiến (m²)", "Vật tư (đồng)"],
                       rows, numbers)


def _notable_paragraph(row: dict) -> str:
    place = ", ".join(_in_sentence(p) for p in (row["village"], row["commune"]) if p)
    owner = row["owner_name"] + (f" ({row['position']})" if row["position"] else "")
    where = f" ở {place}" if place and fold(place) not in fold(owner) else ""
    text = (f"Mô hình \u201c{row['name']}\u201d của {owner}{where}, lĩnh vực "
            f"{_lower_first(vocab.FIELDS.label(row['field']))}.")
    results = [row["results"].strip()] if row["results"] else []
    if row["income_vnd"]:
        results.append(f"thu nhập bình quân {format_money(row['income_vnd'])}/năm")
    if row["jobs"]:
        results.append(f"tạo việc làm cho {group_thousands(row['jobs'])} lao động")
    if row["households"]:
        results.append(f"{group_thousands(row['households'])} hộ được hưởng lợi")
    if results:
        text += " Kết quả: " + "; ".join(r.rstrip(".") for r in results) + "."
    return text


def _lower_first(label: str) -> str:
    """``Xây dựng Đảng và hệ thống chính trị`` inside a sentence: ``xây dựng Đảng và…``
    (only the first word: Đảng keeps its capital)."""
    return label[:1].lower() + label[1:]


def _nb(text: str) -> str:
    """A figure and its unit kept on one line (no break before "đồng", "m²"…)."""
    return text.replace(" ", "\u00a0")


def _in_sentence(place: str) -> str:
    """``Huyện Đông Hưng`` inside a sentence: ``huyện Đông Hưng``."""
    word, _, name = place.partition(" ")
    return f"{word.lower()} {name}".strip()


COMPARISON_HEADERS = ("Cùng kỳ năm trước", "So với cùng kỳ")


def compares(period: Period) -> bool:
    """Whether the period is compared with the same period a year before: not a stage of
    several years (giai đoạn), which would overlap it."""
    return (period.end - period.start).days <= 366


def _without_comparison(table: FigureTable) -> FigureTable:
    keep = [i for i, h in enumerate(table.headers) if h not in COMPARISON_HEADERS]
    return FigureTable(table.title, [table.headers[i] for i in keep],
                       [[row[i] for i in keep] for row in table.rows],
                       [[row[i] for i in keep] for row in table.numbers])


def _initiative_sentence(period: Period, district: str, ini: dict, before: dict | None) -> str:
    where = _in_sentence(district) if district else "địa bàn"
    if not ini["total"]:
        text = f"Trong {period.label}, toàn {where} không có mô hình, điển hình mới đăng ký"
    else:
        kinds = [f"{group_thousands(ini['by_kind'][k])} {label}"
                 for k, label in (("tap_the", "tập thể"), ("ca_nhan", "cá nhân")) if ini["by_kind"][k]]
        text = (f"Trong {period.label}, toàn {where} có {group_thousands(ini['total'])} mô hình, "
                f"điển hình \u201cDân vận khéo\u201d đăng ký ({', '.join(kinds)})")
    if before is not None and (before["total"] or ini["total"]):
        text += f", {_change(ini['total'], before['total'])} so với cùng kỳ năm trước"
    done = [f"{group_thousands(n)} mô hình {what}" for n, what in (
        (ini["recognized"], "được công nhận"), (ini["commended"], "được biểu dương, khen thưởng"),
        (ini["replicated"], "được nhân rộng")) if n]
    return text + ("; " + ", ".join(done) if done else "") + "."


def _campaign_sentence(now: dict) -> str:
    """What the people gave and what was built: only the figures that are not zero."""
    c, k = now["campaigns"], now["contributions"]
    parts = [_nb(format_money(k["money_vnd"])) if k["money_vnd"] else "",
             _nb(format_number(k["workdays"]) + " ngày công") if k["workdays"] else "",
             _nb(format_number(k["land_m2"]) + " m²") + " đất hiến" if k["land_m2"] else "",
             "vật tư trị giá " + _nb(format_money(k["materials_vnd"])) if k["materials_vnd"] else ""]
    parts = [p for p in parts if p]
    sentences = []
    if c["started"] or c["completed"]:
        done = [f"{what} {group_thousands(n)} công trình" for n, what in
                ((c["started"], "khởi công mới"), (c["completed"], "hoàn thành")) if n]
        sentences.append("Các cuộc vận động " + ", ".join(done))
    if parts:
        sentences.append(("đã huy động " if sentences else "Các cuộc vận động đã huy động ")
                         + ", ".join(parts))
    if not sentences:
        return ""
    text = "; ".join(sentences)
    if now["households_benefited"]:
        text += (f"; {group_thousands(now['households_benefited'])} hộ được hưởng lợi từ các "
                 "công trình hoàn thành")
    return text + "."


def build_content(store: Store, period: Period, commune_id: int | None = None,
                  number: str | None = None) -> ReportContent:
    """``number``: the report's number when given (the command line's ``--number``),
    else the one kept with the period's texts."""
    both = compare_with_last_year(store, period, commune_id)
    now, before = both.current, both.previous
    ini = now["initiatives"]
    texts = report_texts(store, period, commune_id)
    office = get_profile(store)
    district = office.district_name
    by_village = (store_stats.registered_by_village(store, period, commune_id)
                  if office.office_level in ("xa", "mttq_xa", "dac_khu") else None)
    compared = compares(period)
    overview = [_initiative_sentence(period, district, ini, before["initiatives"] if compared else None),
                _campaign_sentence(now)]
    tables = _numbered([_field_table(ini, before["initiatives"]), _status_table(ini, before["initiatives"]),
                        _commune_table(ini, by_village), _sending_unit_table(ini),
                        _campaign_table(now["campaigns"], before["campaigns"]),
                        _progress_table(now, before), _contribution_table(now["contributions"])])
    if not compared:
        tables = [_without_comparison(t) for t in tables]
    return ReportContent(
        period=period,
        summary=f"kết quả thực hiện phong trào thi đua \u201cDân vận khéo\u201d {period.label}",
        number=texts["number"] if number is None else number,
        tables=tables, compared=compared,
        overview=[text for text in overview if text],
        notable=[_notable_paragraph(r) for r in notable_initiatives(store, period, commune_id)],
        limitations=texts["limitations"], directions=texts["directions"],
        figures=now, previous=before)
