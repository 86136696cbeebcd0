"""The official @iota/streams@1.2.1 client against `mstreams node`."""
import signal
import uuid

import httpx
import pytest

from mstreams_host import link
from mstreams_host.node import tangle

SIGNED = {"public": "signed public", "masked": "signed masked"}
TAGGED = {"public": "tagged public", "masked": "tagged masked"}
FROM_A = {"public": "from a public", "masked": "from a masked"}


def payloads(got):
    return [{"public": m["public"], "masked": m["masked"]} for m in got]


def only_message_at(url, link_text):
    """The one Tangle message stored at a Streams link's index, decoded."""
    index = link.index(*link.parse(link_text)).hex()
    ids = httpx.get(url + "/api/v1/messages?index=" + index).json()["data"]["messageIds"]
    assert len(ids) == 1
    raw = httpx.get(url + "/api/v1/messages/%s/raw" % ids[0]).content
    return tangle.decode(raw)


@pytest.mark.parametrize("channel", ["single", "multi", "depth"])
def test_round_trip(node, official_client, channel):
    result = official_client(node.url, "roundtrip", channel, uuid.uuid4().hex)
    # Subscribers A and B read the author's packets, masked parts decrypted;
    # C unsubscribed before the keyload and is not in it.
    assert payloads(result["a"]) == payloads(result["b"]) == [SIGNED, TAGGED]
    assert [m["link"] for m in result["a"]] == [result["signed"], result["tagged"]]
    assert result["cInKeyload"] is False
    if channel != "depth":
        assert payloads(result["authorGot"]) == payloads(result["bGot"]) == [FROM_A]
    # Every message sits alone at BLAKE2b-256(appinst‖msgid), with the channel in its header.
    appinst = bytes.fromhex(result["announce"].split(":")[0])
    for name in ("announce", "keyload", "signed", "tagged", "unsubscribe"):
        message = only_message_at(node.url, result[name])
        assert link.channel_of(message.payload[1]) == appinst


def test_restart_keeps_every_message(start_node, official_client, db):
    seed = uuid.uuid4().hex
    first = start_node("--db", db)
    written = official_client(first.url, "write", seed)
    first.stop()
    second = start_node("--db", db)
    got = official_client(second.url, "read", seed, written["announce"])["got"]
    assert payloads(got) == [{"public": "before restart 1", "masked": "masked 1"},
                             {"public": "before restart 2", "masked": "masked 2"}]
    assert [m["link"] for m in got] == [written["signed"], written["tagged"]]


def test_an_answered_post_survives_a_kill(start_node, db):
    first = start_node("--db", db)
    raw = tangle.Message(tangle.network_id("chrysalis-mainnet"), [bytes(32)],
                         (b"durable", b"data")).to_bytes()
    posted = httpx.post(first.url + "/api/v1/messages", content=raw,
                        headers={"Content-Type": "application/octet-stream"})
    assert posted.status_code == 201
    first.stop(signal.SIGKILL)
    second = start_node("--db", db)
    mid = posted.json()["data"]["messageId"]
    assert httpx.get(second.url + "/api/v1/messages/%s/raw" % mid).content == raw
