"""A laptop subscriber asks to join a board's channel: its subscribe goes to
the node, the relay forwards it to the board, the board (the author) takes it
and sends a keyload that includes it, and the subscriber reads the readings
that follow with its own key (no PSK)."""
import contextlib
import os
import time

import mstreams
from mstreams_host.channel import Subscriber
from mstreams_host.transport import Client

from .conftest import readings_of


@contextlib.contextmanager
def laptop_of(board, node, relays):
    """(laptop subscriber, announce link): a board streaming 40 readings
    through the relay, and a laptop that has read its announce."""
    announce = board.setup(40, period=0.2)
    board.boot()
    relays(board.port, node.url)
    with Client(node.url) as client:
        laptop = Subscriber(mstreams.Subscriber("laptop " + os.urandom(4).hex()), client)
        deadline = time.monotonic() + 30
        while not laptop.candidates(*mstreams.parse_link(announce)):
            assert time.monotonic() < deadline, "the announce never reached the node"
            time.sleep(0.1)
        laptop.receive_announcement(announce)
        yield laptop, announce


def test_subscriber_joins_through_the_relay(board, node, relays):
    with laptop_of(board, node, relays) as (laptop, announce):
        laptop.send_subscribe(announce)
        pk = laptop.user.keys.pk.hex()
        board.wait_for("subscribe of %s accepted; keyload queued" % pk)
        board.wait_for("done: 40 readings delivered")
        got = laptop.fetch_next_msgs()
    read = [m for m in got if not isinstance(m, mstreams.Unreadable)]
    unopened = [m for m in got if isinstance(m, mstreams.Unreadable)]
    # the first keyload (for the PSK only), then the one that includes the laptop
    assert [m.kind for m in read if m.kind == "keyload"] == ["keyload", "keyload"]
    assert read[0].masked is None and read[1].masked is not None
    numbers = [n for n, _ in readings_of(read)]
    assert numbers == list(range(len(unopened) + 1, 41))  # every later reading, decrypted
    # the readings made before it joined: listed, but not for its key
    assert unopened and all("could not open" in m.reason for m in unopened)
    assert board.errors() == []


def test_unsubscribed_reader_is_left_out(board, node, relays):
    """After an unsubscribe, the board's next keyload leaves the leaver out:
    the readings after it are not for its key any more."""
    with laptop_of(board, node, relays) as (laptop, announce):
        subscribe = laptop.send_subscribe(announce)
        pk = laptop.user.keys.pk.hex()
        board.wait_for("subscribe of %s accepted" % pk)
        got = laptop.fetch_next_msgs()  # so that it unsubscribes from where it is
        laptop.send_unsubscribe(subscribe)
        board.wait_for("unsubscribe of %s accepted" % pk)
        board.wait_for("done: 40 readings delivered")
        got += laptop.fetch_next_msgs()
    read = [m for m in got if not isinstance(m, mstreams.Unreadable)]
    unopened = [m for m in got if isinstance(m, mstreams.Unreadable)]
    kinds = [m.kind for m in read]
    assert kinds.count("keyload") == 3  # PSK only; with the laptop; without it again
    assert [m.masked is not None for m in read if m.kind == "keyload"] == [False, True, False]
    numbers = [n for n, _ in readings_of(read)]  # those between its two keyloads
    assert numbers and numbers == list(range(numbers[0], numbers[-1] + 1))
    # the readings before it joined and after it left are not for its key
    assert len(unopened) == 40 - len(numbers)
    assert all("could not open" in m.reason for m in unopened)
    assert board.errors() == []
