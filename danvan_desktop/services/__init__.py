"""Jobs a user asks for (figures, demo data, backups, documents, exchange). No widgets."""
