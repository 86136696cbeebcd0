"""The serial path: the virtual board, deployed and provisioned with
mpremote, streams readings over its serial line; the relay posts them to the
node as standard Chrysalis messages; the official client reads them all."""
import json

from protocol.test_interop import official

from .conftest import PSK_SEED, readings_of, read_channel

READINGS = 12


def test_official_subscriber_reads_every_reading(board, node, relays):
    announce = board.setup(READINGS)
    board.boot()
    relays(board.port, node.url)
    board.wait_for("done: %d readings delivered" % READINGS)
    assert board.wait_for("channel ").endswith("crypto: natmod")
    got = official(node.url, "psk-read", "official reader", announce, PSK_SEED)["got"]
    author_pk = announce.split(":")[0][:64]
    assert [m["publisher"] for m in got] == [author_pk] * READINGS
    numbers = [int(m["public"][2:10], 16) for m in got]
    assert numbers == list(range(1, READINGS + 1))
    values = [json.loads(bytes.fromhex(m["masked"])) for m in got]
    assert all(set(v) == {"temp_c", "humidity_pct", "pressure_hpa"} for v in values)
    # mstreams reads the same, verified and decrypted.
    assert readings_of(read_channel(node.url, announce)) == list(zip(numbers, values))
    assert board.errors() == []


def test_relay_posts_standard_chrysalis_messages(board, node, relays):
    """Every message went through POST /api/v1/messages (not the ingest
    endpoint), once, at its link's index."""
    announce = board.setup(3)
    board.boot()
    relays(board.port, node.url)
    board.wait_for("done: 3 readings delivered")
    log = node.log
    assert "POST /api/v1/streams/" not in log
    # announce, keyload, 3 readings, and the sequence message of each but the announce
    assert log.count("POST /api/v1/messages ") == 9
    assert [m.kind for m in read_channel(node.url, announce)] == ["keyload"] + ["signed"] * 3
