"""2. Certificates (giấy khen), one landscape A4 page per recipient, drawn on the raw
canvas for speed. Two ways to print: ``full`` draws the border and every line; on a
pre-printed blank form (phôi) only the variable text is printed, at positions the user
moves in millimetres. Each certificate carries a serial (số sổ); every print is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ...domain.entities import Award, CommendationRound, OfficeProfile
from ...domain.text import format_date, format_date_long, nfc
from ...store.db import Store
from ...store.profile import get_profile, get_setting, set_setting
from ...store.rounds import awards_of, get_round, record_prints
from .fonts import Fonts, register_fonts

PAGE = landscape(A4)
WIDTH, HEIGHT = PAGE
# Where each variable line sits on the page: distance of its baseline from the top, in mm.
# On a blank form the user shifts each one by (dx, dy) mm; the defaults fit common phôi.
TOP_MM = {"authority": 32, "title": 58, "to": 76, "name": 90, "position": 101,
          "achievement": 115, "decision": 140, "date": 150, "signer_authority": 159,
          "signer_title": 166, "signer_name": 192}
OFFSETS_KEY = "certificate_offsets"
Offsets = dict[str, tuple[float, float]]

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


def serial_for(index: int, rnd: CommendationRound) -> str:
    """Số sổ: the running number in the round, then the decision number."""
    return f"{index:03d}/{nfc(rnd.number)}"


def text_for(award: Award, rnd: CommendationRound, profile: OfficeProfile, serial: str) -> CertificateText:
    decided = rnd.decided_on or dt.date.today().isoformat()
    return CertificateText(
        authority=nfc(rnd.issuer or profile.standing_body).upper(),
        title={"bang_khen": "BẰNG KHEN", "bieu_duong": "GIẤY KHEN"}.get(rnd.form, "GIẤY KHEN"),
        name=nfc(award.recipient_name),
        position=nfc(award.position_unit),
        achievement=nfc(award.achievement or rnd.achievement_template),
        decision=f"Quyết định số {nfc(rnd.number)}, ngày {format_date(decided)}. Số sổ: {serial}",
        date=format_date_long(decided, profile.place),
        signer_authority=nfc(profile.cert_signer_authority).upper(),
        signer_title=nfc(profile.cert_signer_title).upper(),
        signer_name=nfc(profile.cert_signer_name),
    )


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width``."""
    while size > 8 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def _border(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(0.6, 0.1, 0.1)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, WIDTH - 24 * mm, HEIGHT - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, WIDTH - 32 * mm, HEIGHT - 32 * mm)
    canvas.restoreState()


def draw_certificate(canvas: Canvas, text: CertificateText, fonts: Fonts, full: bool,
                     offsets: Offsets | None = None) -> None:
    """One page. With ``full`` the border and the fixed words are drawn too."""
    offsets = offsets or {}
    usable = WIDTH - 60 * mm
    centre = WIDTH / 2

    def at(line: str) -> tuple[float, float]:
        dx, dy = offsets.get(line, (0.0, 0.0))
        return centre + dx * mm, HEIGHT - (TOP_MM[line] + dy) * mm

    def centred(line: str, value: str, font: str, size: float) -> None:
        if not value:
            return
        x, y = at(line)
        canvas.setFont(font, _fit(value, font, size, usable))
        canvas.drawCentredString(x, y, value)

    if full:
        _border(canvas)
        centred("authority", text.authority, fonts.bold, 16)
        centred("title", text.title, fonts.bold, 40)
        centred("to", "Tặng", fonts.italic, 18)
    centred("name", text.name, fonts.bold, 28)
    centred("position", text.position, fonts.italic, 16)
    x, y = at("achievement")
    canvas.setFont(fonts.regular, 17)
    for number, line in enumerate(_wrap(text.achievement, fonts.regular, 17, usable)[:3]):
        canvas.drawCentredString(x, y - number * 8 * mm, line)
    centred("decision", text.decision, fonts.regular, 13)
    # The date and the signature sit in the right half, as on the printed forms.
    right = WIDTH * 0.72 - centre
    for line, value, font, size in (("date", text.date, fonts.italic, 14),
                                    ("signer_authority", text.signer_authority, fonts.bold, 14),
                                    ("signer_title", text.signer_title, fonts.bold, 14),
                                    ("signer_name", text.signer_name, fonts.bold, 15)):
        if value:
            x, y = at(line)
            canvas.setFont(font, _fit(value, font, size, WIDTH * 0.45))
            canvas.drawCentredString(x + right, y, value)


def load_offsets(store: Store) -> Offsets:
    raw = get_setting(store, OFFSETS_KEY, {}) or {}
    return {k: (float(v[0]), float(v[1])) for k, v in raw.items() if k in TOP_MM}


def save_offsets(store: Store, offsets: Offsets) -> None:
    set_setting(store, OFFSETS_KEY, {k: list(v) for k, v in offsets.items() if k in TOP_MM})


def build_certificates(store: Store, round_id: int, path: str | Path, *, blank_form: bool = False,
                       offsets: Offsets | None = None, award_ids: list[int] | None = None,
                       record: bool = True, progress: Progress | None = None) -> tuple[Path, int]:
    """Write the round's certificates (or those of ``award_ids``); returns the file and
    the number of pages. Serials are given on first print and kept; prints are recorded
    (a second print of the same award is marked as a reprint)."""
    rnd = get_round(store, round_id)
    profile = get_profile(store)
    fonts = register_fonts()
    awards = awards_of(store, round_id)
    index = {a.id: n for n, a in enumerate(awards, 1)}
    if award_ids is not None:
        wanted = set(award_ids)
        awards = [a for a in awards if a.id in wanted]
    if offsets is None and blank_form:
        offsets = load_offsets(store)
    path = Path(path)
    partial = path.with_name(path.name + ".dang-in")
    canvas = Canvas(str(partial), pagesize=PAGE, pageCompression=1)
    canvas.setTitle(f"Giấy khen theo Quyết định số {rnd.number}")
    canvas.setCreator("Dân vận khéo")
    serials: dict[int, str] = {}
    try:
        for count, award in enumerate(awards, 1):
            serial = award.serial or serial_for(index[award.id], rnd)
            serials[award.id] = serial
            draw_certificate(canvas, text_for(award, rnd, profile, serial), fonts,
                             full=not blank_form, offsets=offsets)
            canvas.showPage()
            if progress and (count % 50 == 0 or count == len(awards)):
                progress(count, len(awards), f"Đã in {count}/{len(awards)} giấy khen")
        canvas.save()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    if record and serials:
        record_prints(store, serials)
    return path, len(awards)


def build_alignment_page(store: Store, path: str | Path, offsets: Offsets | None = None) -> Path:
    """One page to line up a blank form: sample text at the current positions, with a
    cross at each line's anchor and a 10 mm ruler along the edges."""
    fonts = register_fonts()
    offsets = load_offsets(store) if offsets is None else offsets
    profile = get_profile(store)
    sample = CertificateText(
        authority=profile.standing_body.upper(), name="Nguyễn Thị Thu Hằng",
        position="Tổ trưởng tổ liên kết sản xuất hương, xã Nghĩa Mỹ",
        achievement='Đã có thành tích xuất sắc trong phong trào thi đua "Dân vận khéo"',
        decision="Quyết định số 125-QĐ/HU, ngày 15/12/2023. Số sổ: 001/125-QĐ/HU",
        date=format_date_long(dt.date.today(), profile.place),
        signer_authority=profile.cert_signer_authority.upper(),
        signer_title=profile.cert_signer_title.upper(), signer_name=profile.cert_signer_name or
        "Họ và tên người ký")
    canvas = Canvas(str(path), pagesize=PAGE)
    canvas.setLineWidth(0.3)
    for x in range(0, int(WIDTH / mm) + 1, 10):
        canvas.line(x * mm, 0, x * mm, (4 if x % 50 else 8) * mm)
    for y in range(0, int(HEIGHT / mm) + 1, 10):
        canvas.line(0, HEIGHT - y * mm, (4 if y % 50 else 8) * mm, HEIGHT - y * mm)
    draw_certificate(canvas, sample, fonts, full=False, offsets=offsets)
    canvas.setFont(fonts.italic, 9)
    canvas.drawString(20 * mm, 8 * mm, "Trang in thử: đặt lên phôi giấy khen, soi đèn để so vị trí; "
                                       "chỉnh độ lệch (mm) trong chương trình rồi in thử lại.")
    canvas.showPage()
    canvas.save()
    return Path(path)
