"""The default store: one SQLite file, in WAL mode, every write synced to disk."""
import contextlib
import sqlite3

from .store import SCHEMA, Store


class SqliteStore(Store):
    def __init__(self, path):
        # One worker thread uses the connection, but not the one that opened it.
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk before the node answers the POST.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        for statement in SCHEMA:
            conn.execute(statement.format(serial="INTEGER", blob="BLOB"))
        super().__init__(conn, "?")
        self.path = path

    def __str__(self):
        return "SQLite %s" % self.path

    @contextlib.contextmanager
    def _transaction(self):
        # IMMEDIATE takes the write lock first, so check-then-insert is atomic.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
