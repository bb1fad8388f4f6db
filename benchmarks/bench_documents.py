"""Documents at scale: 1000 certificates (target < 2 s, within 2× of reportlab's raw
canvas writing the same pages), a commendation list of ~50 pages (target < 2 s)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from danvan_desktop.domain.entities import Award, CommendationRound
from danvan_desktop.services.documents.certificates import build_certificates
from danvan_desktop.services.documents.commendation_list import build_commendation_list
from danvan_desktop.services.documents.fonts import register_fonts
from danvan_desktop.store.db import create_store
from danvan_desktop.store.rounds import add_award, save_round


def _round(store, count: int) -> int:
    rnd = save_round(store, CommendationRound(
        number="125-QĐ/HU", decided_on="2023-12-15", issuer="Ban Thường vụ Huyện ủy Đông Hưng",
        form="giay_khen", year=2023,
        achievement_template='Đã có thành tích xuất sắc trong phong trào thi đua "Dân vận khéo" năm 2023'))
    with store.atomic():
        for n in range(count):
            add_award(store, Award(round_id=rnd.id, kind="ca_nhan" if n % 3 else "tap_the",
                                   recipient_name=f"Nguyễn Thị Hằng {n:04d}",
                                   position_unit="Chi hội trưởng Phụ nữ thôn Đầm, xã Mê Linh",
                                   initiative_name="Chung tay sửa nhà cho hộ cận nghèo",
                                   field="van_hoa_xa_hoi", achievement=rnd.achievement_template))
    return rnd.id


def _raw_canvas(path: Path, pages: int) -> float:
    fonts = register_fonts()
    started = time.perf_counter()
    canvas = Canvas(str(path), pagesize=landscape(A4), pageCompression=1)
    # The same work as a certificate: a double border and eleven lines of text.
    for n in range(pages):
        canvas.rect(34, 34, 774, 527)
        canvas.rect(45, 45, 752, 505)
        for line in range(11):
            canvas.setFont(fonts.bold if line % 2 else fonts.regular, 16)
            canvas.drawCentredString(420, 520 - line * 40, f"Nguyễn Thị Hằng {n:04d} – dòng {line}")
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - started


def main() -> int:
    folder = Path(tempfile.mkdtemp())
    store = create_store(folder / "docs.sqlite3", user="bench")
    big = _round(store, 1000)
    raw = _raw_canvas(folder / "raw.pdf", 1000)
    started = time.perf_counter()
    _, pages = build_certificates(store, big, folder / "gk.pdf")
    certs = time.perf_counter() - started
    list_round = _round(store, 600)
    started = time.perf_counter()
    build_commendation_list(store, list_round, folder / "ds.pdf")
    listing = time.perf_counter() - started
    list_pages = len(PdfReader(str(folder / "ds.pdf")).pages)
    rows = [("raw canvas, 1000 pages (reference)", f"{raw:.2f} s", "-", "-"),
            (f"certificates, {pages} pages", f"{certs:.2f} s", "< 2 s and < 2× raw",
             "PASS" if certs < 2 and certs < 2 * raw else "over"),
            (f"commendation list, {list_pages} pages", f"{listing:.2f} s", "< 2 s",
             "PASS" if listing < 2 else "over")]
    store.close()
    # The yearly report on the 100,000-initiative demo (first run cold: fonts, imports).
    from common import current_demo

    from danvan_desktop.domain.periods import make_period
    from danvan_desktop.services.documents.period_report import build_report_pdf
    from danvan_desktop.store.db import open_store

    with open_store(current_demo(100_000), read_only=True) as big_store:
        for attempt in ("first", "second"):
            started = time.perf_counter()
            build_report_pdf(big_store, make_period(2023), folder / "bao-cao.pdf")
            took = time.perf_counter() - started
            rows.append((f"yearly report 2023 on 100k ({attempt})", f"{took:.2f} s", "< 1 s",
                         "PASS" if took < 1 else "over"))
    for row in rows:
        print(f"{row[0]:<40} {row[1]:>8}  {row[2]:<20} {row[3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
