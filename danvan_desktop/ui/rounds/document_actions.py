"""The documents of a round, from the Khen thưởng screen: the list (with the number the
office gives it) and the certificates (full or on a blank form), previewed, saved or
printed; printing a certificate again asks first, and every print is recorded."""

from __future__ import annotations

from ...services.documents.certificates import build_certificates, serial_for
from ...services.documents.commendation_list import build_commendation_list
from ...store.profile import get_profile, get_setting, set_setting
from ...store.rounds import awards_of, get_round, printed_before, record_prints
from ..changes import ROUNDS
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
        self._show(dialog, lambda result: result and self.make_list(dialog.action,
                                                                      dialog.number.text().strip()))

    def make_list(self, action: str, number: str = "") -> None:
        round_id = self.current_round_id()
        rnd = get_round(self.store, round_id)
        if number and not self.store.read_only:
            set_setting(self.store, LIST_NUMBER_KEY, number)
        stem = f"danh-sach-khen-thuong-{output.slug(rnd.number)}"
        target = self._target(action, stem, "Lưu danh sách khen thưởng")
        if target is None:
            return

        def build(store, report):
            return build_commendation_list(store, round_id, target, number, progress=report)

        output.generate(self, self.store, "Đang tạo danh sách khen thưởng…", build,
                        lambda path: self._deliver(action, path, "Danh sách khen thưởng"))

    def open_certificate_dialog(self) -> None:
        rows = self.awards_model.rows
        selected = self.selected_award_ids()
        dialog = CertificateDialog(len(rows), len(selected), sum(1 for r in rows if r["prints"]), self)

        def finished(result: int) -> None:
            if result:
                ids = selected if dialog.selected.isChecked() else [r["id"] for r in rows]
                self.make_certificates(dialog.action, ids, dialog.blank_form.isChecked())

        self._show(dialog, finished)

    def reprint_warning(self, award_ids: list[int]) -> bool:
        """True to go on: nobody was printed before, or the user agrees to print again."""
        before = printed_before(self.store, award_ids)
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

    def make_certificates(self, action: str, award_ids: list[int], blank_form: bool = False) -> None:
        round_id = self.current_round_id()
        if round_id is None or not award_ids:
            return
        issuing = action != "preview"
        if issuing and self.store.read_only:
            error(self, "Không in được", "Tệp dữ liệu đang mở chỉ đọc: không ghi được số sổ giấy khen.")
            return
        if issuing and not self.reprint_warning(award_ids):
            return
        rnd = get_round(self.store, round_id)
        # The blank-form print is another file than the full certificate: one never overwrites the other.
        stem = "giay-khen-in-tren-phoi" if blank_form else "giay-khen"
        target = self._target(action, f"{stem}-{output.slug(rnd.number)}", "Lưu giấy khen")
        if target is None:
            return
        record = action == "save"  # a print is recorded once the printer has it

        def build(store, report):
            return build_certificates(store, round_id, target, blank_form=blank_form, award_ids=award_ids,
                                      record=record, progress=report)[0]

        def done(path) -> None:
            if record:
                self.bus.notify(ROUNDS)
            if action == "print":
                self._print_certificates(path, round_id, award_ids)
            else:
                self._deliver(action, path, "Giấy khen")

        output.generate(self, self.store, "Đang tạo giấy khen…", build, done, writes=record)

    def _print_certificates(self, path, round_id: int, award_ids: list[int]) -> None:
        printed = output.print_pdf(self, path, "Giấy khen")
        if not printed and not output.qtpdf_available():
            printed = confirm(self, "Ghi nhận đã in",
                              "Sau khi in xong từ chương trình xem PDF, bấm “Ghi nhận đã in” để ghi số "
                              "sổ và lần in của các giấy khen này.", yes="Ghi nhận đã in", no="Chưa in")
        if printed:
            self._write(lambda: record_prints(self.store, self.serials(round_id, award_ids)), ROUNDS)
            self.status.setText(f"Đã gửi {len(award_ids)} giấy khen tới máy in.")

    def serials(self, round_id: int, award_ids: list[int]) -> dict[int, str]:
        """The serial each certificate carries: kept from its first print, or the next in the round."""
        rnd = get_round(self.store, round_id)
        wanted = set(award_ids)
        return {a.id: a.serial or serial_for(n, rnd)
                for n, a in enumerate(awards_of(self.store, round_id), 1) if a.id in wanted}

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
            if output.print_pdf(self, path, title):
                self.status.setText("Đã gửi tới máy in.")
        else:
            self.status.setText(output.saved_text(path))
