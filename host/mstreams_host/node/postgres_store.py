"""The PostgreSQL store: several node processes serve one Tangle.

Writes take one advisory lock, so sequence numbers are handed out in commit
order (a feed follower resuming after N misses nothing) and the ingest
endpoint's check-then-insert is atomic across processes. Each write NOTIFYs
the other processes; their LISTEN thread wakes their feed followers.
"""
import contextlib
import threading

import psycopg

from .store import SCHEMA, Store

CHANNEL = "mstreams_messages"
LOCK = 0x6D73747265616D73  # "mstreams": the advisory lock of writes and schema changes


class PostgresStore(Store):
    def __init__(self, url):
        conn = psycopg.connect(url, autocommit=True)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            for statement in SCHEMA:
                conn.execute(statement.format(serial="BIGSERIAL", blob="BYTEA"))
        super().__init__(conn, "%s")
        self.listen_conn = psycopg.connect(url, autocommit=True)
        self.listen_conn.execute("LISTEN " + CHANNEL)
        self.stop = threading.Event()
        self.listener = threading.Thread(target=self._listen, name="listen", daemon=True)
        self.listener.start()

    def __str__(self):
        # Never the URL: it may hold a password.
        info = self.conn.info
        return "PostgreSQL %s@%s:%s/%s" % (info.user, info.host, info.port, info.dbname)

    def _listen(self):
        while not self.stop.is_set():
            for _ in self.listen_conn.notifies(timeout=0.5):
                self.on_new()

    @contextlib.contextmanager
    def _transaction(self):
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            yield

    def _announce(self):
        self.conn.execute("NOTIFY " + CHANNEL)

    def _stored(self):
        pass  # our own NOTIFY comes back through LISTEN and wakes this process's followers

    def close(self):
        self.stop.set()
        self.listener.join()
        self.listen_conn.close()
        super().close()
