"""The PostgreSQL store: several node processes serve one Tangle.

Writes take one advisory lock, so sequence numbers are handed out in commit
order (a feed follower resuming after N misses nothing) and the ingest
endpoint's check-then-insert is atomic across processes. Each write NOTIFYs
the other processes; their LISTEN thread wakes their feed followers.

A lost connection (server restarted, network down) is not fatal: calls raise
StoreUnavailable (the node answers 503) while the LISTEN thread reconnects
both connections with backoff, LISTENs again, and wakes the feed followers,
who catch up from their last sequence number. Nothing answered 201 is lost:
it was committed; a write cut off before its answer is posted again by its
client and stored once.
"""
import contextlib
import logging
import os
import threading

import psycopg
from psycopg.conninfo import conninfo_to_dict

from .store import SCHEMA, Store, StoreUnavailable, without_password

CHANNEL = "mstreams_messages"
LOCK = 0x6D73747265616D73  # "mstreams": the advisory lock of writes and schema changes
RETRY_FIRST, RETRY_MAX = 0.25, 5.0  # seconds between reconnection attempts, doubling
# libpq settings unless the URL gives its own: a dead server or link is noticed
# in seconds (TCP keepalives, unacknowledged data), never waited on for long.
CONNECT_DEFAULTS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10,
                    "keepalives_interval": 5, "keepalives_count": 3,
                    "tcp_user_timeout": 30000}

log = logging.getLogger("mstreams.node")


class PostgresStore(Store):
    def __init__(self, url):
        self.url = url
        given = set(conninfo_to_dict(url))
        if "PGCONNECT_TIMEOUT" in os.environ:
            given.add("connect_timeout")
        self.connect_args = {k: v for k, v in CONNECT_DEFAULTS.items() if k not in given}
        conn = self._connect()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            for statement in SCHEMA:
                conn.execute(statement.format(serial="BIGSERIAL", blob="BYTEA"))
        super().__init__(conn, "%s")
        info = conn.info  # never the URL in messages: it may hold a password
        self.name = "PostgreSQL %s@%s:%s/%s" % (info.user, info.host, info.port, info.dbname)
        self.problem = None  # why the store is unavailable, while it is
        self.listen_conn = self._listen_connection()
        self.stop = threading.Event()
        self.listener = threading.Thread(target=self._listen, name="listen", daemon=True)
        self.listener.start()

    def __str__(self):
        return self.name

    def _connect(self):
        return psycopg.connect(self.url, autocommit=True, **self.connect_args)

    def _listen_connection(self):
        conn = self._connect()
        try:
            conn.execute("LISTEN " + CHANNEL)
        except BaseException:
            conn.close()
            raise
        return conn

    def _line(self, error):
        text = " ".join(str(error).split("\n", 1)[0].split()) or type(error).__name__
        return without_password(text, self.url)

    def _lost(self, error):
        """Notes a lost connection (the first loss of an outage is logged, in
        one line) and returns what went wrong, in one line, without the password."""
        problem = self._line(error)
        if self.problem is None:
            log.error("store unavailable: %s (reconnecting)", problem)
        self.problem = problem
        return problem

    def run(self, fn, *args):
        for attempt in (1, 2):
            conn = self.conn
            if conn is None:
                raise StoreUnavailable("store unavailable: %s" % (self.problem or "reconnecting"))
            try:
                return fn(*args)
            except psycopg.Error as e:
                if not (conn.broken or conn.closed):
                    raise  # a bad query, not a lost connection: a 500, as ever
                lost = e
            conn.close()
            if attempt == 1:
                # Reconnect at once, for a server restarted while we were idle,
                # and call again (harmless: a message is stored once).
                try:
                    self.conn = self._connect()
                    log.info("store connection lost (%s) and made again", self._line(lost))
                    continue
                except psycopg.Error:
                    pass
            # Down: the LISTEN thread reconnects with backoff; 503 until then.
            self.conn = None
            raise StoreUnavailable("store unavailable: %s" % self._lost(lost)) from None

    def _listen(self):
        """Wakes the followers on each NOTIFY; after a loss, reconnects."""
        delay = RETRY_FIRST
        while not self.stop.is_set():
            try:
                if self.listen_conn is None:
                    self.listen_conn = self._listen_connection()
                if self.conn is None:
                    self.conn = self._connect()  # the worker thread takes it from here
                if self.problem is not None:
                    self.problem = None
                    delay = RETRY_FIRST
                    log.info("store reconnected: %s", self.name)
                    self.on_new()  # followers catch up on what the outage hid
                for _ in self.listen_conn.notifies(timeout=0.5):
                    self.on_new()
            except Exception as e:  # this thread must live on: it is the reconnecting
                if isinstance(e, psycopg.Error):
                    self._lost(e)
                else:
                    log.exception("the LISTEN thread failed; retrying")
                conn = self.listen_conn
                if conn is not None and (conn.broken or conn.closed):
                    self.listen_conn = None
                    conn.close()
                self.stop.wait(delay)
                delay = min(2 * delay, RETRY_MAX)

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
        for conn in (self.listen_conn, self.conn):
            if conn is not None:
                conn.close()
