"""The PySide6 window. Never writes SQL: it calls services and store functions."""

from .qt_compat import make_singletons_durable

make_singletons_durable()
