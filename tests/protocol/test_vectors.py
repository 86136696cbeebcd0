"""Byte-exact reproduction of the wire notes' reference vectors (Appendix A,
§11, Appendix B): keys, addresses, announce, state export, and the
multi-branch chain decoded by a PSK holder and re-wrapped from its state."""
import pytest

from mstreams import Author, Subscriber, StreamsError
from mstreams import content
from mstreams.keys import Keys
from mstreams.message import Header, msgid, SEQUENCE
from mstreams.prng import pskid

from .conftest import APPINST, PSK, b_message, reader
from .wire_vectors import SEEDS, FRESH_EXPORT, ANNOUNCE_SINGLE

AUTHOR_PK = APPINST[:32]
SUB_A_PK = bytes.fromhex(SEEDS[2][1])
PUBLIC, MASKED = b"PUBLICPAYLOAD", b"MASKEDPAYLOAD"


@pytest.mark.parametrize("seed,pk,announce", SEEDS)
def test_seed_keys_and_announce_address(seed, pk, announce):
    assert Keys.from_seed(seed).pk.hex() == pk
    if announce:
        author = Author(seed)
        assert author.appinst == bytes.fromhex(pk) + bytes(8)
        assert author.send_announce().link == pk + "0000000000000000:" + announce


def test_single_branch_announce():
    sent = Author("EXAMPLESEED").send_announce()
    assert sent.data.hex() == ANNOUNCE_SINGLE
    assert len(sent.data) == 151


def test_fresh_author_export():
    assert Author("EXAMPLESEED").export_state("pwd").hex() == FRESH_EXPORT


def test_export_import_round_trip():
    author = Author.import_state(bytes.fromhex(FRESH_EXPORT), "pwd")
    assert author.keys.pk == AUTHOR_PK
    assert author.export_state("pwd").hex() == FRESH_EXPORT
    # It goes on as the original would: the same announce.
    assert author.send_announce().data.hex() == ANNOUNCE_SINGLE


@pytest.mark.parametrize("change,reason", [
    (lambda b: b, "wrong password"),  # with another password
    (lambda b: b[:1] + b"\x01" + b[2:], "exported by a subscriber"),
    (lambda b: b"\x01" + b[1:], "version"),
    (lambda b: b + b"\x00", "after the state"),
    (lambda b: b[:-1], "truncated"),
])
def test_import_rejects(change, reason):
    password = "other" if reason == "wrong password" else "pwd"
    with pytest.raises(StreamsError, match=reason):
        Author.import_state(change(bytes.fromhex(FRESH_EXPORT)), password)


def test_subscriber_import_of_author_state_rejected():
    with pytest.raises(StreamsError, match="exported by an author"):
        Subscriber.import_state(bytes.fromhex(FRESH_EXPORT), "pwd")


# -- Appendix B --------------------------------------------------------


def test_b_announce_rewrapped():
    mid, data = b_message("announce")
    sent = Author("EXAMPLESEED", flags=1).send_announce()
    assert (sent.msgid, sent.data) == (mid, data)


def test_b_addresses():
    keys = {name: b_message(name)[0] for name in ("announce", "keyload", "sequence", "signed",
                                                  "tagged")}
    assert msgid(APPINST, AUTHOR_PK, keys["announce"], 2) == keys["keyload"]
    assert msgid(APPINST, AUTHOR_PK, keys["announce"], 1) == keys["sequence"]
    assert msgid(APPINST, AUTHOR_PK, keys["keyload"], 3) == keys["signed"]
    assert msgid(APPINST, AUTHOR_PK, keys["signed"], 4) == keys["tagged"]
    assert pskid(PSK).hex() == "baff0f43011d14f11e86a96348e4570c"


def test_b_keyload_opened_by_the_psk_holder(psk_reader):
    got = psk_reader.receive(APPINST, *b_message("keyload"))
    assert got.kind == "keyload" and got.masked is not None
    assert got.publisher == AUTHOR_PK
    assert got.recipients == [SUB_A_PK, AUTHOR_PK, pskid(PSK)]
    # The listed subscriber is now known, with an initial cursor.
    assert psk_reader.store.cursors[SUB_A_PK] == [b_message("announce")[0], 0, 2]


def test_b_keyload_closed_to_others():
    outsider = reader(psk=None)
    got = outsider.receive(APPINST, *b_message("keyload"))
    assert got.masked is None
    with pytest.raises(StreamsError, match="has not read or could not open"):
        outsider.receive(APPINST, *b_message("signed"))


def read_chain(sub):
    return [sub.receive(APPINST, *b_message(name))
            for name in ("sequence", "keyload", "signed", "tagged")]


def test_b_chain_decoded(psk_reader):
    sequence, keyload, signed, tagged = read_chain(psk_reader)
    assert sequence.kind == "sequence" and sequence.refers == b_message("keyload")[0]
    assert (signed.kind, signed.publisher, signed.public, signed.masked) == (
        "signed", AUTHOR_PK, PUBLIC, MASKED)
    assert (tagged.kind, tagged.publisher, tagged.public, tagged.masked) == (
        "tagged", AUTHOR_PK, PUBLIC, MASKED)


def test_b_sequence_rewrapped(psk_reader):
    announce = b_message("announce")[0]
    mid, data = b_message("sequence")
    w = Header(SEQUENCE, APPINST, mid, announce, 1, AUTHOR_PK).wrap()
    content.wrap_sequence(w, announce, psk_reader.inner(announce), AUTHOR_PK, 2, announce)
    assert bytes(w.out) == data


def author_after_keyload(psk_reader):
    """The Appendix B author as it was after its keyload: the keyload's state
    (from the PSK holder, who shares it) and its cursor past the keyload."""
    psk_reader.receive(APPINST, *b_message("keyload"))
    author = Author("EXAMPLESEED", flags=1)
    keyload = b_message("keyload")[0]
    author.links[keyload] = psk_reader.links[keyload]
    author.links[b_message("sequence")[0]] = (b_message_state(psk_reader, "sequence"), SEQUENCE)
    author.store.cursors[AUTHOR_PK] = [b_message("sequence")[0], 0, 3]
    return author


def b_message_state(sub, name):
    sub.receive(APPINST, *b_message(name))
    return sub.links[b_message(name)[0]][0]


def test_b_packets_rewrapped(psk_reader):
    author = author_after_keyload(psk_reader)
    keyload = b_message("keyload")[0]
    signed, signed_seq = author.send_signed_packet(keyload, PUBLIC, MASKED)
    assert (signed.msgid, signed.data) == b_message("signed")
    assert signed_seq.msgid == msgid(APPINST, AUTHOR_PK, b_message("sequence")[0], 1)
    tagged, _ = author.send_tagged_packet(signed.msgid, PUBLIC, MASKED)
    assert (tagged.msgid, tagged.data) == b_message("tagged")


def test_b_fetch_next_follows_the_sequence_chain(psk_reader):
    # The chain as published: the reference messages plus the sequence
    # messages of the packets, re-wrapped (the appendix lists only the first).
    published = dict(b_message(name) for name in ("keyload", "sequence", "signed", "tagged"))
    author = author_after_keyload(reader())
    for sent in author.send_signed_packet(b_message("keyload")[0], PUBLIC, MASKED) + \
            author.send_tagged_packet(b_message("signed")[0], PUBLIC, MASKED):
        published.setdefault(sent.msgid, sent.data)
    got = psk_reader.fetch_next_msgs(lambda appinst, mid: [published[mid]] if mid in published
                                     else [])
    assert [(m.kind, m.link.split(":")[1]) for m in got] == [
        ("keyload", b_id("keyload")), ("signed", b_id("signed")), ("tagged", b_id("tagged"))]
    assert psk_reader.fetch_next_msgs(lambda appinst, mid: [published[mid]]
                                      if mid in published else []) == []


def b_id(name):
    return b_message(name)[0].hex()
