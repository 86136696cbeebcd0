"""`mstreams node` over HTTP: the Chrysalis endpoints, bad input, write tokens."""
import subprocess

import httpx
import pytest

from .conftest import MSTREAMS
from mstreams_host.node import tangle

NET = tangle.network_id("chrysalis-mainnet")
ZERO = "00" * 32


def binary(index=b"idx", data=b"payload", parents=(bytes(32),), net=NET):
    return tangle.Message(net, list(parents), (index, data)).to_bytes()


def post_binary(url, raw, token=None):
    headers = {"Content-Type": "application/octet-stream"}
    if token is not None:
        headers["Authorization"] = "Bearer " + token
    return httpx.post(url + "/api/v1/messages", content=raw, headers=headers)


def get(url, path):
    return httpx.get(url + path)


def assert_error(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == str(status) and body["error"]["message"]


def test_info_has_every_field(node):
    info = get(node.url, "/api/v1/info").json()["data"]
    assert set(info) == {
        "name", "version", "isHealthy", "networkId", "bech32HRP", "minPoWScore",
        "messagesPerSecond", "referencedMessagesPerSecond", "referencedRate",
        "latestMilestoneTimestamp", "latestMilestoneIndex", "confirmedMilestoneIndex",
        "pruningIndex", "features"}
    assert info["networkId"] == "chrysalis-mainnet" and info["minPoWScore"] == 0
    assert get(node.url, "/health").status_code == 200
    assert get(node.url, "/api/v1/peers").json() == {"data": []}


def test_message_endpoints(node):
    assert get(node.url, "/api/v1/tips").json() == {"data": {"tipMessageIds": [ZERO]}}
    raw = binary(b"\x01\x02", b"streams data")
    posted = post_binary(node.url, raw)
    assert posted.status_code == 201
    mid = tangle.message_id(raw).hex()
    assert posted.json() == {"data": {"messageId": mid}}
    assert posted.headers["Location"] == "/api/v1/messages/" + mid

    assert get(node.url, "/api/v1/messages/" + mid).json()["data"] == {
        "networkId": str(NET), "parentMessageIds": [ZERO],
        "payload": {"type": 2, "index": "0102", "data": raw[-20:-8].hex()}, "nonce": "0"}
    assert get(node.url, "/api/v1/messages/%s/raw" % mid).content == raw
    meta = get(node.url, "/api/v1/messages/%s/metadata" % mid).json()["data"]
    assert meta == {"messageId": mid, "parentMessageIds": [ZERO], "isSolid": True,
                    "referencedByMilestoneIndex": 1, "ledgerInclusionState": "noTransaction"}
    milestone = get(node.url, "/api/v1/milestones/1").json()["data"]
    assert milestone["index"] == 1 and milestone["messageId"] == mid
    assert get(node.url, "/api/v1/tips").json()["data"]["tipMessageIds"] == [mid]
    info = get(node.url, "/api/v1/info").json()["data"]
    assert info["latestMilestoneIndex"] == info["confirmedMilestoneIndex"] == 1

    # Index lookups compare zero-padded indexes, as Hornet does.
    for text in ("0102", "010200"):
        found = get(node.url, "/api/v1/messages?index=" + text).json()["data"]
        assert found == {"index": text, "maxResults": 1000, "count": 1, "messageIds": [mid]}
    assert get(node.url, "/api/v1/messages?index=0103").json()["data"]["messageIds"] == []

    # A child approves it: children, tips and a JSON post that takes the tips as parents.
    child = httpx.post(node.url + "/api/v1/messages",
                       json={"payload": {"type": 2, "index": "6869", "data": "00"}})
    assert child.status_code == 201
    cid = child.json()["data"]["messageId"]
    assert get(node.url, "/api/v1/messages/%s/children" % mid).json()["data"] == {
        "messageId": mid, "maxResults": 1000, "count": 1, "childrenMessageIds": [cid]}
    assert get(node.url, "/api/v1/messages/" + cid).json()["data"]["parentMessageIds"] == [mid]
    assert get(node.url, "/api/v1/tips").json()["data"]["tipMessageIds"] == [cid]


def test_same_message_twice_is_stored_once(node):
    raw = binary()
    ids = {post_binary(node.url, raw).json()["data"]["messageId"] for _ in range(2)}
    assert ids == {tangle.message_id(raw).hex()}
    assert get(node.url, "/api/v1/messages?index=" + b"idx".hex()).json()["data"]["count"] == 1


OVERSIZE = binary(data=b"x" * 32768)


@pytest.mark.parametrize("method, path, body, ctype, status", [
    ("POST", "/api/v1/messages", b"\x01\x02", "application/octet-stream", 400),
    ("POST", "/api/v1/messages", binary()[:-1], "application/octet-stream", 400),
    ("POST", "/api/v1/messages", binary() + b"\0", "application/octet-stream", 400),
    ("POST", "/api/v1/messages", binary(parents=(b"\2" * 32, b"\1" * 32)),
     "application/octet-stream", 400),
    ("POST", "/api/v1/messages", binary(net=NET + 1), "application/octet-stream", 400),
    ("POST", "/api/v1/messages", OVERSIZE, "application/octet-stream", 400),
    ("POST", "/api/v1/messages", b"\0" * 200_000, "application/octet-stream", 413),
    ("POST", "/api/v1/messages", b"{not json", "application/json", 400),
    ("POST", "/api/v1/messages", b'{"payload": {"type": 7}}', "application/json", 400),
    ("POST", "/api/v1/messages", b'{"networkId": "1"}', "application/json", 400),
    ("POST", "/api/v1/messages", b'"a string"', "application/json", 400),
    ("POST", "/api/v1/messages", b"x", "text/plain", 415),
    ("GET", "/api/v1/messages", None, None, 400),
    ("GET", "/api/v1/messages?index=zz", None, None, 400),
    ("GET", "/api/v1/messages?index=", None, None, 400),
    ("GET", "/api/v1/messages?index=" + "00" * 65, None, None, 400),
    ("GET", "/api/v1/messages/" + "ab" * 32, None, None, 404),
    ("GET", "/api/v1/messages/1234", None, None, 400),
    ("GET", "/api/v1/messages/%s/metadata" % ("ab" * 32), None, None, 404),
    ("GET", "/api/v1/messages/%s/raw" % ("xy" * 32), None, None, 400),
    ("GET", "/api/v1/messages/%s/children" % ("ab" * 32), None, None, 404),
    ("GET", "/api/v1/milestones/0", None, None, 400),
    ("GET", "/api/v1/milestones/abc", None, None, 400),
    ("GET", "/api/v1/milestones/\u00b2", None, None, 400),
    ("GET", "/api/v1/milestones/" + "9" * 5000, None, None, 400),
    ("POST", "/api/v1/messages", '{"nonce": "\u00b2"}'.encode(), "application/json", 400),
    ("POST", "/api/v1/messages", b'{"nonce": "%s"}' % (b"9" * 5000), "application/json", 400),
    ("GET", "/api/v1/milestones/99", None, None, 404),
    ("GET", "/api/v1/nothing-here", None, None, 404),
    ("DELETE", "/api/v1/messages", None, None, 405),
])
def test_bad_input_is_a_4xx_and_the_node_keeps_serving(node, method, path, body, ctype, status):
    headers = {"Content-Type": ctype} if ctype else {}
    assert_error(httpx.request(method, node.url + path, content=body, headers=headers), status)
    assert post_binary(node.url, binary()).status_code == 201
    assert get(node.url, "/health").status_code == 200


def test_writes_need_the_token_when_the_node_has_one(start_node, tmp_path):
    secret = "s3cret-token-value"
    (tmp_path / "token").write_text(secret + "\n")
    node = start_node("--db", tmp_path / "t.db", "--token-file", tmp_path / "token")
    raw = binary()
    assert_error(post_binary(node.url, raw), 401)
    assert_error(post_binary(node.url, raw, token="wrong"), 401)
    assert_error(httpx.post(node.url + "/api/v1/messages", content=raw, headers={
        "Content-Type": "application/octet-stream", "Authorization": secret}), 401)
    ok = post_binary(node.url, raw, token=secret)
    assert ok.status_code == 201
    # Reads stay open.
    assert get(node.url, "/api/v1/messages/" + ok.json()["data"]["messageId"]).status_code == 200
    node.stop()
    assert secret not in node.log


def test_off_loopback_without_a_token_does_not_start(tmp_path):
    proc = subprocess.run([str(MSTREAMS), "node", "--host", "0.0.0.0", "--port", "0",
                           "--db", str(tmp_path / "t.db")], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 2
    assert "--token-file" in proc.stderr
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("db", ["postgresql://mstreams:topsecret@127.0.0.1:1/tangle",
                                "/nonexistent-dir/tangle.db"])
def test_a_store_that_cannot_be_opened_is_a_clear_error(db):
    proc = subprocess.run([str(MSTREAMS), "node", "--port", "0", "--db", db],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert "cannot open the store" in proc.stderr
    assert "topsecret" not in proc.stdout + proc.stderr
