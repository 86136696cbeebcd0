"""The node's storage: one small interface, two SQL databases behind it.

Every message gets a sequence number `seq` in arrival order. It doubles as the
index of the synthetic milestone that references the message, and as the
position a live-feed follower resumes from.

The SQL is shared; the subclasses open the connection, adapt the paramstyle
and say how to make a write exclusive among node processes. All calls are
synchronous: the node runs them on one worker thread.
"""
import collections
import time
import urllib.parse

Stored = collections.namedtuple("Stored", "seq id raw timestamp")

QUERIES = {
    "get": "SELECT seq, id, raw, ts FROM messages WHERE id = ?",
    "by_seq": "SELECT seq, id, raw, ts FROM messages WHERE seq = ?",
    "latest": "SELECT seq, id, raw, ts FROM messages ORDER BY seq DESC LIMIT 1",
    "by_index": "SELECT id FROM messages WHERE idx = ? ORDER BY seq LIMIT ?",
    "children": "SELECT child FROM edges WHERE parent = ? LIMIT ?",
    # Tips: the newest messages nothing approves yet.
    "tips": "SELECT id FROM messages m WHERE NOT EXISTS"
            " (SELECT 1 FROM edges e WHERE e.parent = m.id) ORDER BY seq DESC LIMIT ?",
    "insert": "INSERT INTO messages (id, raw, idx, channel, ts) VALUES (?, ?, ?, ?, ?)"
              " ON CONFLICT DO NOTHING",
    "edge": "INSERT INTO edges (parent, child) VALUES (?, ?) ON CONFLICT DO NOTHING",
}

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS messages (seq {serial} PRIMARY KEY, id {blob} NOT NULL UNIQUE,"
    " raw {blob} NOT NULL, idx {blob}, channel {blob}, ts BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS messages_idx ON messages (idx)",
    "CREATE INDEX IF NOT EXISTS messages_channel ON messages (channel, seq)",
    "CREATE TABLE IF NOT EXISTS edges (parent {blob} NOT NULL, child {blob} NOT NULL,"
    " PRIMARY KEY (parent, child))",
]


class StoreUnavailable(Exception):
    """The database cannot be reached just now: answered 503; the store
    reconnects by itself. The message is one line, without the password."""


def without_password(text, db):
    """The text with the --db URL's password, if any, blotted out."""
    password = urllib.parse.urlsplit(db).password if "://" in db else None
    return text.replace(password, "***") if password else text


class Store:
    """A Tangle in a SQL database. Ids, indexes and channels are bytes;
    indexes are stored zero-padded to 64 bytes (tangle.padded_index)."""

    def __init__(self, conn, paramstyle):
        self.conn = conn
        self.paramstyle = paramstyle
        self.sql = {name: self._adapt(q) for name, q in QUERIES.items()}
        self.on_new = lambda: None
        self._new = 0  # messages the current write() stored

    def run(self, fn, *args):
        """Calls fn(*args), one of this store's methods, on the worker thread.
        A store that can lose its database raises StoreUnavailable meanwhile."""
        return fn(*args)

    def _adapt(self, query):
        return query.replace("?", self.paramstyle)

    def _rows(self, name, *args):
        return self.conn.execute(self.sql[name], args).fetchall()

    def _one(self, name, *args):
        rows = self._rows(name, *args)
        return Stored(*rows[0]) if rows else None

    def get(self, message_id):
        return self._one("get", message_id)

    def by_seq(self, seq):
        return self._one("by_seq", seq)

    def latest(self):
        return self._one("latest")

    def ids_by_index(self, index, limit):
        return [bytes(r[0]) for r in self._rows("by_index", index, limit)]

    def children(self, message_id, limit):
        return [bytes(r[0]) for r in self._rows("children", message_id, limit)]

    def tips(self, limit):
        return [bytes(r[0]) for r in self._rows("tips", limit)]

    def after(self, seq, channel=None, index=None, limit=100):
        """Messages stored after `seq`, optionally of one channel or index, oldest first."""
        where, args = ["seq > ?"], [seq]
        for column, value in (("channel", channel), ("idx", index)):
            if value is not None:
                where.append(column + " = ?")
                args.append(value)
        query = ("SELECT seq, id, raw, ts FROM messages WHERE %s ORDER BY seq LIMIT ?"
                 % " AND ".join(where))
        return [Stored(*r) for r in self.conn.execute(self._adapt(query), args + [limit])]

    def put(self, message_id, raw, parents, index=None, channel=None, exclusive=False):
        """Stores a message (once: a known id is left alone) and returns its id.

        exclusive: store it only if nothing is stored under its index yet, and
        otherwise return the id found there. Durable when this returns.
        """
        def write():
            if exclusive:
                found = self.ids_by_index(index, 1)
                if found:
                    return found[0]
            self.insert(message_id, raw, parents, index, channel)
            return message_id
        return self.write(write)

    def write(self, fn):
        """fn() inside one write transaction, exclusive among node processes;
        its result. fn stores with insert(); everything it stored is durable
        when this returns, and nothing of it if fn raises. fn may run again
        (a store that lost its connection calls once more), so it must be
        idempotent, as storing by id and by index is."""
        self._new = 0
        with self._transaction():
            result = fn()
            if self._new:
                self._announce()
        if self._new:
            self._stored()
        return result

    def insert(self, message_id, raw, parents, index=None, channel=None):
        """Inside write(): stores a message unless its id is known; True if it was new."""
        cur = self.conn.execute(self.sql["insert"],
                                (message_id, raw, index, channel, int(time.time())))
        if not cur.rowcount:
            return False
        for parent in parents:
            self.conn.execute(self.sql["edge"], (parent, message_id))
        self._new += 1
        return True

    def _transaction(self):
        """A context manager: one write transaction, exclusive among node processes."""
        raise NotImplementedError

    def _announce(self):
        """Inside the write transaction: tell other node processes, if any."""

    def _stored(self):
        """After a commit that stored a message."""
        self.on_new()

    def close(self):
        self.conn.close()


def open_store(db):
    """A Store for `--db`: a postgresql:// URL or an SQLite file path."""
    if db.startswith(("postgresql://", "postgres://")):
        from .postgres_store import PostgresStore
        return PostgresStore(db)
    from .sqlite_store import SqliteStore
    return SqliteStore(db)
