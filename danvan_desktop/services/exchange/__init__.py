"""Excel and CSV in and out: the import template, reading registrations sent by communes,
exporting lists."""
