"""The fixed vocabularies of the domain: ASCII codes (CLI.md, stored in the database)
with their Vietnamese labels, and tolerant matching of what offices type."""

from __future__ import annotations

from dataclasses import dataclass

from .text import fold_compact


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    short: str = ""
    aliases: tuple[str, ...] = ()


class Vocabulary:
    """An ordered set of terms; looks a term up by code, label, short label or alias,
    ignoring case, diacritics, spaces and punctuation."""

    def __init__(self, name: str, terms: list[Term]):
        self.name = name
        self.terms = terms
        self._by_code = {t.code: t for t in terms}
        self._lookup: dict[str, Term] = {}
        for t in terms:
            for text in (t.code, t.label, t.short, *t.aliases):
                if text:
                    self._lookup[fold_compact(text)] = t

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def label(self, code: str | None) -> str:
        term = self._by_code.get(code or "")
        return term.label if term else ""

    def short(self, code: str | None) -> str:
        term = self._by_code.get(code or "")
        return (term.short or term.label) if term else ""

    def match(self, text: str | None) -> str | None:
        """The code a typed value means, or None."""
        term = self._lookup.get(fold_compact(text))
        return term.code if term else None


FIELDS = Vocabulary(
    "lĩnh vực",
    [
        Term("kinh_te", "Kinh tế", "KT", ("kinh te", "KTXH", "nong thon moi")),
        Term(
            "van_hoa_xa_hoi",
            "Văn hóa – xã hội",
            "VH–XH",
            ("VHXH", "VH-XH", "van hoa xa hoi", "van hoa"),
        ),
        Term(
            "quoc_phong_an_ninh",
            "Quốc phòng – an ninh",
            "QP–AN",
            ("QPAN", "QP-AN", "quoc phong an ninh", "an ninh quoc phong", "ANQP"),
        ),
        Term(
            "xay_dung_dang",
            "Xây dựng Đảng và hệ thống chính trị",
            "XD Đảng, HTCT",
            (
                "XDĐ",
                "XDD",
                "XD Đảng",
                "XDHTCT",
                "XD HTCT",
                "XDĐ HTCT",
                "Xây dựng Đảng",
                "Xây dựng hệ thống chính trị",
                "Xây dựng Đảng, hệ thống chính trị",
            ),
        ),
    ],
)

KINDS = Vocabulary(
    "loại",
    [
        Term("tap_the", "Tập thể", "TT", ("tap the",)),
        Term("ca_nhan", "Cá nhân", "CN", ("ca nhan",)),
    ],
)

STATUSES = Vocabulary(
    "trạng thái",
    [
        Term("dang_ky", "Đăng ký", aliases=("moi dang ky", "da dang ky")),
        Term("dang_thuc_hien", "Đang thực hiện", aliases=("dang trien khai",)),
        Term("cong_nhan", "Được công nhận", aliases=("cong nhan", "da cong nhan")),
        Term(
            "khen_thuong",
            "Được biểu dương, khen thưởng",
            aliases=("khen thuong", "bieu duong", "duoc bieu duong", "duoc khen thuong"),
        ),
        Term("nhan_rong", "Nhân rộng", aliases=("duoc nhan rong",)),
        Term("khong_dat", "Không đạt", aliases=("khong duoc cong nhan",)),
        Term("dung", "Dừng", aliases=("dung thuc hien", "tam dung")),
    ],
)

# The usual path of an initiative; any move is allowed (offices correct mistakes),
# but only these count as progress in the history.
STATUS_ORDER = ["dang_ky", "dang_thuc_hien", "cong_nhan", "khen_thuong", "nhan_rong"]
RECOGNIZED_STATUSES = {"cong_nhan", "khen_thuong", "nhan_rong"}

LEVELS = Vocabulary(
    "cấp",
    [
        Term("xa", "Xã", aliases=("cap xa", "phuong", "thi tran")),
        Term("huyen", "Huyện", aliases=("cap huyen", "thi xa", "thanh pho", "quan")),
        Term("tinh", "Tỉnh", aliases=("cap tinh",)),
        Term("toan_quoc", "Toàn quốc", aliases=("trung uong", "quoc gia", "cap trung uong")),
    ],
)

CAMPAIGN_TYPES = Vocabulary(
    "loại công trình",
    [
        Term("duong", "Đường giao thông", "Đường", ("duong", "lam duong", "mo rong duong")),
        Term("nha", "Nhà ở", "Nhà", ("nha", "sua nha", "nha tinh nghia", "nha dai doan ket")),
        Term("chieu_sang", "Chiếu sáng", aliases=("thap sang", "den duong")),
        Term("camera", "Camera an ninh", "Camera", ("camera",)),
        Term("moi_truong", "Môi trường", aliases=("phan loai rac", "ve sinh moi truong")),
        Term("khac", "Khác"),
    ],
)

CAMPAIGN_STATUSES = Vocabulary(
    "tình trạng",
    [
        Term("ke_hoach", "Kế hoạch"),
        Term("lay_y_kien", "Lấy ý kiến"),
        Term("dang_thuc_hien", "Đang thực hiện"),
        Term("hoan_thanh", "Hoàn thành", aliases=("da hoan thanh",)),
    ],
)

CONTRIBUTION_KINDS = Vocabulary(
    "hình thức đóng góp",
    [
        Term("tien", "Tiền", aliases=("tien mat",)),
        Term("ngay_cong", "Ngày công", aliases=("cong",)),
        Term("dat", "Hiến đất (m²)", "Hiến đất", ("hien dat", "dat", "m2")),
        Term("vat_tu", "Vật tư", aliases=("vat lieu",)),
    ],
)
MONEY_KINDS = {"tien", "vat_tu"}  # amounts in whole đồng; the others are quantities

SOURCES = Vocabulary(
    "nguồn",
    [
        Term("nhan_dan", "Nhân dân", aliases=("ho dan", "nhan dan dong gop")),
        Term("con_em_xa_que", "Con em xa quê", aliases=("con em", "con em que huong")),
        Term(
            "nha_hao_tam",
            "Nhà hảo tâm, doanh nghiệp",
            "Nhà hảo tâm",
            ("nha hao tam", "doanh nghiep", "mạnh thường quân"),
        ),
        Term("ngan_sach", "Ngân sách nhà nước", "Ngân sách", ("ngan sach",)),
        Term("to_chuc", "Tổ chức, đoàn thể", "Tổ chức", ("to chuc", "doan the")),
    ],
)

AREA_LEVELS = Vocabulary(
    "cấp địa bàn",
    [
        Term("tinh", "Tỉnh, thành phố"),
        Term("huyen", "Huyện, thị xã, thành phố thuộc tỉnh"),
        Term("xa", "Xã, phường, thị trấn"),
        Term("thon", "Thôn, xóm, khối, tổ dân phố"),
    ],
)

ORG_KINDS = Vocabulary(
    "loại đơn vị",
    [
        Term("chi_bo", "Chi bộ, đảng bộ", aliases=("chi bo", "dang bo", "dang uy")),
        Term("chinh_quyen", "Chính quyền", aliases=("ubnd", "uy ban nhan dan")),
        Term("mttq", "Mặt trận Tổ quốc", aliases=("mat tran", "MTTQ", "ban cong tac mat tran")),
        Term("hoi_nong_dan", "Hội Nông dân"),
        Term("hoi_phu_nu", "Hội Liên hiệp Phụ nữ", aliases=("hoi phu nu", "chi hoi phu nu")),
        Term("doan_thanh_nien", "Đoàn Thanh niên", aliases=("doan thanh nien", "thi doan")),
        Term("hoi_cuu_chien_binh", "Hội Cựu chiến binh", aliases=("ccb", "hoi ccb")),
        Term("cong_an", "Công an"),
        Term("quan_su", "Quân sự", aliases=("quan doi", "ban chi huy quan su")),
        Term("co_quan", "Cơ quan, đơn vị", aliases=("co quan",)),
        Term("to_dan_van", "Tổ Dân vận", aliases=("to dan van",)),
        Term("khac", "Khác"),
    ],
)

ROUND_FORMS = Vocabulary(
    "hình thức khen thưởng",
    [
        Term("bieu_duong", "Biểu dương"),
        Term("giay_khen", "Giấy khen"),
        Term("bang_khen", "Bằng khen"),
    ],
)
