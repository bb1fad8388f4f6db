"""The documents of a round, from the Khen thưởng screen: the list (with the number the
office gives it) and the certificates (full or on a blank form), previewed, saved or
printed; printing a certificate again asks first, and every print is recorded."""

from __future__ import annotations

from ...services.documents.certificates import (
    build_certificates,
    load_image,
    overflows,
    planned_serials,
    title_of,
)
from ...services.documents.commendation_list import build_commendation_list
from ...store.db import open_store
from ...store.profile import get_profile, get_setting, set_setting
from ...store.rounds import get_round, printed_before, record_prints
from ...store.serials import SerialTaken
from ..changes import ROUNDS
from ..errors import record
from ..tasks import Cancelled, run_on_store, run_quietly
from ..widgets.dialogs import confirm, error
from . import output
from .documents import AlignmentDialog, CertificateDialog, ListDialog

LIST_NUMBER_KEY = "last_number_DS"


class DocumentActions:
    """Mixed into RoundsPage: uses its store, bus, tables, status line and ``_show``."""

    def open_list_dialog(self) -> None:
        if self.current_round_id() is None:
            return
        dialog = ListDialog(get_setting(self.store, LIST_NUMBER_KEY, "") or "",
                            get_profile(self.store).doc_code, self)
        self._show(dialog, lambda result: result and self.make_list(
            dialog.action, dialog.number.text().strip(), dialog.with_score.isChecked()))

    def make_list(self, action: str, number: str = "", with_score: bool = False) -> None:
        round_id = self.current_round_id()
        rnd = get_round(self.store, round_id)
        if number and not self.store.read_only:
            set_setting(self.store, LIST_NUMBER_KEY, number)
        stem = f"danh-sach-khen-thuong-{output.slug(rnd.number)}"
        target = self._target(action, stem, "Lưu danh sách khen thưởng")
        if target is None:
            return

        def build(store, report):
            return build_commendation_list(store, round_id, target, number, progress=report,
                                           show_score=with_score)

        output.generate(self, self.store, "Đang tạo danh sách khen thưởng…", build,
                        lambda path: self._deliver(action, path, "Danh sách khen thưởng"))

    def open_certificate_dialog(self) -> None:
        rows = self.awards_model.rows
        selected = self.selected_award_ids()
        round_id = self.current_round_id()
        if round_id is None:
            return
        image = load_image(self.store)
        dialog = CertificateDialog(len(rows), len(selected), sum(1 for r in rows if r["prints"]), self,
                                   title=title_of(get_round(self.store, round_id), self.store),
                                   image_name=(image or {}).get("name", ""))

        def finished(result: int) -> None:
            if result:
                ids = selected if dialog.selected.isChecked() else [r["id"] for r in rows]
                self._keep_title(round_id, dialog.title.currentText())
                self.make_certificates(dialog.action, ids, dialog.blank_form.isChecked(),
                                       dialog.chosen_paper())

        self._show(dialog, finished)

    def reprint_warning(self, before: dict[int, int]) -> bool:
        """True to go on: nobody was printed before (``before``: award → prints), or the
        user agrees to print again."""
        if not before:
            return True
        names = [f"{r['recipient_name']} ({before[r['id']]} lần)" for r in self.awards_model.rows
                 if r["id"] in before]
        if len(names) == 1:
            text = f"{names[0]} đã được in giấy khen trước đây. In lại?"
        else:
            shown = "\n".join(f"• {n}" for n in names[:10])
            more = f"\n… và {len(names) - 10} người, tập thể khác" if len(names) > 10 else ""
            text = (f"{len(names)} người, tập thể sau đã được in giấy khen trước đây:\n"
                    f"{shown}{more}\n\nIn lại?")
        text += "\n\nSố sổ giữ nguyên; lần in này được ghi là in lại."
        return confirm(self, "In lại giấy khen", text, yes="In lại", no="Hủy")

    def _keep_title(self, round_id: int, title: str) -> None:
        """The title chosen for a round's certificates is kept for its next prints."""
        key = f"certificate_title_{round_id}"
        if not self.store.read_only and get_setting(self.store, key, "") != title:
            set_setting(self.store, key, title)

    def overflow_warning(self, found: list) -> bool:
        """True to go on: everything fits, or the user prints anyway what does not."""
        if not found:
            return True
        shown = "\n".join(f"• {item}" for item in found[:10])
        more = f"\n… và {len(found) - 10} dòng khác" if len(found) > 10 else ""
        return confirm(self, "Chữ không vừa giấy khen",
                       f"{len(found)} dòng chữ quá dài, in ở cỡ chữ nhỏ nhất vẫn tràn sang dòng khác:\n"
                       f"{shown}{more}\n\nNên rút gọn (sửa người, tập thể được khen) rồi in. "
                       "Vẫn tiếp tục?", yes="Vẫn tiếp tục", no="Hủy")

    def make_certificates(self, action: str, award_ids: list[int], blank_form: bool = False,
                          paper: str = "A4") -> None:
        """Check first, off the UI thread (a round of thousands takes seconds to measure):
        lines too long for the certificate, and earlier prints; then ask, then make."""
        round_id = self.current_round_id()
        if round_id is None or not award_ids or getattr(self, "_document_busy", False):
            return
        issuing = action != "preview"
        if issuing and self.store.read_only:
            error(self, "Không in được", "Tệp dữ liệu đang mở chỉ đọc: không ghi được số sổ giấy khen.")
            return
        self._document_busy = True

        def check(store, report):
            found = overflows(store, round_id, award_ids, paper=paper, blank_form=blank_form,
                              progress=report)
            return found, (printed_before(store, award_ids) if issuing else {})

        def checked(result) -> None:
            self._document_busy = False
            found, before = result
            if self.overflow_warning(found) and (not issuing or self.reprint_warning(before)):
                self._make_certificates(action, round_id, award_ids, blank_form, paper)

        def failed(exc: BaseException) -> None:
            self._document_busy = False
            if not isinstance(exc, Cancelled):
                error(self, "Không kiểm tra được giấy khen", str(exc) or exc.__class__.__name__)

        run_on_store(self, self.store, "Đang kiểm tra giấy khen", check, checked, failed)

    def _make_certificates(self, action: str, round_id: int, award_ids: list[int],
                           blank_form: bool, paper: str) -> None:
        rnd = get_round(self.store, round_id)
        # The blank-form print is another file than the full certificate: one never overwrites the other.
        stem = "giay-khen-in-tren-phoi" if blank_form else "giay-khen"
        target = self._target(action, f"{stem}-{output.slug(rnd.number)}", "Lưu giấy khen")
        if target is None:
            return
        record = action == "save"  # a print is recorded once the printer has it

        def build(store, report):
            path = build_certificates(store, round_id, target, blank_form=blank_form,
                                      award_ids=award_ids, record=record, progress=report,
                                      paper=paper)[0]
            # A print records the serials the file was made with (the register's next numbers
            # stay the same until something is recorded; another window taking them meanwhile
            # is refused by SerialTaken).
            return path, planned_serials(store, round_id, award_ids) if action == "print" else {}

        def done(result) -> None:
            path, serials = result
            if record:
                self.bus.notify(ROUNDS)
            if action == "print":
                self._print_certificates(path, round_id, serials)
            else:
                self._deliver(action, path, "Giấy khen")

        output.generate(self, self.store, "Đang tạo giấy khen…", build, done, writes=record)

    def _print_certificates(self, path, round_id: int, serials: dict[int, str]) -> None:
        def sent() -> None:
            self._record_prints(round_id, serials)

        if output.print_pdf(self, path, "Giấy khen", then=sent):
            return
        if not output.qtpdf_available() and confirm(
                self, "Ghi nhận đã in",
                "Sau khi in xong từ chương trình xem PDF, bấm “Ghi nhận đã in” để ghi số sổ và lần "
                "in của các giấy khen này.", yes="Ghi nhận đã in", no="Chưa in"):
            sent()

    def _record_prints(self, round_id: int, serials: dict[int, str]) -> None:
        """The serials and prints written off the UI thread (thousands of certificates), in
        one transaction; the status line says when they are in the register."""
        if self.store.read_only:
            return
        self.status.setText("Đang ghi số sổ giấy khen…")

        def written(_result) -> None:
            self._show_prints(round_id, serials)
            self.status.setText(f"Đã gửi {len(serials)} giấy khen tới máy in, đã ghi số sổ.")

        def failed(exc: BaseException) -> None:
            self.status.setText("")
            if not isinstance(exc, SerialTaken):  # another window took the numbers: said, not logged
                record(exc, "Ghi số sổ giấy khen")
            title = "Chưa ghi sổ" if isinstance(exc, SerialTaken) else "Không ghi được"
            error(self, title, str(exc) or exc.__class__.__name__)

        path, user = self.store.path, self.store.user

        def write(_report) -> None:
            own = open_store(path, user=user)  # the worker's own connection
            try:
                record_prints(own, round_id, serials)
            finally:
                own.close()

        run_quietly(self, write, written, failed)

    def _show_prints(self, round_id: int, serials: dict[int, str]) -> None:
        """The recorded prints shown in place (a round of thousands read again and laid out
        held the window ~40 ms), then the other screens told."""
        if self.current_round_id() != round_id:
            self.bus.notify(ROUNDS)
            return
        self.awards_model.update_rows({
            r["id"]: {"serial": serials[r["id"]], "prints": (r["prints"] or 0) + 1}
            for r in self.awards_model.rows if r["id"] in serials})
        self.round_info.setText(self._round_text(round_id))
        self.bus.notify(ROUNDS, shown_by=self)  # the other screens read it again, not this one

    def open_alignment(self) -> None:
        self._show(AlignmentDialog(self.store, self), lambda _result: None)

    def _target(self, action: str, stem: str, title: str):
        if action == "save":
            return output.ask_save_path(self, title, f"{stem}.pdf", output.PDF_FILTER)
        return output.preview_path(stem)

    def _deliver(self, action: str, path, title: str) -> None:
        if action == "preview":
            if not output.open_in_viewer(path):
                self.status.setText(output.no_viewer_text(path))
        elif action == "print":
            output.print_pdf(self, path, title, then=lambda: self.status.setText("Đã gửi tới máy in."))
        else:
            self.status.setText(output.saved_text(path))
