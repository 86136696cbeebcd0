"""Tampered, truncated, moved and forged messages are rejected with a reason,
and the reader's state is left as it was."""
import pytest

from mstreams import StreamsError, content
from mstreams.keys import Keys
from mstreams.message import Header, msgid, SIGNED

from .conftest import APPINST, b_message, reader

# A sequence message has no MAC or signature (§7.7): its seq_num and ref
# (after join 12, identifier 33) are unauthenticated. Changing them only
# changes which address it points to, where a message must then read.
SEQUENCE_POINTER = range(107 + 12 + 33, 107 + 12 + 33 + 8 + 12)


# Keyload entries (§7.4): content at 107, then msgid 12, nonce 16, count 2;
# an Ed entry is oneof 1, pk 32, then its key material E 32 and key 32. The
# material is read only by its recipient and is not signed: only it notices
# a change (it then finds another session key).
A_MATERIAL = range(137 + 33, 137 + 97)
AUTHOR_MATERIAL = range(137 + 97 + 33, 137 + 2 * 97)


def unauthenticated(name, i):
    """Bytes the PSK holder cannot check, by the protocol's design."""
    if name == "sequence":
        return i in SEQUENCE_POINTER
    return name == "keyload" and (i in A_MATERIAL or i in AUTHOR_MATERIAL)


def prepared(name):
    """A PSK holder that has read every Appendix B message before `name`."""
    sub = reader()
    order = ["sequence", "keyload", "signed", "tagged"]
    for earlier in order[:order.index(name)]:
        sub.receive(APPINST, *b_message(earlier))
    return sub


def snapshot(sub):
    return (dict(sub.links), {k: list(v) for k, v in sub.store.cursors.items()})


@pytest.mark.parametrize("name", ["sequence", "keyload", "signed", "tagged"])
def test_every_bit_flip_rejected(name):
    mid, data = b_message(name)
    sub = prepared(name)
    before = snapshot(sub)
    for i in range(len(data)):
        if unauthenticated(name, i):
            continue
        for bit in (0x01, 0x80):
            bad = bytearray(data)
            bad[i] ^= bit
            try:
                got = sub.receive(APPINST, mid, bytes(bad))
            except StreamsError:
                continue
            # A keyload whose PskId was changed is simply not for us: it
            # gives no access and stores no state (§7.4).
            assert name == "keyload" and got.masked is None, (i, bit)
            assert sub.links == before[0]
            sub = prepared(name)
    assert snapshot(sub) == before
    sub.receive(APPINST, mid, data)  # the real one still reads


def test_announce_bit_flips_rejected():
    mid, data = b_message("announce")
    for i in range(len(data)):
        bad = bytearray(data)
        bad[i] ^= 0x04
        with pytest.raises(StreamsError):
            reader(psk=None).receive_announcement(APPINST, mid, bytes(bad))


@pytest.mark.parametrize("i", [SEQUENCE_POINTER[7], SEQUENCE_POINTER[-1]])  # seq_num low byte, ref
def test_sequence_pointer_only_redirects(i):
    mid, data = b_message("sequence")
    bad = bytearray(data)
    bad[i] ^= 1
    assert prepared("sequence").receive(APPINST, mid, bytes(bad)).refers != b_message("keyload")[0]


@pytest.mark.parametrize("name", ["announce", "sequence", "keyload", "signed", "tagged"])
def test_truncation_and_extension_rejected(name):
    mid, data = b_message(name)
    for cut in range(len(data)):
        with pytest.raises(StreamsError):
            receive(prepared_or_fresh(name), mid, data[:cut])
    with pytest.raises(StreamsError, match="after the message"):
        receive(prepared_or_fresh(name), mid, data + b"\0")


def prepared_or_fresh(name):
    return reader(psk=None) if name == "announce" else prepared(name)


def receive(sub, mid, data):
    if mid == b_message("announce")[0]:
        return sub.receive_announcement(APPINST, mid, data)
    return sub.receive(APPINST, mid, data)


@pytest.mark.parametrize("name", ["keyload", "signed", "tagged", "sequence"])
def test_moved_message_rejected(name):
    # A copy at another message's address (a replay) does not read there.
    _, data = b_message(name)
    other = b_message("tagged" if name != "tagged" else "signed")[0]
    with pytest.raises(StreamsError, match="does not belong at"):
        prepared(name).receive(APPINST, other, data)


def test_reasons_are_specific():
    mid, data = b_message("signed")
    bad = bytearray(data)
    bad[-1] ^= 1
    with pytest.raises(StreamsError, match="signature does not verify"):
        prepared("signed").receive(APPINST, mid, bytes(bad))
    mid, data = b_message("tagged")
    bad = bytearray(data)
    bad[-1] ^= 1
    with pytest.raises(StreamsError, match="bad MAC"):
        prepared("tagged").receive(APPINST, mid, bytes(bad))
    with pytest.raises(StreamsError, match="truncated"):
        prepared("tagged").receive(APPINST, mid, data[:120])


def test_packet_signed_by_a_stranger_rejected():
    # A PSK holder can join the keyload, but not sign as the author.
    sub = prepared("signed")
    keyload = b_message("keyload")[0]
    stranger = Keys.from_seed("STRANGER")
    stranger.pk = APPINST[:32]
    mid = msgid(APPINST, stranger.pk, keyload, 3)
    w = Header(SIGNED, APPINST, mid, keyload, 3, stranger.pk).wrap()
    content.wrap_signed(w, keyload, sub.inner(keyload), stranger, b"x", b"y")
    with pytest.raises(StreamsError, match="signature does not verify"):
        sub.receive(APPINST, mid, bytes(w.out))


def test_keyload_material_checked_by_its_recipient():
    mid, data = b_message("keyload")
    subscriber_a = reader(psk=None, seed="SUBSCRIBERA9SEED")
    assert subscriber_a.receive(APPINST, mid, data).masked is not None  # opened, signature good
    for i in A_MATERIAL:
        bad = bytearray(data)
        bad[i] ^= 0x10
        with pytest.raises(StreamsError, match="signature does not verify"):
            reader(psk=None, seed="SUBSCRIBERA9SEED").receive(APPINST, mid, bytes(bad))
