"""The criteria documents as PDF, through the shared layout helpers (letterhead, title,
signature block, page numbers): the criteria set, scoring sheets (one per page), the
ranking table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ...domain.entities import OfficeProfile
from ...store.db import Store
from ...store.profile import get_profile
from .criteria_content import Grid, Page
from .layout import (
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


def _grid(grid: Grid, styles: Styles, width: float) -> Table:
    data = [[Paragraph(esc(h), styles.cell_head) for h in grid.headers]]
    for index, row in enumerate(grid.rows):
        bold = index in grid.bold_rows
        cells = []
        for column, text in enumerate(row):
            style = styles.cell_center if column in grid.centred else styles.cell
            content = f"<b>{esc(text)}</b>" if bold and text else esc(text)
            cells.append(Paragraph(content, styles.cell if index in grid.spans else style))
        data.append(cells)
    table = Table(data, colWidths=[width * s for s in grid.shares], repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in grid.spans:
        commands.append(("SPAN", (0, index + 1), (-1, index + 1)))
        commands.append(("BACKGROUND", (0, index + 1), (-1, index + 1), colors.HexColor("#EEEEEE")))
    table.setStyle(TableStyle(commands))
    return table


def _evaluator_block(name: str, styles: Styles, width: float, on: dt.date | None) -> Table:
    date = (
        "Ngày ...... tháng ...... năm ........"
        if on is None
        else f"Ngày {on.day:02d} tháng {on.month} năm {on.year}"
    )
    right = [
        Paragraph(esc(date), styles.date_line),
        Paragraph("NGƯỜI CHẤM", styles.sign_head),
        Paragraph("(Ký, ghi rõ họ tên)", styles.date_line),
        Spacer(1, 20 * mm),
        Paragraph(esc(name), styles.sign_name),
    ]
    table = Table([["", right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _signed(page: Page) -> dt.date | None:
    return dt.date.fromisoformat(page.signed_on[:10]) if page.signed_on else None


def page_story(
    page: Page,
    profile: OfficeProfile,
    styles: Styles,
    width: float,
    number: str = "",
    on: dt.date | None = None,
) -> list[Flowable]:
    parts: list[Flowable] = []
    if page.type_code:
        parts.append(
            letterhead(
                profile,
                styles,
                width,
                number_text(number, page.type_code, profile.doc_code),
                on or dt.date.today(),
            )
        )
    parts += title_block(styles, page.kind, page.summary, page.note)
    for label, value in page.lines:
        parts.append(
            Paragraph(
                f"{esc(label)}: <b>{esc(value)}</b>" if value else f"{esc(label)}: {'.' * 60}", styles.body
            )
        )
    if page.lines:
        parts.append(Spacer(1, 6))
    for kind, value in page.blocks:
        if kind == "grid":
            parts.append(_grid(value, styles, width))
            parts.append(Spacer(1, 6))
        else:
            parts.append(Paragraph(esc(value), styles.heading if kind == "heading" else styles.body))
    if page.evaluator is not None:
        parts.append(_evaluator_block(page.evaluator, styles, width, _signed(page)))
    elif page.type_code:
        parts.append(KeepTogether(signature_block(profile, styles, width)))
    return parts


def write_pdf(
    store: Store,
    pages: list[Page],
    path: str | Path,
    number: str = "",
    margins: Margins | None = None,
    on: dt.date | None = None,
) -> Path:
    margins = margins or margins_of(store)
    profile = get_profile(store)
    styles = Styles()
    path = Path(path)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margins.left * mm,
        rightMargin=margins.right * mm,
        topMargin=margins.top * mm,
        bottomMargin=margins.bottom * mm,
        title=pages[0].kind.capitalize() if pages else "",
        author=profile.issuing_body,
        creator="Dân vận khéo",
    )
    story: list[Flowable] = []
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        story += page_story(page, profile, styles, doc.width, number, on)
    doc.build(story, onLaterPages=page_numbers(styles.fonts, margins))
    return path
