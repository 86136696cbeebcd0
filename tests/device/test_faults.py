"""Faults on the way from the board to the reader: the relay stopped for a
while, the board unplugged and plugged in again, the node restarted, the board's power cut (SIGKILL) at random moments
twenty times, bytes damaged on the serial line. Afterwards every reading is
in the channel exactly once, in order, and readers do not stall."""
import random
import time

from node.conftest import NodeProcess
from protocol.test_interop import official

from .conftest import PSK_SEED, readings_of, read_channel

READINGS = 60


def noisy(rng, rate):
    """Line noise: a bit flipped in `rate` of the chunks. A flip that makes a
    control character is moved to another bit: a real line's noise can be a
    Ctrl-C too, and that interrupts a board (by design: mpremote relies on it)."""
    def noise(data):
        data = bytearray(data)
        if rng.random() < rate:
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
            if data[i] < 0x20 and data[i] != 0x0A:
                data[i] ^= 0x40
        return bytes(data)
    return noise


def test_every_reading_exactly_once_in_order(board, relays, tmp_path, caplog):
    rng = random.Random(2026)
    args = ["--db", str(tmp_path / "tangle.db")]
    node = NodeProcess(args, tmp_path / "node1.log")
    port = node.url.rsplit(":", 1)[1]
    announce = board.setup(READINGS, period=0.25)
    board.boot()
    relay = relays(board.port, node.url)
    board.wait_for("reading 3 queued")

    board.vboard.noise = noisy(rng, 0.3)  # a damaged line, both ways
    time.sleep(3)
    board.vboard.noise = None

    relay.stop()                      # the relay away for a while
    time.sleep(3)
    relay = relays(board.port, node.url)

    time.sleep(1)
    board.vboard.unplug()             # the USB cable pulled, then plugged in again
    time.sleep(2)
    board.vboard.plug()

    node.stop()                       # the node restarted
    time.sleep(2)
    node = NodeProcess(args + ["--port", port], tmp_path / "node2.log")
    try:
        for _ in range(20):           # power cuts at random moments
            time.sleep(rng.uniform(0.05, 0.5))
            board.vboard.power_off()
            last_boot = len(board.lines)
            board.vboard.power_on()
        board.wait_for("done: %d readings delivered" % READINGS, start=last_boot, timeout=180)

        got = readings_of(read_channel(node.url, announce))
        assert [n for n, _ in got] == list(range(1, READINGS + 1))
        official_got = official(node.url, "psk-read", "official reader", announce,
                                PSK_SEED)["got"]
        assert [int(m["public"][2:10], 16) for m in official_got] == list(range(1, READINGS + 1))
        damaged = [line for line in board.lines if "damaged frame" in line]
        damaged += [r.getMessage() for r in caplog.records if "damaged frame" in r.getMessage()]
        assert damaged, "the noise damaged no frame: the test tested nothing"
        assert any("gone" in r.getMessage() for r in caplog.records)  # the relay saw the unplug
        assert board.errors() == []
    finally:
        node.stop()
