"""3. The period report (báo cáo quý / 6 tháng / 9 tháng / năm) as a PDF: letterhead,
BÁO CÁO and its summary, the figures with the change against the same period last year,
the notable initiatives, the user's limitations and directions, signature and recipients."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ...domain.periods import Period
from ...store.db import Store
from ...store.profile import get_profile
from .layout import Margins, Styles, esc, letterhead, number_text, page_numbers, signature_block, title_block
from .report_content import FigureTable, ReportContent, build_content

NO_TEXT = "(Chưa nhập nội dung.)"


def _table(table: FigureTable, styles: Styles, width: float) -> Flowable:
    first = 0.34 if len(table.headers) > 3 else 0.5
    rest = (1 - first) / (len(table.headers) - 1)
    shares = ([0.1, 0.6, 0.3] if table.headers[0] == "STT"
              else [first] + [rest] * (len(table.headers) - 1))
    data = [[Paragraph(esc(h), styles.cell_head) for h in table.headers]]
    text_columns = {0, 1} if table.headers[0] == "STT" else {0}
    for row in table.rows:
        bold = "Tổng cộng" in row[:2]
        wrap = (lambda v: f"<b>{esc(v)}</b>") if bold else esc
        data.append([Paragraph(wrap(v), styles.cell if i in text_columns else styles.cell_right)
                     for i, v in enumerate(row)])
    grid = Table(data, colWidths=[width * s for s in shares], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    grid.setStyle(TableStyle(style))
    return KeepTogether([Paragraph(esc(table.title), styles.heading), grid, Spacer(1, 6)])


def story(content: ReportContent, store: Store, styles: Styles, width: float,
          on: dt.date | None = None) -> list[Flowable]:
    profile = get_profile(store)
    day = on or dt.date.today()
    parts: list[Flowable] = [
        letterhead(profile, styles, width, number_text(content.number, "BC", profile.doc_code), day),
        *title_block(styles, "Báo cáo", content.summary),
        Paragraph("I. KẾT QUẢ THỰC HIỆN", styles.heading),
        *[Paragraph(esc(text), styles.body) for text in content.overview],
        *[_table(t, styles, width) for t in content.tables],
        Paragraph("II. MÔ HÌNH, ĐIỂN HÌNH TIÊU BIỂU", styles.heading),
    ]
    notable = content.notable or ["(Chưa đánh dấu mô hình tiêu biểu nào trong kỳ.)"]
    parts += [Paragraph(esc(f"{n}. {text}" if content.notable else text), styles.body)
              for n, text in enumerate(notable, 1)]
    parts.append(Paragraph("III. HẠN CHẾ", styles.heading))
    parts += [Paragraph(esc(p), styles.body) for p in (content.limitations or NO_TEXT).split("\n") if p]
    parts.append(Paragraph("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", styles.heading))
    directions = [Paragraph(esc(p), styles.body)
                  for p in (content.directions or NO_TEXT).split("\n") if p]
    # The signature never stands alone on the last page: it keeps the last paragraph.
    parts += directions[:-1]
    parts.append(KeepTogether([directions[-1], signature_block(profile, styles, width)]))
    return parts


def build_report_pdf(store: Store, period: Period, path: str | Path, commune_id: int | None = None,
                     margins: Margins | None = None, on: dt.date | None = None) -> Path:
    """``on``: the date the report is signed (the date line); today when not given."""
    margins = margins or Margins()
    content = build_content(store, period, commune_id)
    styles = Styles()
    path = Path(path)
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=margins.left * mm, rightMargin=margins.right * mm,
        topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
        title=f"Báo cáo {content.summary}", creator="Dân vận khéo")
    doc.build(story(content, store, styles, doc.width, on), onLaterPages=page_numbers(styles.fonts, margins))
    return path
