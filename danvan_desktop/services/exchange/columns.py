"""The columns of the exchange files (CLI.md), matched ignoring case, diacritics, spaces
and punctuation, in any order."""

from __future__ import annotations

from dataclasses import dataclass

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
