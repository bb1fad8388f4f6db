"""3. The period report (báo cáo quý / 6 tháng / 9 tháng / năm) as a PDF: letterhead,
BÁO CÁO and its summary, the figures with the change against the same period last year,
the notable initiatives, the user's limitations and directions, signature and recipients.
A section with nothing written is left out and the others numbered on."""

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
from .layout import (
    HeadedTable,
    Margins,
    Styles,
    esc,
    letterhead,
    margins_of,
    number_text,
    page_numbers,
    signature_block,
    title_block,
)
from .report_content import FigureTable, ReportContent, build_content

ROMAN = ["I", "II", "III", "IV", "V", "VI"]


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
    return HeadedTable(Paragraph(esc(table.title), styles.heading), grid, min_rows=3)


def _paragraphs(text: str, styles: Styles) -> list[Flowable]:
    return [Paragraph(esc(p), styles.body) for p in (text or "").split("\n") if p.strip()]


def sections(content: ReportContent, styles: Styles, width: float) -> list[tuple[str, list[Flowable]]]:
    """The report's sections, those with nothing to say left out (no placeholder is ever
    printed in a document to be signed)."""
    found: list[tuple[str, list[Flowable]]] = [(
        "KẾT QUẢ THỰC HIỆN",
        [*[Paragraph(esc(text), styles.body) for text in content.overview],
         *[_table(t, styles, width) for t in content.tables]])]
    if content.notable:
        found.append(("MÔ HÌNH, ĐIỂN HÌNH TIÊU BIỂU",
                      [Paragraph(esc(f"{n}. {text}"), styles.body)
                       for n, text in enumerate(content.notable, 1)]))
    for title, text in (("HẠN CHẾ", content.limitations),
                        ("PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", content.directions)):
        if _paragraphs(text, styles):
            found.append((title, _paragraphs(text, styles)))
    return found


def story(content: ReportContent, store: Store, styles: Styles, width: float,
          on: dt.date | None = None) -> list[Flowable]:
    profile = get_profile(store)
    day = on or dt.date.today()
    parts: list[Flowable] = [
        letterhead(profile, styles, width, number_text(content.number, "BC", profile.doc_code), day),
        *title_block(styles, "Báo cáo", content.summary),
    ]
    found = sections(content, styles, width)
    for index, (title, body) in enumerate(found):
        heading = Paragraph(f"{ROMAN[index]}. {title}", styles.heading)
        last = index == len(found) - 1
        if last and len(body) == 1:  # heading, the only paragraph and the signature: one block
            parts.append(KeepTogether([heading, body[0], *signature_block(profile, styles, width)]))
            break
        if isinstance(body[0], HeadedTable):
            parts.append(KeepTogether([heading, Spacer(1, 1)]))
            parts.append(body[0])
        else:
            parts.append(KeepTogether([heading, body[0]]))  # never a heading alone at a page foot
        if last:
            parts += body[1:-1]
            # The signature never stands alone on the last page: it keeps the last paragraph.
            parts.append(KeepTogether([body[-1], *signature_block(profile, styles, width)]))
        else:
            parts += body[1:]
    return parts


def build_report_pdf(store: Store, period: Period, path: str | Path, commune_id: int | None = None,
                     margins: Margins | None = None, on: dt.date | None = None,
                     number: str | None = None) -> Path:
    """``on``: the date the report is signed (the date line); today when not given.
    ``number``: the report's number, instead of the one kept with the period's texts."""
    margins = margins or margins_of(store)
    content = build_content(store, period, commune_id, number)
    styles = Styles()
    path = Path(path)
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=margins.left * mm, rightMargin=margins.right * mm,
        topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
        title=f"Báo cáo {content.summary}", creator="Dân vận khéo")
    doc.build(story(content, store, styles, doc.width, on), onLaterPages=page_numbers(styles.fonts, margins))
    return path
