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
    return FigureTable("Bảng 1. Mô hình, điển hình đăng ký trong kỳ theo lĩnh vực",
                       ["Lĩnh vực", "Tập thể", "Cá nhân", "Tổng", "Cùng kỳ năm trước",
                        "So với cùng kỳ"], rows, numbers)


def _status_table(now: dict, before: dict) -> FigureTable:
    pairs = [("Đăng ký mới", now["total"], before["total"]),
             ("Đang thực hiện", now["by_status"]["dang_thuc_hien"],
              before["by_status"]["dang_thuc_hien"]),
             ("Được công nhận trong kỳ", now["recognized"], before["recognized"]),
             ("Được biểu dương, khen thưởng trong kỳ", now["commended"], before["commended"]),
             ("Được nhân rộng", now["by_status"]["nhan_rong"], before["by_status"]["nhan_rong"])]
    return FigureTable("Bảng 2. Tiến độ các mô hình, điển hình",
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
    return FigureTable(f"Bảng 3. Mô hình, điển hình đăng ký theo {unit}",
                       ["STT", unit.capitalize(), "Số mô hình"],
                       [[str(n), name, group_thousands(count)] for n, (name, count) in enumerate(items, 1)]
                       + [["", "Tổng cộng", group_thousands(total)]],
                       [[n, None, count] for n, (_, count) in enumerate(items, 1)] + [[None, None, total]])


def _campaign_table(now: dict, before: dict) -> FigureTable:
    return FigureTable("Bảng 4. Cuộc vận động, công trình trong kỳ theo loại",
                       ["Loại công trình", "Trong kỳ", "Cùng kỳ năm trước"],
                       [[term.label, group_thousands(now["by_type"][term.code]),
                         group_thousands(before["by_type"][term.code])]
                        for term in vocab.CAMPAIGN_TYPES]
                       + [["Tổng cộng", group_thousands(now["total"]), group_thousands(before["total"])]],
                       [[None, now["by_type"][t.code], before["by_type"][t.code]]
                        for t in vocab.CAMPAIGN_TYPES] + [[None, now["total"], before["total"]]])


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
    return FigureTable("Bảng 5. Nhân dân và các nguồn đóng góp trong kỳ",
                       ["Nguồn", "Tiền (đồng)", "Ngày công", "Đất hiến (m²)", "Vật tư (đồng)"],
                       rows, numbers)


def _notable_paragraph(row: dict) -> str:
    place = ", ".join(_in_sentence(p) for p in (row["village"], row["commune"]) if p)
    owner = row["owner_name"] + (f" ({row['position']})" if row["position"] else "")
    where = f" ở {place}" if place and fold(place) not in fold(owner) else ""
    text = (f"Mô hình \u201c{row['name']}\u201d của {owner}{where}, lĩnh vực "
            f"{vocab.FIELDS.label(row['field']).lower()}.")
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


def _nb(text: str) -> str:
    """A figure and its unit kept on one line (no break before "đồng", "m²"…)."""
    return text.replace(" ", "\u00a0")


def _in_sentence(place: str) -> str:
    """``Huyện Đông Hưng`` inside a sentence: ``huyện Đông Hưng``."""
    word, _, name = place.partition(" ")
    return f"{word.lower()} {name}".strip()


def build_content(store: Store, period: Period, commune_id: int | None = None) -> ReportContent:
    both = compare_with_last_year(store, period, commune_id)
    now, before = both.current, both.previous
    ini = now["initiatives"]
    texts = report_texts(store, period, commune_id)
    office = get_profile(store)
    district = office.district_name
    by_village = (store_stats.registered_by_village(store, period, commune_id)
                  if office.office_level in ("xa", "mttq_xa", "dac_khu") else None)
    overview = [
        f"Trong {period.label}, toàn {_in_sentence(district) if district else 'địa bàn'} có "
        f"{group_thousands(ini['total'])} mô hình, điển hình \u201cDân vận khéo\u201d đăng ký "
        f"({group_thousands(ini['by_kind']['tap_the'])} tập thể, "
        f"{group_thousands(ini['by_kind']['ca_nhan'])} cá nhân), "
        f"{_change(ini['total'], before['initiatives']['total'])} so với cùng kỳ năm trước; "
        f"{group_thousands(ini['recognized'])} mô hình được công nhận, "
        f"{group_thousands(ini['commended'])} mô hình được biểu dương, khen thưởng.",
        f"Các cuộc vận động đã huy động {_nb(format_money(now['contributions']['money_vnd']))}, "
        f"{_nb(format_number(now['contributions']['workdays']) + ' ngày công')}, "
        f"{_nb(format_number(now['contributions']['land_m2']) + ' m²')} đất hiến và vật tư trị giá "
        f"{_nb(format_money(now['contributions']['materials_vnd']))}; "
        f"{group_thousands(now['households_benefited'])} hộ được hưởng lợi từ các công trình hoàn thành.",
    ]
    return ReportContent(
        period=period,
        summary=f"kết quả thực hiện phong trào thi đua \u201cDân vận khéo\u201d {period.label}",
        number=texts["number"],
        tables=[_field_table(ini, before["initiatives"]), _status_table(ini, before["initiatives"]),
                _commune_table(ini, by_village), _campaign_table(now["campaigns"], before["campaigns"]),
                _contribution_table(now["contributions"])],
        overview=overview,
        notable=[_notable_paragraph(r) for r in notable_initiatives(store, period, commune_id)],
        limitations=texts["limitations"], directions=texts["directions"],
        figures=now, previous=before)
