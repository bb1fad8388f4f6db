"""Nhật ký thay đổi: browsing the audit log (read-only)."""
