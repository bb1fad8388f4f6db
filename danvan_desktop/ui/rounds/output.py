"""Documents out of the window, the same way on every screen: generated off the UI thread
on a connection of its own, then previewed (the system's PDF viewer), saved (a file
dialog) or printed (the system's print dialog; the PDF's pages are drawn on the printer
at their real size, so text printed on a pre-printed form lands where it was measured).

The Báo cáo screen uses these helpers too."""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QRectF, QSettings, QSize, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ...domain.text import fold
from ...store.db import Store, open_store
from .. import pulse
from ..tasks import Cancelled, run_job
from ..widgets.dialogs import error, inform

PDF_FILTER = "Tệp PDF (*.pdf)"
DOCX_FILTER = "Tài liệu Word (*.docx)"
XLSX_FILTER = "Bảng tính Excel (*.xlsx)"
_DIR_KEY = "documents/last_dir"
PRINT_DPI = 300  # enough for text; more only makes the printer's queue larger
BAND = 32  # rendered pixel rows drawn at a time (see _draw_page)

Build = Callable[[Store, Callable[[int, int, str], None]], Any]


def slug(text: str) -> str:
    """A file name from a Vietnamese title: ``Báo cáo quý I năm 2023`` → ``bao-cao-quy-i-nam-2023``."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()
    return "-".join(words)[:80] or "van-ban"


def preview_path(stem: str, suffix: str = ".pdf") -> Path:
    """A fresh file in the temporary folder: the viewer keeps reading it after we return."""
    folder = Path(tempfile.gettempdir()) / "danvan-xem-truoc"
    folder.mkdir(parents=True, exist_ok=True)
    old = time.time() - 24 * 3600
    for stale in folder.iterdir():  # previews of earlier days
        try:
            if stale.stat().st_mtime < old:
                stale.unlink()
        except OSError:
            pass  # still open in a viewer, or already gone
    return folder / f"{slug(stem)}-{uuid.uuid4().hex[:6]}{suffix}"


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    """The system's save dialog in the folder used last; None when the user cancels."""
    settings = QSettings()
    folder = settings.value(_DIR_KEY) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), file_filter)
    if not name:
        return None
    path = Path(name)
    suffix = Path(suggested).suffix
    if suffix and path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    settings.setValue(_DIR_KEY, str(path.parent))
    return path


def open_in_viewer(path: Path) -> bool:
    """Show a file in the program the system opens it with (the preview)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def no_viewer_text(path: Path) -> str:
    """What to do when no program opens PDF files (the preview could not be shown)."""
    folder = QUrl.fromLocalFile(str(path.parent)).toString(QUrl.ComponentFormattingOption.FullyEncoded)
    return ("Không mở được bản xem trước: máy chưa có chương trình xem PDF. Hãy cài một chương "
            "trình đọc PDF (ví dụ SumatraPDF, Foxit Reader hoặc Adobe Acrobat Reader) rồi bấm lại "
            f"“Xem trước”; hoặc mở tệp đã tạo: <a href=\"{escape(folder)}\">{escape(str(path))}</a>")


def saved_text(path: Path) -> str:
    """A status line naming the saved file, with a link that opens its folder."""
    folder = QUrl.fromLocalFile(str(path.parent)).toString(QUrl.ComponentFormattingOption.FullyEncoded)
    return f"Đã lưu: <a href=\"{escape(folder)}\">{escape(str(path))}</a>"


# --- off the UI thread ------------------------------------------------------------------------


def generate(parent: QWidget, store: Store, title: str, build: Build,
             on_done: Callable[[Any], None], *, writes: bool = False) -> bool:
    """Run ``build(own_store, report)`` in the worker pool on a connection of its own
    (read-only unless the document records something), with the progress dialog and
    Cancel. False when another document is still being made for this screen."""
    if getattr(parent, "_document_busy", False):
        return False
    parent._document_busy = True
    path, user, read_only = store.path, store.user, store.read_only or not writes

    def job(report):
        report(0, 0, title)
        own = open_store(path, user=user, read_only=read_only)
        try:
            return build(own, report)
        finally:
            own.close()

    def done(result) -> None:
        parent._document_busy = False
        on_done(result)

    def failed(exc: BaseException) -> None:
        parent._document_busy = False
        if not isinstance(exc, Cancelled):
            error(parent, "Không tạo được văn bản", str(exc) or exc.__class__.__name__)

    run_job(parent, title, job, done, failed)
    return True


# --- printing ---------------------------------------------------------------------------------


def qtpdf_available() -> bool:
    try:
        from PySide6.QtPdf import QPdfDocument  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True


def ask_printer(parent: QWidget, printer: QPrinter, pages: int) -> bool:
    """The system's print dialog (printer, copies, page range)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("In văn bản")
    dialog.setMinMax(1, pages)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_pdf(parent: QWidget, path: Path, title: str,
              then: Callable[[], None] | None = None) -> bool:
    """Print a PDF through the system's print dialog: True once the user chose a printer;
    the pages are then drawn off the UI thread (a round's thousands of certificates take
    minutes), with progress and Hủy, and ``then()`` runs once all were sent. Without QtPdf
    the file opens in the PDF viewer, to print from there (False)."""
    if not qtpdf_available():
        open_in_viewer(path)
        inform(parent, "In văn bản",
               "Máy này thiếu thành phần in trực tiếp (Qt PDF). Văn bản đã được mở bằng chương "
               "trình xem PDF: hãy in từ đó (Ctrl+P), chọn đúng cỡ giấy (A4 hoặc A3) và “Kích thước "
               "thật” (100 %).")
        return False
    shape = _first_page(path)
    if shape is None:
        error(parent, "Không in được", f"Không đọc được tệp “{path}”.")
        return False
    count, first = shape
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)  # origin at the paper's corner: real positions, no margins
    # A3 certificates (420 × 297 mm) go to A3 paper; everything else to A4.
    big = max(first.width(), first.height()) > 1000
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A3 if big else QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if first.width() > first.height()
                               else QPageLayout.Orientation.Portrait)
    if not ask_printer(parent, printer, count):
        return False

    def sent(_result) -> None:
        if then is not None:
            then()

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            error(parent, "Không in được", str(exc) or exc.__class__.__name__)

    run_job(parent, "Đang gửi tới máy in…", lambda report: paint_pages(path, printer, report),
            sent, failed)
    return True


def _first_page(path: Path):
    """(page count, first page's size in points), or None for a file QtPdf cannot read."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    try:
        document.load(str(path))
        if document.pageCount() < 1:
            return None
        return document.pageCount(), document.pagePointSize(0)
    finally:
        document.close()


def _draw_page(document, page: int, painter: QPainter, dpi: int, paper: QRectF) -> None:
    """One page at its real size (scaled down only if the paper is smaller), in bands: Qt's
    calls hold Python's lock for their whole length, and a whole page (render, then draw)
    held the window 150–200 ms; a band of 32 rows takes under 3 ms (the page less in all),
    and between bands the worker gives way to the window (ui/pulse.py). Band edges fall on
    whole printer pixels, shared by the bands on either side: no seam between them."""
    from PySide6.QtPdf import QPdfDocumentRenderOptions

    size = document.pagePointSize(page)
    render_dpi = min(dpi, PRINT_DPI)
    full = QSize(round(size.width() * render_dpi / 72), round(size.height() * render_dpi / 72))
    scale = min(1.0, paper.width() / (size.width() * dpi / 72),
                paper.height() / (size.height() * dpi / 72))
    factor = dpi / render_dpi * scale  # printer pixels per rendered pixel
    width = full.width() * factor
    for top in range(0, full.height(), BAND):
        rows = min(BAND, full.height() - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(full)
        options.setScaledClipRect(QRect(0, top, full.width(), rows))
        band = document.render(page, QSize(full.width(), rows), options)
        y0, y1 = round(top * factor), round((top + rows) * factor)
        painter.drawImage(QRectF(0, y0, width, y1 - y0), band)
        pulse.give_way()


def paint_pages(path: Path, printer: QPrinter, report: Callable[[int, int, str], None]) -> None:
    """In a worker (QPainter draws on a printer from any thread): the chosen pages at their
    real size (scaled down only if the paper is smaller). Hủy (``report`` raising
    Cancelled) stops the printer's job."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()  # the worker's own: nothing shared with the UI thread
    document.load(str(path))
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or count, count)
    pages = list(range(first - 1, last))
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise OSError("Không mở được máy in.")
    try:
        dpi = printer.resolution()
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for n, page in enumerate(pages):
            try:
                report(n, len(pages), f"Đang gửi trang {n + 1}/{len(pages)} tới máy in…")
            except Cancelled:
                printer.abort()
                raise
            if n:
                printer.newPage()
            _draw_page(document, page, painter, dpi, paper)
    finally:
        painter.end()
        document.close()
