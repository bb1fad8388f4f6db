"""Trợ giúp → Hướng dẫn sử dụng: the office's year in a few steps, pointing to the screens."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

GUIDE = """
<h2>Hướng dẫn sử dụng nhanh</h2>
<ol>
<li><b>Lần đầu:</b> vào <i>Cài đặt</i> nhập tên cơ quan cấp trên, mã văn bản (ví dụ BDVHU), địa danh
ghi ngày tháng, người ký; vào <i>Danh mục</i> kiểm tra danh sách xã, phường, thôn, xóm và các đơn vị.</li>
<li><b>Ghi nhận mô hình:</b> trang <i>Mô hình – điển hình</i>, nút <i>Thêm mô hình</i> (Ctrl+N), nhập rồi
bấm <i>Lưu</i> (Ctrl+S). Ô tìm kiếm gõ không dấu cũng được. Xóa nhầm thì mở <i>Thùng rác</i>
để khôi phục.</li>
<li><b>Nhận đăng ký của các xã:</b> <i>Tệp → Tải mẫu nhập liệu</i>, gửi mẫu cho xã; khi nhận lại, dùng
<i>Tệp → Nhập từ Excel</i>: chương trình kiểm tra từng dòng, báo dòng sai, chỉ ghi khi tất cả đều đúng.</li>
<li><b>Cuộc vận động:</b> trang <i>Cuộc vận động</i> ghi công trình (làm đường, sửa nhà…) và sổ đóng góp
của nhân dân; tổng tiền, ngày công, đất hiến tự cộng.</li>
<li><b>Khen thưởng:</b> trang <i>Khen thưởng</i> tạo đợt theo quyết định, thêm người/tập thể từ các mô hình
đã công nhận, in danh sách và giấy khen (in thẳng hoặc in lên phôi; <i>Căn chỉnh phôi</i> để khớp
vị trí).</li>
<li><b>Báo cáo:</b> trang <i>Báo cáo</i> chọn kỳ, đánh dấu mô hình tiêu biểu, viết hạn chế và phương
hướng, rồi lưu PDF, Word hoặc Excel. Trang <i>Tổng quan</i> cho số liệu nhanh của bất kỳ kỳ nào.</li>
<li><b>An toàn dữ liệu:</b> chương trình tự sao lưu mỗi ngày và khi thoát; nên chọn thư mục sao lưu trên
USB hoặc ổ đĩa khác (<i>Tệp → Cài đặt sao lưu</i>). Khôi phục: <i>Tệp → Khôi phục từ bản sao lưu</i>.
Mọi thay đổi được ghi trong <i>Tệp → Nhật ký thay đổi</i>.</li>
</ol>
"""


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng")
        self.resize(760, 560)
        self.text = QTextBrowser()
        self.text.setHtml(GUIDE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
