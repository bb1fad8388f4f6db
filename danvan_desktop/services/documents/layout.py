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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ...domain.entities import OfficeProfile
from ...domain.text import format_date, format_date_long, nfc
from ...store.db import Store
from ...store.profile import get_setting, set_setting
from .fonts import Fonts, register_fonts

PARTY_LINE = "ĐẢNG CỘNG SẢN VIỆT NAM"
MARGINS_KEY = "document_margins"
MARGIN_RANGE = (5.0, 60.0)  # mm: beyond these a page is unusable or unprintable


@dataclass(frozen=True)
class Margins:
    """Millimetres; the handbooks differ, so these are settings (default 20/20/30/15)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15


def margins_of(store: Store) -> Margins:
    """The office's margins setting (the default where none was saved or it is unusable)."""
    raw = get_setting(store, MARGINS_KEY, None) or {}
    try:
        values = {side: float(raw[side]) for side in ("top", "bottom", "left", "right") if side in raw}
    except (TypeError, ValueError):
        return Margins()
    if any(not MARGIN_RANGE[0] <= v <= MARGIN_RANGE[1] for v in values.values()):
        return Margins()
    return Margins(**values)


def save_margins(store: Store, margins: Margins) -> None:
    """Keep the margins every document prints with; a value out of range is refused."""
    for side in ("top", "bottom", "left", "right"):
        value = getattr(margins, side)
        if not MARGIN_RANGE[0] <= value <= MARGIN_RANGE[1]:
            raise ValueError(f"Lề phải từ {MARGIN_RANGE[0]:g} đến {MARGIN_RANGE[1]:g} mm "
                             f"(đang là {value:g} mm).")
    set_setting(store, MARGINS_KEY, {"top": margins.top, "bottom": margins.bottom,
                                     "left": margins.left, "right": margins.right}, audit=True)


def decision_citation(number: str, decided_on: str | dt.date | None, issuer: str = "") -> str:
    """The one way a decision is cited: ``Quyết định số 125-QĐ/HU, ngày 15/12/2023 của …``."""
    text = f"Quyết định số {nfc(number)}"
    if decided_on:
        text += f", ngày {format_date(decided_on)}"
    if nfc(issuer):
        text += f" của {nfc(issuer)}"
    return text


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
        self.party = style("party", f.bold, PARTY_SIZE, TA_CENTER)
        self.date_line = style("date_line", f.italic, 14, TA_CENTER)
        self.title = style("title", f.bold, 16, TA_CENTER, spaceBefore=10)
        self.summary = style("summary", f.bold, 14, TA_CENTER)
        self.summary_note = style("summary_note", f.italic, 14, TA_CENTER)
        self.body = style("body", f.regular, body_size, TA_JUSTIFY, body_size * 1.35,
                          firstLineIndent=10 * mm, spaceAfter=4)
        # Headings are kept with what follows by the caller (``with_heading``): reportlab's
        # keepWithNext pushes a whole long table to the next page.
        self.heading = style("heading", f.bold, body_size, TA_LEFT, body_size * 1.35, spaceBefore=6,
                             spaceAfter=3)
        self.cell = style("cell", f.regular, 11, TA_LEFT, 13)
        self.cell_center = style("cell_center", f.regular, 11, TA_CENTER, 13)
        self.cell_right = style("cell_right", f.regular, 11, 2, 13)
        self.cell_head = style("cell_head", f.bold, 11, TA_CENTER, 13)
        self.sign_head = style("sign_head", f.bold, 14, TA_CENTER, 16)
        self.sign_name = style("sign_name", f.bold, 14, TA_CENTER)
        self.recipients_head = style("recipients_head", f.bold_italic, 12, TA_LEFT)
        self.recipients = style("recipients", f.regular, 12, TA_LEFT, 14)


PARTY_SIZE = 15


class Rule(Flowable):
    """The centred line under ĐẢNG CỘNG SẢN VIỆT NAM, as long as that line (HD 36)."""

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
    if number:
        return f"Số {number}-{type_code}/{nfc(doc_code)}"
    return f"Số{BLANK}-{type_code}/{nfc(doc_code)}"  # room to write the number by hand


BLANK = "\u00a0" * 12


class _BlankNumber(Flowable):
    """``Số`` and ``-DS/BDVHU`` with a gap between them to write the number by hand
    (a Paragraph folds a run of spaces into one)."""

    def __init__(self, before: str, after: str, font: str, size: float, width: float):
        super().__init__()
        self.before, self.after, self.font, self.size = before, after, font, size
        self.width, self.height, self.gap = width, size * 1.2, 16 * mm

    def draw(self) -> None:
        total = (stringWidth(self.before, self.font, self.size) + self.gap
                 + stringWidth(self.after, self.font, self.size))
        x = (self.width - total) / 2
        self.canv.setFont(self.font, self.size)
        self.canv.drawString(x, self.size * 0.25, self.before)
        self.canv.drawString(x + total - stringWidth(self.after, self.font, self.size),
                             self.size * 0.25, self.after)


def number_line(number: str, styles: Styles, width: float) -> Flowable:
    if BLANK in number:
        before, _, after = number.partition(BLANK)
        return _BlankNumber(before.strip(), after.strip(), styles.head.fontName,
                            styles.head.fontSize, width)
    return Paragraph(esc(number), styles.head)


def head_share(profile: OfficeProfile, fonts: Fonts, width: float, pad: float = 6) -> float:
    """The left column's share of the width in the Party letterhead: 45 %, widened so that
    the issuing body stays on one line (“BAN TUYÊN GIÁO VÀ DÂN VẬN” wraps at 45 %) as long
    as the right column keeps room for its line and the date. ``pad``: a cell's own margins
    (points)."""
    lines = [(profile.parent_body_1, fonts.regular), (profile.parent_body_2, fonts.regular),
             (profile.issuing_body, fonts.bold)]
    needed = max(stringWidth(nfc(text).upper(), font, 14) for text, font in lines) + pad
    right = max(stringWidth(PARTY_LINE, fonts.bold, PARTY_SIZE),
                stringWidth(format_date_long(dt.date(2026, 12, 28), profile.place), fonts.italic, 14)) + pad
    if needed <= width * 0.45 or needed + right > width:
        return 0.45
    return needed / width


def letterhead(profile: OfficeProfile, styles: Styles, width: float, number: str,
               on: dt.date) -> Table:
    """The two columns at the top of page 1."""
    if profile.letterhead == "nha_nuoc":  # a body outside the Party (MTTQ): NĐ 30/2020
        from .letterhead_state import letterhead as state_letterhead

        return state_letterhead(profile, styles, width, number, on)
    share = head_share(profile, styles.fonts, width)
    left = [Paragraph(esc(profile.parent_body_1.upper()), styles.head)]
    if profile.parent_body_2:
        left.append(Paragraph(esc(profile.parent_body_2.upper()), styles.head))
    left += [Paragraph(esc(profile.issuing_body.upper()), styles.head_bold),
             Paragraph("*", styles.head),
             number_line(number, styles, width * share)]
    rule = stringWidth(PARTY_LINE, styles.fonts.bold, PARTY_SIZE)
    right = [Paragraph(PARTY_LINE, styles.party),
             Rule(width * (1 - share), rule), Spacer(1, 8),
             Paragraph(esc(format_date_long(on, profile.place)), styles.date_line)]
    table = Table([[left, right]], colWidths=[width * share, width * (1 - share)])
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


def sign_share(profile: OfficeProfile, fonts: Fonts, width: float, pad: float = 6) -> float:
    """The signer's column's share: half the width, widened (to 62 % at most: Nơi nhận keeps
    the rest) so that “T/M BAN TUYÊN GIÁO VÀ DÂN VẬN” stays on one line."""
    needed = max(stringWidth(nfc(text).upper(), fonts.bold, 14)
                 for text in (profile.signer_authority, profile.signer_title)) + pad
    return min(max(0.5, needed / width), 0.62)


def signature_block(profile: OfficeProfile, styles: Styles, width: float,
                    recipients: list[str] | None = None) -> list[Flowable]:
    """Nơi nhận on the left, the authority, title, room to sign and the name on the right.
    The caller keeps it together with the end of the text (one KeepTogether, never nested:
    a KeepTogether inside another always breaks to a new page)."""
    lines = recipients if recipients is not None else profile.recipients
    left = [Paragraph("<u>Nơi nhận:</u>", styles.recipients_head)]
    left += [Paragraph(f"- {esc(line)}", styles.recipients) for line in lines if nfc(line)]
    authority = "<br/>".join(esc(x.upper()) for x in (profile.signer_authority, profile.signer_title)
                             if nfc(x))
    right = [Paragraph(authority, styles.sign_head), Spacer(1, 26 * mm),
             Paragraph(esc(profile.signer_name), styles.sign_name)]
    share = sign_share(profile, styles.fonts, width)
    table = Table([[left, right]], colWidths=[width * (1 - share), width * share])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 10), table]


class HeadedTable(Flowable):
    """A section heading and its table: the heading never stands alone at a page foot, and
    a table longer than what is left of the page starts under its heading and goes on over
    the next pages (a KeepTogether would push the whole table to the next page)."""

    def __init__(self, heading: Flowable, table: Table, min_rows: int = 2):
        super().__init__()
        self.heading, self.table, self.min_rows = heading, table, min_rows

    def wrap(self, avail_width, avail_height):
        _, self._heading_height = self.heading.wrap(avail_width, avail_height)
        self._heading_height += self.heading.getSpaceAfter()
        width, height = self.table.wrap(avail_width, avail_height)
        self.width, self.height = width, self._heading_height + height
        return width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        parts = self.table.split(avail_width, avail_height - self._heading_height)
        if not parts:
            return []
        first = parts[0]
        rows = getattr(first, "_cellvalues", [])
        if len(rows) < self.min_rows:  # only the header row would fit: all to the next page
            return []
        return [self.heading, Spacer(1, self.heading.getSpaceAfter()), *parts]

    def getSpaceBefore(self):
        return self.heading.getSpaceBefore()

    def getSpaceAfter(self):
        return self.table.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        top = y + self.height
        heading_height = self._heading_height - self.heading.getSpaceAfter()
        self.heading.drawOn(canvas, x, top - heading_height, _sW)
        self.table.drawOn(canvas, x, y, _sW)


class TableWithEnd(Flowable):
    """A table followed by what ends the document (total line, signature): the end never
    goes to a page of its own, it takes the table's last rows with it (under the repeated
    header row) when it does not fit under the whole table."""

    def __init__(self, table: Table, end: list[Flowable], keep_rows: int = 2):
        super().__init__()
        self.table, self.end, self.keep_rows = table, end, keep_rows

    def wrap(self, avail_width, avail_height):
        self.width, self._table_height = self.table.wrap(avail_width, avail_height)
        self._end_heights = [f.wrap(avail_width, avail_height)[1] for f in self.end]
        self.height = self._table_height + sum(
            h + f.getSpaceBefore() + f.getSpaceAfter() for f, h in zip(self.end, self._end_heights,
                                                                        strict=True))
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self._table_height <= avail_height:  # the table fits, its end does not
            heights = self.table._rowHeights
            if len(heights) - self.table.repeatRows <= self.keep_rows:
                return []
            parts = self.table.split(avail_width, sum(heights[:-self.keep_rows]) + 0.1)
        else:
            parts = self.table.split(avail_width, avail_height)
        if len(parts) < 2:
            return []
        return [parts[0], TableWithEnd(parts[1], self.end, self.keep_rows)]

    def getSpaceBefore(self):
        return self.table.getSpaceBefore()

    def drawOn(self, canvas, x, y, _sW=0):
        top = y + self.height - self._table_height
        self.table.drawOn(canvas, x, top, _sW)
        for flowable, height in zip(self.end, self._end_heights, strict=True):
            top -= flowable.getSpaceBefore() + height
            flowable.drawOn(canvas, x, top, _sW)
            top -= flowable.getSpaceAfter()


def page_numbers(fonts: Fonts, margins: Margins):
    """onLaterPages callback: the page number centred at the top from page 2."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 13)
        canvas.drawCentredString(margins.left * mm + doc.width / 2,
                                 A4[1] - margins.top * mm / 2, str(doc.page))
        canvas.restoreState()

    return draw
