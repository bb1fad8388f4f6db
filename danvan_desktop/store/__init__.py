"""SQLite storage through sqlite-utils: opening, schema versions, queries. No Qt."""
