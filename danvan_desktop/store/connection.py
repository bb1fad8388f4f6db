"""The connection an open data file works through. The store writes its own SQL on the
plain ``sqlite3`` connection; this holder is all it needs. It replaces sqlite-utils'
``Database``, which the store used for nothing else and whose import, with its plugin
system, cost every start 0.1–0.35 s; what that class did to a connection is kept."""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class Database:
    conn: sqlite3.Connection

    def __post_init__(self) -> None:
        # As sqlite-utils set it: a REPLACE that deletes a row fires its delete triggers
        # (the full-text index stays in step with the table).
        self.conn.execute("PRAGMA recursive_triggers = on")

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction (a savepoint inside one already open): all of it or none."""
        if self.conn.in_transaction:
            name = f"danvan_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
