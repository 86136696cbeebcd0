"""Fixtures of the protocol tests: the Appendix B chain as read by the PSK
holder; `mstreams node` and a client of it, for the interop tests."""
from pathlib import Path

import pytest

from conftest import FIRMWARE, compile_mpy
from mstreams import Subscriber
from mstreams.prng import psk_from_seed
from mstreams_host.transport import Client

from .wire_vectors import B

APPINST = bytes.fromhex(
    "5c1002b3263d7ab593f5346bb9f08c4be57e43161716cf6175e87ba9ae577d72") + bytes(8)
PSK = psk_from_seed(b"A pre shared key")


def b_message(name):
    """(msgid, bytes) of an Appendix B message."""
    mid, parts = B[name]
    return bytes.fromhex(mid), bytes.fromhex("".join(parts))


def reader(psk=PSK, seed="SUBSCRIBERB9SEED"):
    """A subscriber that has read the Appendix B announce (and holds the PSK)."""
    sub = Subscriber(seed)
    sub.receive_announcement(APPINST, *b_message("announce"))
    if psk:
        sub.store_psk(psk)
    return sub


@pytest.fixture
def psk_reader():
    return reader()


@pytest.fixture(scope="session")
def mstreams_lib(tmp_path_factory):
    """The protocol package, the crypto fallback and mpy_channel, compiled
    for the MicroPython unix port."""
    lib = tmp_path_factory.mktemp("mstreams_lib")
    for src in (FIRMWARE / "mstreams", FIRMWARE / "mscrypto_fallback.py",
                Path(__file__).parent / "mpy_channel.py"):
        compile_mpy(src, lib)
    return lib


@pytest.fixture
def node(tmp_path):
    from node.conftest import NodeProcess
    running = NodeProcess(["--db", str(tmp_path / "tangle.db")], tmp_path / "node.log")
    yield running
    running.stop()


@pytest.fixture
def client(node):
    with Client(node.url) as c:
        yield c
