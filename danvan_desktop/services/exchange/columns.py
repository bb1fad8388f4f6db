"""The columns of the exchange files (CLI.md), matched ignoring case, diacritics, spaces
and punctuation, in any order."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.entities import REGISTRATION_NUMBERS, REGISTRATION_TEXTS
from ...domain.text import fold_compact


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 18
    help: str = ""


INITIATIVE_COLUMNS = [
    Column("name", "Tên mô hình, điển hình", True, ("Tên mô hình", "Tên điển hình", "Mô hình"), 42,
           "Tên mô hình, điển hình “Dân vận khéo”."),
    Column("kind", "Loại", True, ("Tập thể/cá nhân", "Loại mô hình"), 12, "Tập thể hoặc Cá nhân."),
    Column("field", "Lĩnh vực", True, (), 22,
           "Kinh tế; Văn hóa – xã hội; Quốc phòng – an ninh; Xây dựng Đảng và hệ thống chính trị "
           "(viết tắt KT, VH-XH, QP-AN, XDĐ cũng được)."),
    Column("owner_name", "Chủ thể", True, ("Đơn vị", "Tập thể/cá nhân thực hiện", "Họ và tên",
                                           "Chủ thể thực hiện"), 34,
           "Tên tập thể, đơn vị; hoặc họ và tên cá nhân."),
    Column("position", "Chức vụ", False, ("Chức vụ, đơn vị",), 26, "Chức vụ, đơn vị của cá nhân."),
    Column("commune", "Xã/phường", True, ("Xã", "Phường", "Xã, phường, thị trấn", "Địa bàn"), 22,
           "Xã, phường, thị trấn nơi thực hiện."),
    Column("village", "Thôn/xóm", False, ("Thôn", "Xóm", "Thôn, xóm, tổ dân phố", "Khối"), 18, ""),
    Column("year", "Năm đăng ký", True, ("Năm",), 12, "Bốn chữ số, ví dụ 2023."),
    Column("registered_on", "Ngày đăng ký", False, ("Ngày",), 14, "dd/mm/yyyy."),
    Column("status", "Trạng thái", False, ("Tình trạng",), 22, "Mặc định: Đăng ký."),
    Column("level", "Cấp công nhận", False, ("Cấp",), 14, "Xã, Huyện, Tỉnh hoặc Toàn quốc."),
    Column("method", "Cách làm", False, (), 40, ""),
    Column("results", "Hiệu quả", False, ("Kết quả",), 40, ""),
    Column("notes", "Ghi chú", False, (), 24, ""),
]

# The registration parts (phiếu đăng ký, issue 15) after the first year's columns, each optional.
_REGISTRATION_ALIASES = {"situation": ("Sự cần thiết", "Lý do", "Sự cần thiết, lý do xây dựng mô hình"),
            "goals": ("Mục tiêu", "Mục đích, mục tiêu"), "content": ("Nội dung", "Nội dung, cách thức"),
            "scope": ("Phạm vi", "Đối tượng hưởng lợi", "Phạm vi, đối tượng"),
            "executors": ("Lực lượng", "Người thực hiện"), "timeframe": ("Thời gian", "Thời gian triển khai"),
            "expected_results": ("Kết quả dự kiến", "Dự kiến kết quả"),
            "sustainability": ("Khả năng nhân rộng", "Tính bền vững"),
            "budget_vnd": ("Kinh phí",), "materials_vnd": ("Vật tư",), "workdays": ("Ngày công",),
            "donations_vnd": ("Tài trợ", "Ủng hộ", "Tài trợ, ủng hộ")}

REGISTRATION_COLUMNS = [
    *(Column(key, label, False, _REGISTRATION_ALIASES[key], 36, "Phần của phiếu đăng ký (không bắt buộc).")
      for key, label in REGISTRATION_TEXTS.items()),
    *(Column(key, label, False, _REGISTRATION_ALIASES[key], 16,
             "Số ngày công." if key == "workdays" else "Số đồng: 1.200.000 hoặc 1,2 tỷ, 30 triệu.")
      for key, label in REGISTRATION_NUMBERS.items()),
]

INITIATIVE_COLUMNS += REGISTRATION_COLUMNS


def match_headers(cells: list[object], columns: list[Column]) -> dict[str, int]:
    """Which cell index holds each column key (only those found)."""
    lookup: dict[str, str] = {}
    for column in columns:
        for text in (column.header, *column.aliases):
            lookup.setdefault(fold_compact(text), column.key)
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = lookup.get(fold_compact(str(cell or "")))
        if key and key not in found:
            found[key] = index
    return found


# The campaign sheet (“Cuộc vận động”): the export's headers are importable as they are.
CAMPAIGN_COLUMNS = [
    Column("title", "Tên công trình", True, ("Tên cuộc vận động", "Tên cuộc vận động, công trình",
                                             "Công trình", "Tên công trình, cuộc vận động"), 40,
           "Tên công trình, cuộc vận động; khớp với cột “Tên công trình” của trang “Đóng góp”."),
    Column("type", "Loại", True, ("Loại công trình",), 18,
           "Đường giao thông, Nhà ở, Chiếu sáng, Camera an ninh, Môi trường hoặc Khác."),
    Column("commune", "Xã/phường", True, ("Xã", "Phường", "Xã, phường, thị trấn", "Địa bàn"), 20,
           "Xã, phường, thị trấn nơi làm công trình."),
    Column("village", "Thôn/xóm", False, ("Thôn", "Xóm", "Thôn, xóm, tổ dân phố", "Khối"), 16, ""),
    Column("status", "Tình trạng", False, ("Trạng thái",), 16,
           "Kế hoạch, Lấy ý kiến, Đang thực hiện hoặc Hoàn thành (mặc định: Kế hoạch)."),
    Column("started_on", "Ngày bắt đầu", False, ("Ngày khởi công",), 14, "dd/mm/yyyy."),
    Column("finished_on", "Ngày hoàn thành", False, ("Ngày xong",), 14,
           "dd/mm/yyyy; bắt buộc khi tình trạng là Hoàn thành."),
    Column("estimate_vnd", "Dự toán (đồng)", False, ("Dự toán", "Tổng dự toán", "Kinh phí dự toán"), 16,
           "Số đồng: 1.200.000.000 hoặc 1,2 tỷ, 30 triệu."),
    Column("length_m", "Chiều dài (m)", False, ("Chiều dài", "Dài (m)"), 12,
           "Số mét, ví dụ 850 hoặc 1.250,5."),
    Column("width_before_m", "Rộng cũ (m)", False, ("Chiều rộng cũ", "Mặt đường cũ (m)"), 11, ""),
    Column("width_after_m", "Rộng mới (m)", False, ("Chiều rộng mới", "Mặt đường mới (m)"), 11, ""),
    Column("households_benefited", "Số hộ hưởng lợi", False, ("Hộ hưởng lợi",), 12, "Số nguyên."),
    Column("households_poor", "Hộ nghèo", False, ("Số hộ nghèo",), 10, ""),
    Column("households_near_poor", "Hộ cận nghèo", False, ("Số hộ cận nghèo",), 10, ""),
    Column("households_asked", "Số hộ lấy ý kiến", False, ("Hộ được lấy ý kiến", "Số hộ được lấy ý kiến"), 12,
           ""),
    Column("households_agreed", "Số hộ đồng ý", False, ("Hộ đồng ý",), 12,
           "Không lớn hơn số hộ lấy ý kiến."),
    Column("notes", "Ghi chú", False, (), 24, ""),
]

# The ledger sheet (“Đóng góp”): one row per contribution. The amount is one column in the
# template; the export's two columns (money, quantity) are read as well.
CONTRIBUTION_COLUMNS = [
    Column("title", "Tên công trình", True, ("Tên cuộc vận động", "Công trình",
                                             "Tên công trình, cuộc vận động"), 36,
           "Đúng tên một công trình ở trang “Cuộc vận động” của tệp này, hoặc đã có trong dữ liệu."),
    Column("commune", "Xã/phường", False, ("Xã", "Phường", "Xã, phường, thị trấn"), 18,
           "Chỉ cần khi hai công trình cùng tên ở hai xã."),
    Column("on_date", "Ngày", True, ("Ngày đóng góp",), 13, "dd/mm/yyyy."),
    Column("source", "Nguồn", True, ("Nguồn đóng góp",), 22,
           "Nhân dân, Con em xa quê, Nhà hảo tâm, doanh nghiệp, Ngân sách nhà nước hoặc Tổ chức, đoàn thể."),
    Column("contributor", "Người/đơn vị đóng góp", False, ("Người, đơn vị đóng góp", "Người đóng góp",
                                                          "Đơn vị đóng góp", "Họ và tên", "Hộ gia đình"), 30,
           "Họ tên chủ hộ, người hoặc đơn vị đóng góp."),
    Column("kind", "Hình thức", True, ("Hình thức đóng góp",), 14, "Tiền, Ngày công, Hiến đất hoặc Vật tư."),
    Column("amount", "Số tiền hoặc số lượng", False, ("Số tiền/số lượng", "Giá trị"), 18,
           "Tiền, vật tư: số đồng (100.000 hoặc 1,2 triệu); ngày công: số ngày; hiến đất: số m²."),
    Column("amount_vnd", "Số tiền (đồng)", False, ("Số tiền",), 16, ""),
    Column("quantity", "Số lượng (ngày công / m²)", False, ("Số lượng",), 14, ""),
    Column("note", "Ghi chú", False, (), 24, ""),
]
AMOUNT_KEYS = ("amount", "amount_vnd", "quantity")  # at least one of them is required

