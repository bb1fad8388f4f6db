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

from PySide6.QtCore import QRectF, QSettings, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog, QWidget

from ...domain.text import fold
from ...store.db import Store, open_store
from ..tasks import Cancelled, run_job
from ..widgets.dialogs import error, inform

PDF_FILTER = "Tệp PDF (*.pdf)"
DOCX_FILTER = "Tài liệu Word (*.docx)"
XLSX_FILTER = "Bảng tính Excel (*.xlsx)"
_DIR_KEY = "documents/last_dir"
PRINT_DPI = 300  # enough for text; more only makes the printer's queue larger

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


def print_pdf(parent: QWidget, path: Path, title: str) -> bool:
    """Print a PDF through the system's print dialog; True when it was sent to the printer.
    Without QtPdf the file opens in the PDF viewer, to print from there."""
    if not qtpdf_available():
        open_in_viewer(path)
        inform(parent, "In văn bản",
               "Máy này thiếu thành phần in trực tiếp (Qt PDF). Văn bản đã được mở bằng chương "
               "trình xem PDF: hãy in từ đó (Ctrl+P), chọn đúng cỡ giấy (A4 hoặc A3) và “Kích thước "
               "thật” (100 %).")
        return False
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(parent)
    try:
        document.load(str(path))
        if document.pageCount() < 1:
            error(parent, "Không in được", f"Không đọc được tệp “{path}”.")
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setFullPage(True)  # origin at the paper's corner: real positions, no margins
        first = document.pagePointSize(0)
        # A3 certificates (420 × 297 mm) go to A3 paper; everything else to A4.
        big = max(first.width(), first.height()) > 1000
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A3 if big else QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if first.width() > first.height()
                                   else QPageLayout.Orientation.Portrait)
        if not ask_printer(parent, printer, document.pageCount()):
            return False
        return paint_pages(parent, document, printer)
    finally:
        document.close()
        document.deleteLater()


def paint_pages(parent: QWidget | None, document, printer: QPrinter) -> bool:
    """Draw the chosen pages on the printer at their real size (scaled down only if the
    paper is smaller); False if the user stopped it."""
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or count, count)
    pages = list(range(first - 1, last))
    progress = QProgressDialog("Đang gửi tới máy in…", "Hủy", 0, len(pages), parent)
    progress.setWindowTitle("In văn bản")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)
    painter = QPainter()
    if not painter.begin(printer):
        progress.deleteLater()
        raise OSError("Không mở được máy in.")
    finished = True
    try:
        dpi = printer.resolution()
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for n, page in enumerate(pages):
            progress.setValue(n)
            if progress.wasCanceled():
                printer.abort()
                finished = False
                break
            if n:
                printer.newPage()
            size = document.pagePointSize(page)
            width, height = size.width() * dpi / 72, size.height() * dpi / 72
            scale = min(1.0, paper.width() / width, paper.height() / height)
            render_dpi = min(dpi, PRINT_DPI)
            image = document.render(page, QSize(round(size.width() * render_dpi / 72),
                                                round(size.height() * render_dpi / 72)))
            painter.drawImage(QRectF(0, 0, width * scale, height * scale), image)
        progress.setValue(len(pages))
    finally:
        painter.end()
        progress.deleteLater()
    return finished
