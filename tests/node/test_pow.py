"""Proof of work (RFC-0024) with --min-pow-score, checked against the official client's miner."""
import math
import uuid

import httpx
import pytest

from mstreams_host import link
from mstreams_host.node import pow, tangle
from mstreams_host.transport import Client

MIN_SCORE = 10


@pytest.fixture
def pow_node(start_node, tmp_path):
    return start_node("--db", tmp_path / "tangle.db", "--min-pow-score", MIN_SCORE)


def test_messages_mined_by_the_official_client_pass(pow_node, official_client):
    result = official_client(pow_node.url, "pow", uuid.uuid4().hex)
    assert [m["public"] for m in result["got"]] == ["mined public"]
    with Client(pow_node.url) as c:
        assert c.info()["minPoWScore"] == MIN_SCORE
        for name in ("announce", "signed"):
            [mid] = c.message_ids(link.index(*link.parse(result[name])))
            raw = c.message(mid).to_bytes()
            # The client mines ceil(log3(length * score)) trailing zero trits.
            assert pow.score(raw) >= 3 ** math.ceil(math.log(len(raw) * MIN_SCORE, 3)) / len(raw)
            # Its nonce is what earns the score: without it the score falls below.
            assert pow.score(raw[:-8] + bytes(8)) < MIN_SCORE


def test_unmined_messages_are_refused(pow_node):
    raw = tangle.Message(tangle.network_id("chrysalis-mainnet"), [bytes(32)],
                         (b"index", b"data")).to_bytes()
    assert pow.score(raw) < MIN_SCORE
    answer = httpx.post(pow_node.url + "/api/v1/messages", content=raw,
                        headers={"Content-Type": "application/octet-stream"})
    assert answer.status_code == 400
    assert "proof-of-work score" in answer.json()["error"]["message"]
    # Messages the node wraps itself (ingest, for local or token-holding writers) need none.
    with Client(pow_node.url) as c:
        assert c.post_streams(b"\1" * 40, b"\2" * 12, b"reading")


def test_b1t6_balanced_trits():
    # Bytes are signed: 127 = -8 + 5·27, -1 = -1 + 0·27, -128 = 7 - 5·27.
    def value(trits):
        return sum(t * 3 ** i for i, t in enumerate(trits))
    for byte, (low, high) in {127: (-8, 5), 255: (-1, 0), 128: (7, -5), 0: (0, 0)}.items():
        trits = pow.b1t6(bytes([byte]))
        assert all(t in (-1, 0, 1) for t in trits)
        assert (value(trits[:3]), value(trits[3:])) == (low, high)
