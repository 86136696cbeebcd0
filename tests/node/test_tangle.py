"""The Chrysalis message codec and its validation, and Streams link indexes."""
import hashlib
import struct

import pytest

from mstreams_host import link
from mstreams_host.node import tangle

NET = tangle.network_id("chrysalis-mainnet")
P1, P2 = bytes([1]) * 32, bytes([2]) * 32


def raw_message(parents=(P1,), payload=None, net=NET, nonce=7, trailing=b""):
    out = struct.pack("<QB", net, len(parents)) + b"".join(parents)
    out += struct.pack("<I", len(payload)) + payload if payload else struct.pack("<I", 0)
    return out + struct.pack("<Q", nonce) + trailing


def indexation(index, data, kind=2):
    return struct.pack("<IH", kind, len(index)) + index + struct.pack("<I", len(data)) + data


def test_network_id_of_mainnet():
    # chrysalis-node-api.md: what the official client derives from "chrysalis-mainnet".
    assert NET == 1454675179895816119


def test_link_index_doc_vector():
    # wire notes §9.1, the doc-test vector of iota-streams.
    assert link.index(b"\xac" * 40, b"\xab" * 12).hex() == (
        "2cb59b016d8da9b1d146e212be79282c5a6c9f6df1251e00b950f53beb4b8061")


def test_roundtrip_and_id():
    raw = raw_message((P1, P2), indexation(b"idx", b"streams bytes"))
    message = tangle.decode(raw)
    assert message.network_id == NET and message.parents == [P1, P2]
    assert message.payload == (b"idx", b"streams bytes") and message.nonce == 7
    assert message.to_bytes() == raw
    assert tangle.message_id(raw) == hashlib.blake2b(raw, digest_size=32).digest()
    assert tangle.decode(raw_message()).payload is None


def test_json_form_roundtrip():
    message = tangle.decode(raw_message((P1,), indexation(b"\x00\xff", b"d")))
    dto = message.to_json()
    assert dto == {"networkId": str(NET), "parentMessageIds": [P1.hex()],
                   "payload": {"type": 2, "index": "00ff", "data": "64"}, "nonce": "7"}
    assert tangle.from_json(dto, 0, []).to_bytes() == message.to_bytes()


def test_json_defaults_as_hornet():
    message = tangle.from_json({"payload": {"type": 2, "index": "61", "data": ""}},
                               NET, [P2, P1])
    assert message.network_id == NET and message.parents == [P1, P2] and message.nonce == 0


@pytest.mark.parametrize("raw, why", [
    (b"", "ends inside"),
    (raw_message()[:-1], "ends inside the nonce"),
    (raw_message(trailing=b"\0"), "trailing bytes"),
    (raw_message(parents=()), "1 to 8 parents"),
    (raw_message(parents=[bytes([i]) * 32 for i in range(9)]), "1 to 8 parents"),
    (raw_message(parents=(P2, P1)), "sorted"),
    (raw_message(parents=(P1, P1)), "sorted and unique"),
    (raw_message(payload=indexation(b"", b"x")), "1 to 64 bytes"),
    (raw_message(payload=indexation(b"i" * 65, b"x")), "1 to 64 bytes"),
    (raw_message(payload=indexation(b"i", b"x", kind=0)), "payload type 0"),
    (raw_message(payload=indexation(b"i", b"x") + b"\0"), "trailing bytes after the indexation"),
    (raw_message(payload=indexation(b"i", b"x")[:-1]), "ends inside the data"),
    (raw_message(payload=indexation(b"i", b"x" * 32768)), "at most 32768 bytes"),
])
def test_decode_rejects(raw, why):
    with pytest.raises(tangle.InvalidMessage, match=why):
        tangle.decode(raw)


@pytest.mark.parametrize("dto, why", [
    ([], "JSON object"),
    ({"networkId": 5}, "decimal string"),
    ({"nonce": "-1"}, "decimal string"),
    ({"nonce": "\u00b2"}, "decimal string"),
    ({"nonce": "9" * 5000}, "decimal string"),
    ({"parentMessageIds": "00"}, "must be a list"),
    ({"parentMessageIds": ["zz"]}, "not valid hex"),
    ({"parentMessageIds": ["00"]}, "32 bytes"),
    ({"payload": {"type": 0}}, "only indexation"),
    ({"payload": {"type": 2, "index": "", "data": ""}}, "1 to 64 bytes"),
    ({"payload": {"type": 2, "index": 5, "data": ""}}, "hex string"),
    ({"payload": {"type": 2, "index": "61", "data": "00" * 32768}}, "at most 32768"),
    ({"networkId": str(1 << 64)}, "u64"),
])
def test_from_json_rejects(dto, why):
    with pytest.raises(tangle.InvalidMessage, match=why):
        tangle.from_json(dto, NET, [P1])


def test_channel_of_streams_headers():
    appinst = bytes(range(32)) + bytes(8)
    announce = bytes([0, 0, 0x00, 1, 4, 0, 0, 0, 0]) + bytes(9) + appinst[:32] + bytes(101)
    assert link.channel_of(announce) == appinst
    other = appinst[:32] + b"\x77" * 8
    signed = bytes([0, 0, 0x30, 1, 4, 0, 0, 0, 1, 0x34]) + other + b"m" * 12 + bytes(60)
    assert link.channel_of(signed) == other
    assert link.channel_of(b"not a streams message" * 4) is None


@pytest.mark.parametrize("text", ["", "ab:cd", "00" * 40, "00" * 40 + ":" + "0" * 23,
                                  "zz" * 40 + ":" + "00" * 12])
def test_link_parse_rejects(text):
    with pytest.raises(ValueError, match="80 hex"):
        link.parse(text)
