"""Criteria sets and score sheets as .xlsx (import, export, templates)."""
