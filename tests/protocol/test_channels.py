"""Channels run between our own Author and Subscribers over an in-memory
Tangle, in the three branching modes: every content type, keyloads for
everyone and by PSK, unsubscribe, state export and import mid-channel."""
import pytest

from mstreams import Author, Subscriber, StreamsError
from mstreams.prng import psk_from_seed, pskid

MODES = {"single": 0, "multi": 1, "depth": 2}
PSK = psk_from_seed(b"channel test psk")


class Tangle:
    """Messages by address; several may share one (spam, reattachment)."""

    def __init__(self):
        self.at = {}
        self.subscribes = {}  # subscriber name -> its subscribe message

    def publish(self, *messages):
        for m in messages:
            if m is not None:
                self.at.setdefault(m.msgid, []).append(m.data)
        return messages[0]

    def get(self, appinst, mid):
        return list(self.at.get(mid, []))


def payloads(got):
    return [(m.kind, m.public, m.masked) for m in got]


@pytest.fixture(params=sorted(MODES))
def channel(request):
    """An announced channel with subscribers A and B subscribed."""
    tangle = Tangle()
    author = Author("author seed", flags=MODES[request.param])
    announce = tangle.publish(author.send_announce())
    subs = {}
    for name in "ab":
        sub = Subscriber("subscriber " + name)
        sub.receive_announcement(announce.appinst, announce.msgid, announce.data)
        subscribe = tangle.publish(sub.send_subscribe(announce.msgid))
        tangle.subscribes[name] = subscribe
        got = author.receive_subscribe(subscribe.msgid, subscribe.data)
        assert got.publisher == sub.keys.pk
        subs[name] = sub
    return request.param, tangle, author, announce, subs


def link_for(mode, last, anchor):
    """What the next message links to: the last message (single-branch), the
    anchor (single-depth), either (multi-branch: the keyload here)."""
    return anchor if mode != "single" else last


@pytest.mark.parametrize("size", [0, 1, 30 * 1024])
def test_packets_read_by_subscribers(channel, size):
    mode, tangle, author, announce, subs = channel
    keyload = tangle.publish(*author.send_keyload_for_everyone(announce.msgid))
    public, masked = bytes(range(256)) * (size // 256) + b"p" * (size % 256), b"m" * size
    signed = tangle.publish(*author.send_signed_packet(keyload.msgid, public, masked))
    tagged = tangle.publish(*author.send_tagged_packet(
        link_for(mode, signed.msgid, keyload.msgid), public, masked))
    for sub in subs.values():
        got = sub.fetch_next_msgs(tangle.get)
        assert payloads(got) == [("keyload", None, b""), ("signed", public, masked),
                                 ("tagged", public, masked)]
        assert [m.link for m in got] == [keyload.link, signed.link, tagged.link]
        assert got[1].publisher == author.keys.pk
        assert sub.fetch_next_msgs(tangle.get) == []


def test_subscriber_writes_back(channel):
    mode, tangle, author, announce, subs = channel
    keyload = tangle.publish(*author.send_keyload_for_everyone(announce.msgid))
    for sub in subs.values():
        sub.sync_state(tangle.get)
    if mode == "depth":
        with pytest.raises(StreamsError, match="only the author"):
            subs["a"].send_tagged_packet(keyload.msgid, b"x", b"y")
        return
    tagged = tangle.publish(*subs["a"].send_tagged_packet(keyload.msgid, b"from a", b"secret"))
    signed = tangle.publish(*subs["a"].send_signed_packet(
        link_for(mode, tagged.msgid, keyload.msgid), b"signed a", b"secret 2"))
    expected = [("tagged", b"from a", b"secret"), ("signed", b"signed a", b"secret 2")]
    assert payloads(author.fetch_next_msgs(tangle.get)) == expected
    got = subs["b"].fetch_next_msgs(tangle.get)
    assert payloads(got) == expected and got[1].publisher == subs["a"].keys.pk
    assert got[1].link == signed.link


def test_psk_keyload_and_unsubscribe(channel):
    mode, tangle, author, announce, subs = channel
    # B leaves; a PSK reader joins without subscribing.
    unsubscribe = tangle.publish(subs["b"].send_unsubscribe(tangle.subscribes["b"].msgid))
    assert author.receive_unsubscribe(unsubscribe.msgid, unsubscribe.data).publisher == \
        subs["b"].keys.pk
    psk_id = author.store_psk(PSK)
    reader = Subscriber("psk reader")
    reader.receive_announcement(announce.appinst, announce.msgid, announce.data)
    reader.store_psk(PSK)
    keyload = tangle.publish(*author.send_keyload(announce.msgid, pskids=[psk_id],
                                                  pks=[subs["a"].keys.pk]))
    signed = tangle.publish(*author.send_signed_packet(keyload.msgid, b"pub", b"sec"))
    assert payloads(reader.fetch_next_msgs(tangle.get)) == payloads(
        subs["a"].fetch_next_msgs(tangle.get)) == [("keyload", None, b""),
                                                   ("signed", b"pub", b"sec")]
    got = subs["b"].fetch_next_msgs(tangle.get)
    assert got[0].kind == "keyload" and got[0].masked is None  # left out
    assert sorted(got[0].recipients) == sorted([psk_id, subs["a"].keys.pk])
    assert got[1:] and got[1].kind == "unreadable"
    assert signed.link == got[1].link


def test_unsubscribe_without_subscribe_rejected(channel):
    _, tangle, author, announce, subs = channel
    stranger = Subscriber("never subscribed")
    stranger.receive_announcement(announce.appinst, announce.msgid, announce.data)
    unsent = stranger.send_subscribe(announce.msgid)  # never reaches the author
    leave = stranger.send_unsubscribe(unsent.msgid)
    with pytest.raises(StreamsError, match="has not read"):
        author.receive_unsubscribe(leave.msgid, leave.data)


def test_unsubscribe_twice_rejected(channel):
    _, tangle, author, announce, subs = channel
    leave = subs["a"].send_unsubscribe(tangle.subscribes["a"].msgid)
    author.receive_unsubscribe(leave.msgid, leave.data)
    with pytest.raises(StreamsError, match="not subscribed"):
        author.receive_unsubscribe(leave.msgid, leave.data)


def test_export_import_mid_channel(channel):
    mode, tangle, author, announce, subs = channel
    keyload = tangle.publish(*author.send_keyload_for_everyone(announce.msgid))
    signed = tangle.publish(*author.send_signed_packet(keyload.msgid, b"one", b"1"))
    subs["a"].sync_state(tangle.get)
    author2 = Author.import_state(author.export_state("pw"), "pw")
    sub2 = Subscriber.import_state(subs["a"].export_state("pw"), "pw")
    assert author2.export_state("pw") == author.export_state("pw")
    tangle.publish(*author2.send_tagged_packet(
        link_for(mode, signed.msgid, keyload.msgid), b"two", b"2"))
    assert payloads(sub2.fetch_next_msgs(tangle.get)) == [("tagged", b"two", b"2")]


def test_spam_at_a_link_is_skipped(channel):
    mode, tangle, author, announce, subs = channel
    keyload = tangle.publish(*author.send_keyload_for_everyone(announce.msgid))
    signed, seq = author.send_signed_packet(keyload.msgid, b"real", b"r")
    forged = bytearray(signed.data)
    forged[-1] ^= 1
    # The forgery arrives first at the same address; the real one still reads.
    tangle.at[signed.msgid] = [bytes(forged)]
    tangle.publish(signed, seq)
    got = subs["a"].fetch_next_msgs(tangle.get)
    assert payloads(got) == [("keyload", None, b""), ("signed", b"real", b"r")]


def test_reset_state_reads_again(channel):
    mode, tangle, author, announce, subs = channel
    keyload = tangle.publish(*author.send_keyload_for_everyone(announce.msgid))
    tangle.publish(*author.send_signed_packet(keyload.msgid, b"x", b"y"))
    first = payloads(subs["a"].fetch_next_msgs(tangle.get))
    subs["a"].reset_state()
    assert payloads(subs["a"].fetch_next_msgs(tangle.get)) == first


def test_bad_input_is_a_clear_error():
    author = Author("x")
    with pytest.raises(StreamsError, match="channel type"):
        Author("x", flags=7)
    with pytest.raises(StreamsError, match="has not read"):
        author.send_signed_packet(bytes(12), b"", b"")
    with pytest.raises(StreamsError, match="a PSK is 32 bytes"):
        author.store_psk(b"short")
    with pytest.raises(StreamsError, match="read its announce"):
        Subscriber("y").receive(author.appinst, bytes(12), b"")
    with pytest.raises(StreamsError, match="unknown PSK id"):
        author.send_keyload(author.announce, pskids=[pskid(PSK)])


def test_payloads_must_be_bytes():
    author = Author("x")
    author.send_announce()
    with pytest.raises(StreamsError, match="public payload: expected bytes, not str"):
        author.send_signed_packet(author.announce, "text", b"")
    with pytest.raises(StreamsError, match="masked payload: expected bytes, not int"):
        author.send_tagged_packet(author.announce, b"", 5)


def test_psk_stored_before_the_announce():
    author = Author("psk author")
    author.store_psk(PSK)
    announce = author.send_announce()
    keyload = author.send_keyload_for_everyone(announce.msgid)[0]
    reader = Subscriber("early psk reader")
    reader.store_psk(PSK)
    reader.receive_announcement(announce.appinst, announce.msgid, announce.data)
    assert reader.receive(keyload.appinst, keyload.msgid, keyload.data).masked is not None


def test_received_input_checked():
    author = Author("x")
    announce = author.send_announce()
    sub = Subscriber("y")
    with pytest.raises(StreamsError, match="a message is bytes, not str"):
        sub.receive_announcement(announce.appinst, announce.msgid, "text")
    with pytest.raises(StreamsError, match="40-byte appinst and a 12-byte msgid"):
        sub.receive_announcement(announce.appinst, announce.msgid[:5], announce.data)
    with pytest.raises(StreamsError, match="truncated: 1 bytes of encoding missing"):
        sub.receive_announcement(announce.appinst, announce.msgid, b"")
    signed = author.send_signed_packet(announce.msgid, b"", b"")[0]
    with pytest.raises(StreamsError, match="not an announce but a signed message"):
        sub.receive_announcement(signed.appinst, signed.msgid, signed.data)


@pytest.mark.parametrize("mode", ["single", "multi"])
def test_psk_subscriber_writes_under_its_pskid(mode):
    tangle = Tangle()
    author = Author("psk channel", flags=MODES[mode])
    announce = tangle.publish(author.send_announce())
    psk_id = author.store_psk(PSK)
    keyload = tangle.publish(*author.send_keyload_for_everyone(announce.msgid))
    holder = Subscriber("psk holder")
    holder.receive_announcement(announce.appinst, announce.msgid, announce.data)
    assert holder.store_psk(PSK) == psk_id
    with pytest.raises(StreamsError, match="already holds a PSK"):
        holder.store_psk(psk_from_seed(b"another"))
    holder.sync_state(tangle.get)
    with pytest.raises(StreamsError, match="cannot sign"):
        holder.send_signed_packet(keyload.msgid, b"", b"")
    sent = tangle.publish(*holder.send_tagged_packet(keyload.msgid, b"p", b"m"))
    got = author.fetch_next_msgs(tangle.get)
    assert [(m.kind, m.link, m.publisher, m.masked) for m in got] == [
        ("tagged", sent.link, psk_id, b"m")]


def test_message_linking_to_an_unread_branch_is_parked():
    # Readers predict branches in key order. A subscriber re-reading the
    # channel meets its own reply (linked to the author's keyload) before the
    # keyload whenever its key sorts first: the reply waits for the keyload.
    tangle = Tangle()
    author = Author("parking author", flags=MODES["multi"])
    announce = tangle.publish(author.send_announce())
    seed = next(s for s in ("replier %d" % i for i in range(100))
                if Subscriber(s).keys.pk < author.keys.pk)
    replier = Subscriber(seed)
    replier.receive_announcement(announce.appinst, announce.msgid, announce.data)
    subscribe = tangle.publish(replier.send_subscribe(announce.msgid))
    author.receive_subscribe(subscribe.msgid, subscribe.data)
    keyload = tangle.publish(*author.send_keyload_for_everyone(announce.msgid))
    replier.sync_state(tangle.get)
    reply = tangle.publish(*replier.send_tagged_packet(keyload.msgid, b"reply", b"masked"))
    replier.reset_state()
    got = replier.fetch_next_msgs(tangle.get)
    assert [(m.kind, m.link, m.masked) for m in got] == [("keyload", keyload.link, b""),
                                                         ("tagged", reply.link, b"masked")]
