"""The parts every Party document shares (Hướng dẫn 36-HD/VPTW as DOCUMENTS.md sums it
up): the two-column letterhead, the title and summary, the signature block with the
recipients, page numbers from page 2, margins. All user text is escaped: reportlab's
Paragraph reads markup, and a name like ``Hội <Phụ nữ> & "CCB"`` must print as typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ...domain.entities import OfficeProfile
from ...domain.text import format_date_long, nfc
from .fonts import Fonts, register_fonts


@dataclass(frozen=True)
class Margins:
    """Millimetres; the handbooks differ, so these are settings (default 20/20/30/15)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15


def esc(text: object) -> str:
    """User text for a Paragraph: NFC, markup characters escaped, the user's own line
    breaks kept."""
    lines = str(text or "").split("\n")
    return "<br/>".join(escape(nfc(line)) for line in lines)


class Styles:
    def __init__(self, fonts: Fonts | None = None, body_size: float = 14):
        f = fonts or register_fonts()
        self.fonts = f

        def style(name: str, font: str, size: float, align=TA_LEFT, leading: float | None = None,
                  **extra) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.2,
                                  alignment=align, **extra)

        self.head = style("head", f.regular, 14, TA_CENTER)
        self.head_bold = style("head_bold", f.bold, 14, TA_CENTER)
        self.party = style("party", f.bold, 15, TA_CENTER)
        self.date_line = style("date_line", f.italic, 14, TA_CENTER)
        self.title = style("title", f.bold, 16, TA_CENTER, spaceBefore=10)
        self.summary = style("summary", f.bold, 14, TA_CENTER)
        self.summary_note = style("summary_note", f.italic, 14, TA_CENTER)
        self.body = style("body", f.regular, body_size, TA_JUSTIFY, body_size * 1.35,
                          firstLineIndent=10 * mm, spaceAfter=4)
        self.heading = style("heading", f.bold, body_size, TA_LEFT, body_size * 1.35, spaceBefore=6,
                             spaceAfter=3, keepWithNext=1)
        self.cell = style("cell", f.regular, 11, TA_LEFT, 13)
        self.cell_center = style("cell_center", f.regular, 11, TA_CENTER, 13)
        self.cell_right = style("cell_right", f.regular, 11, 2, 13)
        self.cell_head = style("cell_head", f.bold, 11, TA_CENTER, 13)
        self.sign_head = style("sign_head", f.bold, 14, TA_CENTER, 16)
        self.sign_name = style("sign_name", f.bold, 14, TA_CENTER)
        self.recipients_head = style("recipients_head", f.bold_italic, 12, TA_LEFT)
        self.recipients = style("recipients", f.regular, 12, TA_LEFT, 14)


class Rule(Flowable):
    """A short centred line under ĐẢNG CỘNG SẢN VIỆT NAM."""

    def __init__(self, width: float, length: float):
        super().__init__()
        self.width, self.length, self.height = width, length, 2

    def draw(self) -> None:
        start = (self.width - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, 1, start + self.length, 1)


def number_text(number: str, type_code: str, doc_code: str) -> str:
    """``Số 12-BC/BDVHU``; with no number yet, a blank to write it in by hand."""
    number = nfc(number)
    if number and "/" in number:
        return f"Số {number}"
    blank = "\u00a0" * 8  # kept by the PDF: room to write the number by hand
    return f"Số {number or blank}-{type_code}/{nfc(doc_code)}"


def letterhead(profile: OfficeProfile, styles: Styles, width: float, number: str,
               on: dt.date) -> Table:
    """The two columns at the top of page 1."""
    if profile.letterhead == "nha_nuoc":  # a body outside the Party (MTTQ): NĐ 30/2020
        from .letterhead_state import letterhead as state_letterhead

        return state_letterhead(profile, styles, width, number, on)
    left = [Paragraph(esc(profile.parent_body_1.upper()), styles.head)]
    if profile.parent_body_2:
        left.append(Paragraph(esc(profile.parent_body_2.upper()), styles.head))
    left += [Paragraph(esc(profile.issuing_body.upper()), styles.head_bold),
             Paragraph("*", styles.head),
             Paragraph(esc(number), styles.head)]
    right = [Paragraph("ĐẢNG CỘNG SẢN VIỆT NAM", styles.party),
             Rule(width * 0.55, 62 * mm), Spacer(1, 8),
             Paragraph(esc(format_date_long(on, profile.place)), styles.date_line)]
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def title_block(styles: Styles, kind: str, summary: str, note: str = "") -> list[Flowable]:
    parts: list[Flowable] = [Spacer(1, 8), Paragraph(esc(kind.upper()), styles.title),
                             Paragraph(esc(summary), styles.summary)]
    if note:
        parts.append(Paragraph(esc(note), styles.summary_note))
    parts.append(Spacer(1, 10))
    return parts


def signature_block(profile: OfficeProfile, styles: Styles, width: float,
                    recipients: list[str] | None = None) -> KeepTogether:
    """Nơi nhận on the left, the authority, title, room to sign and the name on the right."""
    lines = recipients if recipients is not None else profile.recipients
    left = [Paragraph("<u>Nơi nhận:</u>", styles.recipients_head)]
    left += [Paragraph(f"- {esc(line)}", styles.recipients) for line in lines if nfc(line)]
    authority = "<br/>".join(esc(x.upper()) for x in (profile.signer_authority, profile.signer_title)
                             if nfc(x))
    right = [Paragraph(authority, styles.sign_head), Spacer(1, 26 * mm),
             Paragraph(esc(profile.signer_name), styles.sign_name)]
    table = Table([[left, right]], colWidths=[width * 0.5, width * 0.5])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 10), table])


def page_numbers(fonts: Fonts, margins: Margins):
    """onLaterPages callback: the page number centred at the top from page 2."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 13)
        canvas.drawCentredString(A4[0] / 2 + (margins.left - margins.right) * mm / 2,
                                 A4[1] - margins.top * mm / 2, str(doc.page))
        canvas.restoreState()

    return draw
