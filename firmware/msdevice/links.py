"""How messages leave the board: frames on the USB serial line to `mstreams
relay` (here), or HTTP posts to the node's ingest endpoint over Wi-Fi
(wlan.WifiLink; a board loads only the link it uses). Both send the outbox
oldest first, drop a message only once it is delivered, and back off while
the link is down."""
import time

from . import frame
from .app import log

RESEND_MS = 2000      # a frame not acknowledged by then is sent again
MAX_BACKOFF_MS = 30000
WINDOW = 4            # outbox entries in flight on the serial line
PARTS = 2             # messages per entry at most (a packet and its sequence message):
                      # message i of entry n travels as frame n * PARTS + i


class Backoff:
    def __init__(self):
        self.reset()

    def reset(self):
        self.delay = RESEND_MS

    def grow(self):
        self.delay = min(self.delay * 2, MAX_BACKOFF_MS)


class SerialLink:
    """Frames on the console's serial line; the relay acknowledges each M
    frame once the node has the message, and forwards subscriptions."""

    def __init__(self):
        import select
        import sys
        self.rx = sys.stdin.buffer
        self.tx = sys.stdout.buffer
        self.poller = select.poll()
        self.poller.register(sys.stdin, select.POLLIN)
        self.line = bytearray()
        self.sent = {}  # frame number -> time sent
        self.acked = set()  # frame numbers of entries not yet wholly delivered
        self.backoff = Backoff()

    def _lines(self, wait_ms):
        while self.poller.poll(wait_ms):
            wait_ms = 0
            c = self.rx.read(1)
            if not c:
                return
            if c == b"\n":
                yield self.line
                self.line = bytearray()
            elif len(self.line) < 4096:  # longer is line noise, not a frame
                self.line += c

    def _send(self, kind, n, *parts):
        frame.write(self.tx, kind, n, *parts)

    def step(self, journal, channel, wait_ms):
        for line in self._lines(wait_ms):
            try:
                got = frame.decode(line)
            except frame.FrameError as e:
                log(str(e))
                continue
            if got is not None:
                self._handle(journal, channel, *got)
        now = time.ticks_ms()
        for n in journal.pending[:WINDOW]:
            entry = None
            for i in range(PARTS):
                number = n * PARTS + i
                if number in self.acked:
                    continue
                sent = self.sent.get(number)
                if sent is not None and time.ticks_diff(now, sent) < self.backoff.delay:
                    continue
                if sent is not None:
                    self.backoff.grow()
                entry = entry or journal.entry(n)
                if i < len(entry.messages):
                    self._send(b"M", number, *entry.messages[i])
                    self.sent[number] = now
                else:
                    self.acked.add(number)  # no such part: nothing to wait for

    def _handle(self, journal, channel, kind, n, payload):
        if kind == "A":
            self.sent.pop(n, None)
            self.acked.add(n)
            self.backoff.reset()
            entry = n // PARTS
            parts = [entry * PARTS + i for i in range(PARTS)]
            if all(p in self.acked for p in parts):
                journal.delivered(entry)
                for p in parts:
                    self.acked.discard(p)
        elif kind == "N":
            log("relay refused message %d: %s" % (n, payload.decode()))
        elif kind == "S":
            try:
                got = channel.accept(*frame.split(payload))
            except ValueError as e:  # StreamsError, FrameError: not a subscription for us
                self._send(b"N", n, str(e).encode())
                return
            log("%s of %s accepted; keyload queued" % (got.kind, got.publisher.hex()))
            self._send(b"A", n)
