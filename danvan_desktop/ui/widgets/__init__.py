"""Widgets shared by the screens: Vietnamese dialogs, typed inputs, form errors."""
