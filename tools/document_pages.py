"""Render page 1 of every document into docs/ (60 dpi PNG) from a fresh demo file:
the commendation list, certificates (A4 full, A3 full and on a blank form), the alignment
pages, the period report as PDF and as .docx converted by LibreOffice.

    PYTHONPATH=$PWD python tools/document_pages.py

Needs pdftoppm (poppler) and, for the .docx page, soffice."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def png(pdf: Path, name: str) -> None:
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf),
                    str(DOCS / name)], check=True)


def main() -> int:
    from danvan_desktop.domain.periods import make_period
    from danvan_desktop.services.demo import make_demo
    from danvan_desktop.services.documents.certificates import build_alignment_page, build_certificates
    from danvan_desktop.services.documents.commendation_list import build_commendation_list
    from danvan_desktop.services.documents.period_report import build_report_pdf
    from danvan_desktop.services.documents.report_docx import build_report_docx
    from danvan_desktop.store.db import open_store
    from danvan_desktop.store.reports import candidate_initiatives, save_report_texts, set_notable
    from danvan_desktop.store.rounds import list_rounds

    work = Path(tempfile.mkdtemp(prefix="danvan-docs-"))
    db = work / "demo.sqlite3"
    make_demo(db, size=3000, seed=1)
    with open_store(db, user="Tài liệu") as store:
        round_id = next(r["id"] for r in list_rounds(store) if r["recipients"] >= 30)
        quarter = make_period(2023, quarter=1)
        for row in candidate_initiatives(store, quarter)[:2]:
            set_notable(store, row["id"], True)
        save_report_texts(store, quarter,
                          "Một số chi bộ chưa chủ động đăng ký mô hình; việc sơ kết, nhân rộng còn chậm.",
                          "Tiếp tục hướng dẫn các xã đăng ký mô hình năm 2024.\n"
                          "Sơ kết, biểu dương các điển hình tiêu biểu trong quý II.", "")
        png(build_commendation_list(store, round_id, work / "ds.pdf"), "danh-sach")
        png(build_certificates(store, round_id, work / "gk.pdf", record=False)[0], "giay-khen")
        png(build_certificates(store, round_id, work / "gk3.pdf", record=False, paper="A3")[0],
            "giay-khen-a3")
        png(build_certificates(store, round_id, work / "phoi3.pdf", record=False, paper="A3",
                               blank_form=True)[0], "giay-khen-a3-phoi")
        png(build_alignment_page(store, work / "thu.pdf"), "can-chinh-phoi")
        png(build_alignment_page(store, work / "thu3.pdf", paper="A3"), "can-chinh-phoi-a3")
        png(build_report_pdf(store, quarter, work / "bc.pdf"), "bao-cao")
        docx = build_report_docx(store, quarter, work / "bc.docx")
    if shutil.which("soffice"):
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work / "docx"),
                        str(docx)], check=True, capture_output=True)
        png(work / "docx" / "bc.pdf", "bao-cao-docx")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
