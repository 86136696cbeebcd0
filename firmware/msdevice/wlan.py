"""Wi-Fi: joining a network as a station (ESP32 and Pico W share MicroPython's
network.WLAN API, so their board.py both use this), and the link that posts
messages to the node (links.py says what a link does)."""
import time

from .app import log
from .links import Backoff


def join(ssid, password, timeout_s=20):
    """Returns once connected; OSError saying why not (never the password)."""
    try:
        import network
    except ImportError:
        raise OSError("wifi: this board has no network module (a Pico without W?)")
    wlan = network.WLAN(network.STA_IF)
    wlan.active(True)
    wlan.connect(ssid, password)
    deadline = time.ticks_add(time.ticks_ms(), int(timeout_s * 1000))
    while not wlan.isconnected():
        if time.ticks_diff(deadline, time.ticks_ms()) <= 0:
            # The driver keeps retrying in the background; the last status says why it failed.
            status = wlan.status()
            wlan.disconnect()
            reason = {network.STAT_WRONG_PASSWORD: " (wrong password)",
                      network.STAT_NO_AP_FOUND: " (no such network in range)"}.get(status, "")
            raise OSError("wifi: could not join %s within %d s%s" % (ssid, timeout_s, reason))
        time.sleep_ms(100)


class WifiLink:
    """HTTP posts to `POST <node>/api/v1/streams/<appinst>:<msgid>`."""

    def __init__(self, node, token):
        if not node.startswith("http://"):
            raise ValueError("node must be an http:// URL, not %r" % node)
        host, _, port = node[7:].rstrip("/").partition(":")
        self.host, self.port = host, int(port or 80)
        self.token = token
        self.retry_at = time.ticks_ms()
        self.backoff = Backoff()

    def step(self, journal, channel, wait_ms):
        time.sleep_ms(wait_ms)
        while journal.pending and time.ticks_diff(time.ticks_ms(), self.retry_at) >= 0:
            n = journal.pending[0]
            try:
                for address, data in journal.entry(n).messages:  # again is harmless
                    self._post(address, data)
            except OSError as err:
                log("node unreachable or refused message %d (%s); retrying in %d s"
                    % (n, err, self.backoff.delay // 1000))
                self.retry_at = time.ticks_add(time.ticks_ms(), self.backoff.delay)
                self.backoff.grow()
                return
            journal.delivered(n)
            self.backoff.reset()

    def _post(self, address, data):
        import socket
        path = "/api/v1/streams/%s:%s" % (address[:40].hex(), address[40:].hex())
        head = "POST %s HTTP/1.0\r\nHost: %s\r\nContent-Type: application/octet-stream\r\n" \
               "Content-Length: %d\r\n" % (path, self.host, len(data))
        if self.token:
            head += "Authorization: Bearer %s\r\n" % self.token
        s = socket.socket()
        try:
            s.settimeout(10)
            s.connect(socket.getaddrinfo(self.host, self.port)[0][-1])
            s.write(head.encode() + b"\r\n")
            s.write(data)
            status = s.recv(32).split(b" ")
        finally:
            s.close()
        if len(status) < 2 or not status[1].startswith(b"2"):
            raise OSError("HTTP %s" % (status[1].decode() if len(status) > 1 else "?"))
