"""The State letterhead (Nghị định 30/2020/NĐ-CP) for bodies outside the Party, such as a
commune's Ủy ban MTTQ: the Quốc hiệu ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` over the Tiêu ngữ
``Độc lập - Tự do - Hạnh phúc`` (a rule under it) in the right column; the parent and issuing
body (a short rule under it) and ``Số: 12/BC-MTTQ`` (colon, slash before the type) in the
left. The Party letterhead (layout.py) switches here when the profile says so."""

from __future__ import annotations

import datetime as dt
import re

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ...domain.entities import OfficeProfile
from ...domain.text import format_date_long, nfc
from .layout import BLANK, Rule, Styles, esc, number_line

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
_PARTY_NUMBER = re.compile(r"^Số\s*(?P<number>[^-]*?)\s*-(?P<type>[^-/]+)/(?P<code>.+)$")


def state_number(number: str, type_code: str, doc_code: str) -> str:
    """``Số: 12/BC-MTTQ``; with no number yet, room to write it by hand."""
    number = nfc(number)
    if number and "/" in number:
        return f"Số: {number}"
    if number:
        return f"Số: {number}/{type_code}-{nfc(doc_code)}"
    return f"Số:{BLANK}/{type_code}-{nfc(doc_code)}"


def from_party_number(text: str) -> str:
    """The Party form a document builder made (``Số 12-BC/MTTQ``) written the State way."""
    plain = str(text or "").replace(BLANK, " ").strip()
    found = _PARTY_NUMBER.match(plain)
    if found:
        return state_number(found["number"], found["type"], found["code"])
    return plain.replace("Số ", "Số: ", 1) if plain.startswith("Số ") else plain


def letterhead(profile: OfficeProfile, styles: Styles, width: float, number: str,
               on: dt.date) -> Table:
    """The two columns at the top of page 1, State format."""
    f = styles.fonts
    head = ParagraphStyle("state_head", fontName=f.regular, fontSize=13, leading=15.6, alignment=TA_CENTER)
    head_bold = ParagraphStyle("state_head_bold", parent=head, fontName=f.bold)
    motto = ParagraphStyle("state_motto", parent=head_bold, fontSize=14, leading=16.8)
    left_width, right_width = width * 0.4, width * 0.6
    left = [Paragraph(esc(line.upper()), head) for line in (profile.parent_body_1, profile.parent_body_2)
            if nfc(line)]
    left += [Paragraph(esc(profile.issuing_body.upper()), head_bold), Spacer(1, 2), Rule(left_width, 22 * mm),
             Spacer(1, 6), number_line(from_party_number(number), styles, left_width)]
    right = [Paragraph(QUOC_HIEU, head_bold), Paragraph(TIEU_NGU, motto), Spacer(1, 2),
             Rule(right_width, 58 * mm), Spacer(1, 8),
             Paragraph(esc(format_date_long(on, profile.place)), styles.date_line)]
    table = Table([[left, right]], colWidths=[left_width, right_width])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table
