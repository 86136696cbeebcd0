"""The Wi-Fi path: the board posts each message to the node's ingest endpoint
itself (the unix port's sockets stand in for Wi-Fi), with the bearer token
from its config when the node wants one."""
import json

from node.conftest import NodeProcess
from protocol.test_interop import official

from .conftest import PSK_SEED, readings_of, read_channel

READINGS = 8


def test_board_posts_to_the_node(board, node):
    announce = board.setup(READINGS, link="wifi", node=node.url)
    board.boot()
    board.wait_for("done: %d readings delivered" % READINGS)
    got = official(node.url, "psk-read", "official reader", announce, PSK_SEED)["got"]
    assert [int(m["public"][2:10], 16) for m in got] == list(range(1, READINGS + 1))
    mine = readings_of(read_channel(node.url, announce))
    assert mine == [(int(m["public"][2:10], 16), json.loads(bytes.fromhex(m["masked"])))
                    for m in got]
    # announce, keyload, the readings, and a sequence message for each but the announce
    assert node.log.count("POST /api/v1/streams/") == 2 * READINGS + 3
    assert board.errors() == []


def test_token_and_outage(board, tmp_path):
    """A node wanting a token gets it; while the node is down the board keeps
    its messages and posts them once it is back."""
    (tmp_path / "token").write_text("board token 1234")
    args = ["--db", str(tmp_path / "t.db"), "--token-file", str(tmp_path / "token")]
    node = NodeProcess(args, tmp_path / "node1.log")
    url = node.url
    node.stop()  # down before the board starts
    announce = board.setup(4, link="wifi", node=url, token="board token 1234")
    board.boot()
    board.wait_for("node unreachable or refused message 0")
    node = NodeProcess(args + ["--port", url.rsplit(":", 1)[1]], tmp_path / "node2.log")
    try:
        board.wait_for("done: 4 readings delivered", timeout=90)
        assert [n for n, _ in readings_of(read_channel(node.url, announce))] == [1, 2, 3, 4]
        assert "board token 1234" not in "\n".join(board.lines) + node.log
    finally:
        node.stop()
