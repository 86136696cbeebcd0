"""`mstreams relay`: carries a board's messages from its serial line to a node.

Each M frame's message is posted as a standard Chrysalis indexation message
(so any Chrysalis-API node serves), unless the node already holds it there
(a board resending after a lost acknowledgement), and acknowledged to the
board only then. Subscription requests posted for the board's channel are
forwarded to it as S frames. A board unplugged (or reset) is waited for."""
import logging
import threading
import time

import serial
from msdevice import frame
from mstreams import link_str

from . import link
from .transport import NodeError

log = logging.getLogger("mstreams.relay")

REOPEN_S = 1.0     # between attempts to open a missing port
REQUESTS_S = 2.0   # between looks for subscription requests
RESEND_S = 5.0     # an S frame not answered by then is sent again


def publish(node, appinst, msgid, data):
    """Posts a Streams message at its link, unless the node already has it
    there; the official client cannot read a link holding two messages."""
    if data in node.streams_messages(appinst, msgid):
        return False
    node.post_indexed(link.index(appinst, msgid), data)
    return True


class Relay:
    def __init__(self, port, node, on_delivered=None, on_board_line=None):
        """node: a transport Client; on_delivered(n, link) after each message
        the node accepted; on_board_line(text) for the board's console lines."""
        self.port = port
        self.node = node
        self.on_delivered = on_delivered or (lambda n, link_text: None)
        self.on_board_line = on_board_line or (lambda text: log.info("board: %s", text))
        self.stopping = threading.Event()
        self.line = None
        self.appinst = None       # the board's channel, from its first message
        self.requests_seen = set()
        self.forwarding = {}      # S frame number -> (payload, time sent)
        self.next_request = 0
        self.requests_due = 0.0

    def stop(self):
        self.stopping.set()

    def run(self):
        """Relays until stop(); survives the board going away and coming back."""
        while not self.stopping.is_set():
            try:
                with serial.Serial(self.port, 115200, timeout=0.2) as line:
                    self.line = line
                    log.info("relaying %s to %s", self.port, self.node.url)
                    self._serve(line)
            except (serial.SerialException, OSError) as e:
                if self.line is not None:
                    log.warning("board at %s gone (%s); waiting for it", self.port, e)
                    self.line = None
                self.stopping.wait(REOPEN_S)

    def _serve(self, line):
        pending = b""
        while not self.stopping.is_set():
            pending += line.read(max(1, line.in_waiting))
            *lines, pending = pending.split(b"\n")
            for text in lines:
                self._handle(text.rstrip(b"\r"))
            self._forward_requests()

    def _send(self, kind, n, payload=b""):
        self.line.write(frame.encode(kind, n, payload))

    def _handle(self, text):
        try:
            got = frame.decode(text)
        except frame.FrameError as e:
            log.warning("%s (the board resends it)", e)
            return
        if got is None:
            if text.strip():
                self.on_board_line(text.decode("utf-8", "replace"))
            return
        kind, n, payload = got
        if kind == "M":
            self._deliver(n, payload)
        elif kind == "A":
            self.forwarding.pop(n, None)
        elif kind == "N":
            self.forwarding.pop(n, None)
            log.warning("board refused subscription request %d: %s", n,
                        payload.decode("utf-8", "replace"))

    def _deliver(self, n, payload):
        try:
            appinst, msgid, data = frame.split(payload)
            new = publish(self.node, appinst, msgid, data)
        except frame.FrameError as e:
            self._send(b"N", n, str(e).encode())
            return
        except NodeError as e:  # not acknowledged: the board keeps it and resends
            log.warning("message %d not delivered: %s", n, e)
            return
        self.appinst = appinst
        if new:
            self.on_delivered(n, link_str(appinst, msgid))
        self._send(b"A", n)

    def _forward_requests(self):
        """Sends the board the subscriptions asked for at its channel's request index."""
        now = time.monotonic()
        if self.appinst is None or now < self.requests_due:
            return
        self.requests_due = now + REQUESTS_S
        try:
            for message_id in self.node.message_ids(link.requests_index(self.appinst)):
                if message_id not in self.requests_seen:
                    self._request(message_id)
        except NodeError as e:
            log.warning("cannot look for subscription requests: %s", e)
            return
        for n, (payload, sent) in list(self.forwarding.items()):
            if now - sent >= RESEND_S:
                self._send(b"S", n, payload)
                self.forwarding[n] = (payload, now)

    def _request(self, message_id):
        self.requests_seen.add(message_id)
        message = self.node.message(message_id)
        try:
            appinst, msgid = link.parse(message.payload[1].decode())
        except (TypeError, IndexError, ValueError, UnicodeError):
            log.warning("ignoring a malformed subscription request %s", message_id.hex())
            return
        for data in self.node.streams_messages(appinst, msgid):
            n = self.next_request
            self.next_request += 1
            payload = frame.message(appinst + msgid, data)
            self._send(b"S", n, payload)
            self.forwarding[n] = (payload, time.monotonic())
            log.info("forwarded subscription request %s to the board", link_str(appinst, msgid))
