"""2. Certificates (giấy khen, giấy chứng nhận), one landscape page per recipient on A4 or
A3, drawn on the raw canvas for speed, in the order of the round's list. Two ways to
print: ``full`` draws the border (or the office's background image), the emblem and
every line; on a pre-printed blank form (phôi) only the variable text is printed, at
positions the user moves in millimetres. Each certificate carries a serial (số sổ) from
the register (store/serials.py); every print is recorded."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ...domain.entities import Award, CommendationRound, OfficeProfile
from ...domain.text import format_date_long, nfc
from ...store import serials as serial_register
from ...store.db import Store
from ...store.profile import get_profile, get_setting, set_setting
from ...store.rounds import awards_of, get_round, record_prints
from .certificate_layout import LINES, PAPERS, RIGHT_CENTRE, anchor, fit, scale_of
from .commendation_list import in_list_order
from .fonts import Fonts, register_fonts
from .layout import decision_citation

TOP_MM = {name: line.top for name, line in LINES.items()}
Offsets = dict[str, tuple[float, float]]
IMAGE_KEY = "certificate_image"
IMAGE_MODES = {"emblem": "Biểu trưng ở góc trên bên trái", "background": "Nền cả trang"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# The title a round's form prints, and the word before the name.
TITLES = {"GIẤY KHEN": "Tặng", "BẰNG KHEN": "Tặng", "GIẤY CHỨNG NHẬN": "Chứng nhận",
          "BIỂU DƯƠNG": "Biểu dương"}
FORM_TITLES = {"giay_khen": "GIẤY KHEN", "bang_khen": "BẰNG KHEN", "bieu_duong": "GIẤY CHỨNG NHẬN"}

# A progress callback may raise (the user pressed Cancel): the half-written file is
# removed and nothing is recorded.
Progress = Callable[[int, int, str], None]


@dataclass
class CertificateText:
    authority: str
    name: str
    position: str
    achievement: str
    decision: str
    date: str
    signer_authority: str
    signer_title: str
    signer_name: str
    title: str = "GIẤY KHEN"
    to: str = "Tặng"


@dataclass(frozen=True)
class Overflow:
    """A line of one certificate that does not fit its place even wrapped at the
    smallest readable size."""

    award_id: int
    recipient: str
    line: str  # the line's label

    def __str__(self) -> str:
        return f"{self.recipient}: {self.line.lower()} quá dài"


def title_of(rnd: CommendationRound, store: Store | None = None) -> str:
    """The certificate's title: the one chosen for the round, else its form's."""
    chosen = get_setting(store, f"certificate_title_{rnd.id}", "") if store and rnd.id else ""
    return chosen if chosen in TITLES else FORM_TITLES.get(rnd.form, "GIẤY KHEN")


def text_for(award: Award, rnd: CommendationRound, profile: OfficeProfile, serial: str,
             title: str = "") -> CertificateText:
    decided = rnd.decided_on or dt.date.today().isoformat()
    title = title if title in TITLES else FORM_TITLES.get(rnd.form, "GIẤY KHEN")
    return CertificateText(
        authority=nfc(rnd.issuer or profile.standing_body).upper(),
        title=title, to=TITLES[title],
        name=nfc(award.recipient_name),
        position=nfc(award.position_unit),
        achievement=nfc(award.achievement or rnd.achievement_template),
        decision=f"{decision_citation(rnd.number, decided)}. Số sổ: {serial}",
        date=format_date_long(decided, profile.place),
        signer_authority=nfc(profile.cert_signer_authority).upper(),
        signer_title=nfc(profile.cert_signer_title).upper(),
        signer_name=nfc(profile.cert_signer_name),
    )


def _font(fonts: Fonts, name: str) -> str:
    return {"bold": fonts.bold, "italic": fonts.italic}.get(name, fonts.regular)


def _border(canvas: Canvas, paper: str) -> None:
    width, height = PAPERS[paper]
    s = scale_of(paper)
    canvas.saveState()
    canvas.setStrokeColorRGB(0.6, 0.1, 0.1)
    canvas.setLineWidth(3 * s)
    canvas.rect(12 * s * mm, 12 * s * mm, width - 24 * s * mm, height - 24 * s * mm)
    canvas.setLineWidth(0.8 * s)
    canvas.rect(16 * s * mm, 16 * s * mm, width - 32 * s * mm, height - 32 * s * mm)
    canvas.restoreState()


def _image(canvas: Canvas, image: dict, paper: str) -> None:
    reader = ImageReader(io.BytesIO(base64.b64decode(image["data"])))
    width, height = PAPERS[paper]
    if image.get("mode") == "background":
        canvas.drawImage(reader, 0, 0, width, height, mask="auto")
        return
    box = 30 * scale_of(paper) * mm
    left, top = 26 * scale_of(paper) * mm, height - 22 * scale_of(paper) * mm
    canvas.drawImage(reader, left, top - box, box, box, preserveAspectRatio=True, anchor="c",
                     mask="auto")


def lines_of(text: CertificateText, full: bool) -> list[tuple[str, str]]:
    """(line, value) of what a page prints: the lines a blank form has already are left out."""
    values = {"authority": text.authority, "title": text.title, "to": text.to, "name": text.name,
              "position": text.position, "achievement": text.achievement, "decision": text.decision,
              "date": text.date, "signer_authority": text.signer_authority,
              "signer_title": text.signer_title, "signer_name": text.signer_name}
    return [(line, values[line]) for line, spec in LINES.items()
            if values[line] and (full or not spec.on_form)]


def draw_certificate(canvas: Canvas, text: CertificateText, fonts: Fonts, full: bool,
                     offsets: Offsets | None = None, paper: str = "A4",
                     image: dict | None = None) -> list[str]:
    """One page; returns the labels of the lines that did not fit (drawn anyway, wrapped
    at the smallest readable size: nothing is cut)."""
    offsets = offsets or {}
    if full:
        if image:
            _image(canvas, image, paper)
        if not image or image.get("mode") != "background":
            _border(canvas, paper)
    too_long = []
    for line, value in lines_of(text, full):
        font = _font(fonts, LINES[line].font)
        fitted = fit(value, line, font, paper)
        if not fitted.fits:
            too_long.append(LINES[line].label)
        x, y = anchor(line, paper, offsets.get(line, (0.0, 0.0)))
        canvas.setFont(font, fitted.size)
        for number, part in enumerate(fitted.lines):
            canvas.drawCentredString(x, y - number * fitted.size * 1.18, part)
    return too_long


def offsets_key(paper: str) -> str:
    return "certificate_offsets" if paper == "A4" else f"certificate_offsets_{paper}"


def load_offsets(store: Store, paper: str = "A4") -> Offsets:
    raw = get_setting(store, offsets_key(paper), {}) or {}
    return {k: (float(v[0]), float(v[1])) for k, v in raw.items() if k in LINES}


def save_offsets(store: Store, offsets: Offsets, paper: str = "A4") -> None:
    set_setting(store, offsets_key(paper), {k: list(v) for k, v in offsets.items() if k in LINES})


def load_image(store: Store) -> dict | None:
    image = get_setting(store, IMAGE_KEY, None)
    return image if image and image.get("data") else None


def save_image(store: Store, path: str | Path | None, mode: str = "emblem") -> None:
    """Keep the office's emblem or background image in the data file (so it travels with
    it); None removes it. A file that is not a readable picture, or too large, is refused."""
    if path is None:
        set_setting(store, IMAGE_KEY, None)
        return
    path = Path(path)
    if mode not in IMAGE_MODES:
        raise ValueError("Cách dùng ảnh phải là biểu trưng hoặc nền cả trang.")
    if not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
        raise ValueError(f"Ảnh “{path.name}” không có hoặc lớn hơn 5 MB.")
    data = path.read_bytes()
    try:
        ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:  # reportlab/PIL raise many kinds for a file that is no picture
        raise ValueError(f"Tệp “{path.name}” không phải ảnh PNG hoặc JPEG đọc được.") from exc
    set_setting(store, IMAGE_KEY, {"data": base64.b64encode(data).decode("ascii"), "mode": mode,
                                   "name": path.name})


def set_image_mode(store: Store, mode: str) -> None:
    """Use the kept image as an emblem or as the whole page's background."""
    image = load_image(store)
    if image and mode in IMAGE_MODES and image.get("mode") != mode:
        set_setting(store, IMAGE_KEY, {**image, "mode": mode})


def _chosen(store: Store, round_id: int, award_ids: list[int] | None) -> list[Award]:
    awards = in_list_order(awards_of(store, round_id))  # pages follow the list
    if award_ids is not None:
        wanted = set(award_ids)
        awards = [a for a in awards if a.id in wanted]
    return awards


def planned_serials(store: Store, round_id: int, award_ids: list[int] | None = None) -> dict[int, str]:
    """The serial each certificate prints with (its own, or the next free numbers of the
    register in list order); recorded by ``record_prints`` once printed."""
    rnd = get_round(store, round_id)
    ids = [a.id for a in _chosen(store, round_id, award_ids)]
    return serial_register.plan(store, round_id, rnd.number, ids)


def overflows(store: Store, round_id: int, award_ids: list[int] | None = None, *,
              paper: str = "A4", blank_form: bool = False,
              progress: Progress | None = None) -> list[Overflow]:
    """What would not fit, certificate by certificate: the window (off its UI thread: a
    round of thousands takes seconds) and the command line warn with it before anything
    is printed."""
    rnd = get_round(store, round_id)
    profile, fonts = get_profile(store), register_fonts()
    title = title_of(rnd, store)
    found = []
    chosen = _chosen(store, round_id, award_ids)
    for number, award in enumerate(chosen):
        if progress and number % 100 == 0:
            progress(number, len(chosen), "Đang kiểm tra chữ trên giấy khen…")
        text = text_for(award, rnd, profile, "0000/" + rnd.number, title)
        for line, value in lines_of(text, not blank_form):
            if not fit(value, line, _font(fonts, LINES[line].font), paper).fits:
                found.append(Overflow(award.id, award.recipient_name, LINES[line].label))
    return found


def build_certificates(store: Store, round_id: int, path: str | Path, *, blank_form: bool = False,
                       offsets: Offsets | None = None, award_ids: list[int] | None = None,
                       record: bool = True, progress: Progress | None = None,
                       paper: str = "A4") -> tuple[Path, int]:
    """Write the round's certificates (or those of ``award_ids``), in the list's order;
    returns the file and the number of pages. New serials come from the register and are
    written with the print (``record``); a second print of an award is a reprint."""
    if paper not in PAPERS:
        raise ValueError("Khổ giấy phải là A4 hoặc A3.")
    rnd = get_round(store, round_id)
    profile, fonts = get_profile(store), register_fonts()
    title = title_of(rnd, store)
    awards = _chosen(store, round_id, award_ids)
    serials = serial_register.plan(store, round_id, rnd.number, [a.id for a in awards])
    if offsets is None and blank_form:
        offsets = load_offsets(store, paper)
    image = None if blank_form else load_image(store)
    path = Path(path)
    partial = path.with_name(path.name + ".dang-in")
    canvas = Canvas(str(partial), pagesize=PAPERS[paper], pageCompression=1)
    canvas.setTitle(f"{title.capitalize()} theo Quyết định số {rnd.number}")
    canvas.setCreator("Dân vận khéo")
    try:
        for count, award in enumerate(awards, 1):
            draw_certificate(canvas, text_for(award, rnd, profile, serials[award.id], title), fonts,
                             full=not blank_form, offsets=offsets, paper=paper, image=image)
            canvas.showPage()
            if progress and (count % 50 == 0 or count == len(awards)):
                progress(count, len(awards), f"Đã tạo {count}/{len(awards)} trang")
        canvas.save()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    if record and serials:
        record_prints(store, round_id, serials)
    return path, len(awards)


def _rulers(canvas: Canvas, fonts: Fonts, paper: str) -> None:
    """Millimetre rulers along the top and left edges: a tick every 5 mm, a number every 10."""
    width, height = PAPERS[paper]
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setFont(fonts.regular, 6)
    for x in range(0, int(width / mm) + 1, 5):
        long = x % 10 == 0
        canvas.line(x * mm, height, x * mm, height - (5 if long else 2.5) * mm)
        if long and 0 < x < width / mm - 3:
            canvas.drawCentredString(x * mm, height - 8 * mm, str(x))
    for y in range(0, int(height / mm) + 1, 5):
        long = y % 10 == 0
        canvas.line(0, height - y * mm, (5 if long else 2.5) * mm, height - y * mm)
        if long and 0 < y < height / mm - 3:
            canvas.drawString(6 * mm, height - y * mm - 2, str(y))
    canvas.restoreState()


def _cross(canvas: Canvas, fonts: Fonts, x: float, y: float, label: str, paper: str) -> None:
    """A cross at a line's anchor (its first baseline, at the centre), with its name and
    its position in mm from the page's top-left corner."""
    height = PAPERS[paper][1]
    canvas.saveState()
    canvas.setStrokeColorRGB(0.8, 0, 0)
    canvas.setFillColorRGB(0.8, 0, 0)
    canvas.setLineWidth(0.4)
    arm = 3 * mm
    canvas.line(x - arm, y, x + arm, y)
    canvas.line(x, y - arm, x, y + arm)
    canvas.setFont(fonts.italic, 6.5)
    canvas.drawString(x + arm + 1, y + 1.5, f"{label} ({x / mm:.0f}; {(height - y) / mm:.0f} mm)")
    canvas.restoreState()


def alignment_sample(profile: OfficeProfile) -> CertificateText:
    return CertificateText(
        authority=(profile.standing_body or "BAN THƯỜNG VỤ").upper(), name="Nguyễn Thị Thu Hằng",
        position="Tổ trưởng tổ liên kết sản xuất hương, xã Nghĩa Mỹ",
        achievement="Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo”",
        decision="Quyết định số 125-QĐ/HU, ngày 15/12/2023. Số sổ: 001/125-QĐ/HU",
        date=format_date_long(dt.date.today(), profile.place),
        signer_authority=profile.cert_signer_authority.upper(),
        signer_title=profile.cert_signer_title.upper(),
        signer_name=profile.cert_signer_name or "Họ và tên người ký")


def build_alignment_page(store: Store, path: str | Path, offsets: Offsets | None = None,
                         paper: str = "A4") -> Path:
    """One page to line up a blank form: sample text at the current positions, a red
    cross at each line's anchor, numbered millimetre rulers along the edges."""
    if paper not in PAPERS:
        raise ValueError("Khổ giấy phải là A4 hoặc A3.")
    fonts = register_fonts()
    offsets = load_offsets(store, paper) if offsets is None else offsets
    sample = alignment_sample(get_profile(store))
    canvas = Canvas(str(path), pagesize=PAPERS[paper])
    canvas.setTitle(f"Trang in thử phôi {paper}")
    _rulers(canvas, fonts, paper)
    draw_certificate(canvas, sample, fonts, full=False, offsets=offsets, paper=paper)
    for line, _value in lines_of(sample, full=False):
        x, y = anchor(line, paper, offsets.get(line, (0.0, 0.0)))
        _cross(canvas, fonts, x, y, LINES[line].label, paper)
    canvas.setFont(fonts.italic, 9)
    canvas.drawString(20 * mm, 8 * mm, f"Trang in thử ({paper} ngang): đặt lên phôi, soi đèn để so "
                                       "vị trí; chỉnh độ lệch (mm) trong chương trình rồi in thử lại.")
    canvas.showPage()
    canvas.save()
    return Path(path)


__all__ = ["RIGHT_CENTRE", "TOP_MM", "CertificateText", "Offsets", "Overflow", "build_alignment_page",
           "build_certificates", "draw_certificate", "load_offsets", "overflows", "planned_serials",
           "save_offsets", "text_for"]
