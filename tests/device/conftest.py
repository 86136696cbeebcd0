"""Fixtures of the board tests: the virtual board (the MicroPython unix port
on a pty), deployed and provisioned with mpremote like a real board; the
relay; `mstreams node`; and a reader of what the board published."""
import json
import os
import re
import threading
import time

import pytest

import mstreams
from msdevice import reading
from mstreams.prng import psk_from_seed
from mstreams_host import boards, deploy
from mstreams_host.channel import Subscriber
from mstreams_host.device_cli import DEFAULT_HEAP, board_config
from mstreams_host.relay import Relay
from mstreams_host.sim import VirtualBoard
from mstreams_host.transport import Client
from node.conftest import NodeProcess

PSK_SEED = "board test psk"
HEAP = DEFAULT_HEAP  # the heap `mstreams sim` gives the board


class Board:
    """A virtual board; `lines` holds what its app printed (without the prefix)."""

    def __init__(self, flash, heap=HEAP):
        self.lines = []
        self.vboard = VirtualBoard(flash, heap, self._line)
        self.port = self.vboard.port
        self.seed = None
        self.booted_at = 0

    def _line(self, raw):
        text = raw.decode("utf-8", "replace")
        if not text.startswith("!ms "):
            self.lines.append(text[10:] if text.startswith("mstreams: ") else text)

    def setup(self, readings, link="serial", node=None, period=0, psks=(PSK_SEED,), **extra):
        """Deploys and provisions with mpremote, as `mstreams sim` does; the announce link."""
        self.seed = "board " + os.urandom(8).hex()
        self.vboard.power_on()
        deploy.deploy(boards.load("sim"), self.port)
        config = board_config(self.seed, psks, link, "signed", "multi", period, readings, node,
                              None, {})
        config.update(extra)
        deploy.provision(self.port, config)
        author = mstreams.Author(self.seed)
        return mstreams.link_str(author.appinst, author.announce)

    def boot(self):
        self.booted_at = len(self.lines)  # before: mpremote's session (its probes fail)
        self.vboard.power_cycle()

    def wait_for(self, pattern, timeout=120, start=0):
        """The first line (from index start) matching the regex; fails on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if re.search(pattern, line):
                    return line
            if self.errors():
                break
            time.sleep(0.05)
        pytest.fail("the board did not print %r; it printed:\n%s"
                    % (pattern, "\n".join(self.lines[-30:])))

    def errors(self):
        return [line for line in self.lines[self.booted_at:]
                if re.match(r"\w+Error: |Traceback", line)]

    def close(self):
        self.vboard.close()


@pytest.fixture
def board(tmp_path):
    made = Board(tmp_path / "flash")
    yield made
    made.close()


class RelayThread:
    def __init__(self, port, url):
        self.client = Client(url, retries=1, backoff=0.1)
        self.relay = Relay(port, self.client, on_board_line=lambda text: None)
        self.thread = threading.Thread(target=self.relay.run, daemon=True)
        self.thread.start()

    def stop(self):
        self.relay.stop()
        self.thread.join(10)
        self.client.close()


@pytest.fixture
def relays():
    """relays(port, url) starts a relay thread; all are stopped at the end."""
    started = []

    def start(port, url):
        started.append(RelayThread(port, url))
        return started[-1]

    yield start
    for r in started:
        r.stop()


@pytest.fixture
def node(tmp_path):
    running = NodeProcess(["--db", str(tmp_path / "tangle.db")], tmp_path / "node.log")
    yield running
    running.stop()


def read_channel(url, announce, psk_seed=PSK_SEED):
    """Everything a PSK holder reads in the channel after the announce."""
    with Client(url) as node:
        channel = Subscriber(mstreams.Subscriber(os.urandom(32)), node)
        channel.receive_announcement(announce)
        channel.user.store.add_psk(psk_from_seed(psk_seed.encode()), channel.user.announce)
        return channel.fetch_next_msgs()


def readings_of(messages):
    """(reading number, values) of each signed or tagged packet, in channel order."""
    out = []
    for got in messages:
        assert not isinstance(got, mstreams.Unreadable), got.reason
        if got.kind in ("signed", "tagged"):
            number, _ = reading.decode_public(got.public)
            out.append((number, json.loads(got.masked)))
    return out
