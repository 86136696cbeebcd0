"""The board's persistent channel state and outbox, safe against power loss.

Every message is committed by one atomic file rename: the outbox entry
out.<n> holds the message AND the channel state right after it was made.
So after a power loss at any instant the board restarts from the newest
state it ever made a message with (never reusing a message address), and
every message it made is still in the outbox until the link has delivered
it (readers never wait at a gap). The file `state` keeps the state once the
outbox is empty.

A record: b"MSJ1", n (u32), reading number (u32), state length (u16), the
state (official export format), then, in an outbox entry, its messages (a
multi-branch channel makes a sequence message with each): per message the
52-byte address, its length (u16) and its bytes.
"""
import os
import struct

MAGIC = b"MSJ1"
HEAD = ">4sIIH"
HEAD_LENGTH = 14
ADDRESS_LENGTH = 52


class Record:
    def __init__(self, n, reading, state, messages):
        self.n, self.reading, self.state = n, reading, state
        self.messages = messages  # [(address, data)], when read


def _write(path, parts):
    """Writes parts to path through a temporary file renamed over it."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        for part in parts:
            f.write(part)
    try:
        os.rename(tmp, path)
    except OSError:  # FAT will not rename over a file; the outbox still holds the state
        os.remove(path)
        os.rename(tmp, path)


def _read(path, messages):
    """The record at path: its state, or (messages true) its messages. Read
    piece by piece: a board has no hole in its heap for a whole record."""
    with open(path, "rb") as f:
        head = f.read(HEAD_LENGTH)
        if len(head) < HEAD_LENGTH or head[:4] != MAGIC:
            raise ValueError("%s is not a journal record" % path)
        _, n, reading, length = struct.unpack(HEAD, head)
        if messages:
            f.seek(length, 1)
            return Record(n, reading, None, list(_messages(f, path)))
        state = f.read(length)
    if len(state) < length:
        raise ValueError("%s is cut short" % path)
    return Record(n, reading, state, None)


def _messages(f, path):
    """The (address, data) of each message after a record's state."""
    while True:
        address = f.read(ADDRESS_LENGTH)
        if not address:
            return
        size = f.read(2)
        if len(address) < ADDRESS_LENGTH or len(size) < 2:
            raise ValueError("%s is cut short" % path)
        size = struct.unpack(">H", size)[0]
        data = f.read(size)
        if len(data) < size:
            raise ValueError("%s is cut short" % path)
        yield address, data


class Journal:
    def __init__(self, folder, capacity):
        self.folder = folder
        self.capacity = capacity
        try:
            os.mkdir(folder)
        except OSError:
            pass  # it exists
        self.pending = []  # outbox numbers, oldest first
        for name in os.listdir(folder):
            if name.endswith(".tmp"):  # a write cut short: never committed
                os.remove(self._path(name))
            elif name.startswith("out."):
                self.pending.append(int(name[4:]))
        self.pending.sort()

    def _path(self, name):
        return self.folder + "/" + name

    def _out(self, n):
        return self._path("out.%d" % n)

    def latest(self):
        """The newest record (the state to continue from), or None on a new board."""
        try:
            newest = _read(self._path("state"), False)
        except OSError:
            newest = None
        if self.pending and (newest is None or self.pending[-1] > newest.n):
            newest = _read(self._out(self.pending[-1]), False)
        return newest

    def full(self):
        return len(self.pending) >= self.capacity

    def commit(self, n, reading, state, messages):
        """Makes outbox entry n (its messages, and the state after them)
        durable; from here on it is sent."""
        parts = [struct.pack(HEAD, MAGIC, n, reading, len(state)), state]
        for address, data in messages:
            parts += (address, struct.pack(">H", len(data)), data)
        _write(self._out(n), parts)
        self.pending.append(n)

    def commit_state(self, n, reading, state):
        _write(self._path("state"), (struct.pack(HEAD, MAGIC, n, reading, len(state)), state))

    def entry(self, n):
        """Outbox entry n with its messages (but not its state)."""
        return _read(self._out(n), True)

    def delivered(self, n):
        """Drops entry n from the outbox; the last one leaves its state behind."""
        if n not in self.pending:
            return
        if n == self.pending[-1]:
            r = _read(self._out(n), False)
            self.commit_state(n, r.reading, r.state)
        os.remove(self._out(n))
        self.pending.remove(n)
