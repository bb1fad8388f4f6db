"""An unreadable Times New Roman (a damaged file, a locked one) falls back to the bundled
Liberation Serif instead of stopping a report."""

from __future__ import annotations

from danvan_desktop.services.documents import fonts


def test_an_unreadable_times_new_roman_falls_back_to_the_bundled_font(tmp_path, monkeypatch):
    broken = tmp_path / "times.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00 not really a font")
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts, "_find_times", lambda: dict.fromkeys(fonts._STYLES, broken))
    chosen = fonts.register_fonts()
    assert chosen.source == "Liberation Serif"
    monkeypatch.setattr(fonts, "_registered", None)  # the next report registers afresh


def test_a_missing_times_file_between_finding_and_reading_falls_back(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts, "_find_times", lambda: dict.fromkeys(fonts._STYLES, tmp_path / "gone.ttf"))
    assert fonts.register_fonts().source == "Liberation Serif"
    monkeypatch.setattr(fonts, "_registered", None)
