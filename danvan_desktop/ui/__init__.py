"""The PySide6 window. Never writes SQL: it calls services and store functions."""
