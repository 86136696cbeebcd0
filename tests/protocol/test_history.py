"""Reading a channel's history: fetch_prev_msg(s) walks back along the
previous links, receive_msg_by_sequence_number reads a single-depth message
by its number; between our own users over an in-memory Tangle, and through
the host API against the official client's walk over its own channels."""
import copy
import uuid

import pytest

from mstreams import Author, StreamsError, Subscriber, pskid_from_str
from mstreams.crypto import backend
from mstreams_host import channel

from .test_channels import MODES, Tangle
from .test_interop import hex_pairs, official


def history_channel(mode):
    """Author and a subscriber in the keyload; the author's packets link as
    the official client's are walked back: each to the one before (single),
    to its sequence message (multi), to the anchor (depth: the second keyload,
    which links to the first). Returns tangle, author, subscriber, the
    keyload and packet messages in order."""
    tangle = Tangle()
    author = Author("history author", flags=MODES[mode])
    announce = tangle.publish(author.send_announce())
    sub = Subscriber("history subscriber")
    sub.receive_announcement(announce.appinst, announce.msgid, announce.data)
    subscribe = tangle.publish(sub.send_subscribe(announce.msgid))
    author.receive_subscribe(subscribe.msgid, subscribe.data)
    sent = [tangle.publish(*author.send_keyload_for_everyone(announce.msgid))]
    link_to = sent[0].msgid
    for n in range(4):
        if mode == "depth" and n == 2:
            sent.append(tangle.publish(*author.send_keyload_for_everyone(link_to)))
            link_to = sent[-1].msgid
        send = author.send_tagged_packet if n % 2 else author.send_signed_packet
        packet, seq = send(link_to, b"public %d" % n, b"masked %d" % n)
        sent.append(tangle.publish(packet, seq))
        if mode != "depth":
            link_to = (seq or packet).msgid
    return tangle, author, sub, sent


def contents(got):
    return [(m.kind, m.link, m.public, m.masked) for m in got]


def test_fetch_prev_msgs_walks_back_in_order():
    tangle, author, sub, sent = history_channel("single")
    keyload, packets = sent[0], sent[1:]
    # Two back: the first links to a packet this fresh reader has not read,
    # and the second to the first, so neither reads.
    got = sub.fetch_prev_msgs(packets[-1].msgid, 2, tangle.get)
    assert [(m.kind, m.link) for m in got] == [("unreadable", packets[1].link),
                                               ("unreadable", packets[2].link)]
    # All the way back, a reader that has read nothing but the announce reads
    # them all, oldest first; the announce is not listed.
    got = sub.fetch_prev_msgs(packets[-1].msgid, 100, tangle.get)
    assert [m.link for m in got] == [keyload.link] + [p.link for p in packets[:-1]]
    assert got[0].kind == "keyload" and got[0].masked == b""
    assert contents(got[2:]) == [("tagged", packets[1].link, b"public 1", b"masked 1"),
                                 ("signed", packets[2].link, b"public 2", b"masked 2")]
    assert sub.fetch_prev_msg(packets[0].msgid, tangle.get).link == keyload.link
    assert sub.fetch_prev_msg(packets[-1].msgid, tangle.get).public == b"public 2"
    # It read them as fetch_next_msgs would: what follows is the last packet.
    assert contents(sub.fetch_next_msgs(tangle.get)) == [
        ("tagged", packets[-1].link, b"public 3", b"masked 3")]


@pytest.mark.parametrize("mode, before", [("single", [0, 1, 2, 3]), ("multi", [0, 1, 2, 3]),
                                          ("depth", [0, 3])])
def test_history_read_again_moves_nothing_back(mode, before):
    # The walks go through sequence messages (multi) and back to an older
    # keyload (depth); reading those again leaves cursors and anchor alone.
    tangle, author, sub, sent = history_channel(mode)
    assert len(sub.fetch_next_msgs(tangle.get)) == len(sent)
    state = copy.deepcopy((sub.store.cursors, sub.anchor))
    got = sub.fetch_prev_msgs(sent[-1].msgid, 100, tangle.get)
    assert [m.link for m in got] == [sent[n].link for n in before]
    # and one further back, which ends on the first keyload in depth
    assert sub.fetch_prev_msg(sent[before[-1]].msgid, tangle.get).link == \
        sent[before[-2]].link
    assert (sub.store.cursors, sub.anchor) == state
    link_to = sent[-1].msgid if mode == "single" else sent[before[-1]].msgid
    more = tangle.publish(*author.send_signed_packet(link_to, b"more", b"after"))
    assert contents(sub.fetch_next_msgs(tangle.get)) == [("signed", more.link, b"more", b"after")]


def test_receive_msg_by_sequence_number():
    tangle, author, sub, sent = history_channel("depth")
    keyload, p0, p1, keyload2, p2, p3 = sent

    def number(anchor, n):
        return sub.receive_msg_by_sequence_number(anchor.msgid, n, tangle.get)

    # Numbers count from the subscriber's anchor: the announce, then the
    # latest keyload it read, whose next message is 0.
    assert sub.receive_msg_by_sequence_number(sub.announce, 0, tangle.get).link == keyload.link
    assert number(keyload, 0).link == p0.link
    got = number(keyload, 1)
    assert (got.kind, got.link, got.public, got.masked) == (
        "tagged", p1.link, b"public 1", b"masked 1")
    assert number(keyload, 2).link == keyload2.link
    assert [number(keyload2, n).link for n in (0, 1)] == [p2.link, p3.link]
    # The author's own anchor stays at the announce (seq 2): p3 has seq 7.
    assert author.receive_msg_by_sequence_number(keyload2.msgid, 5, tangle.get).link == p3.link
    with pytest.raises(StreamsError, match="no message at " + sub.appinst.hex()):
        number(keyload2, 2)


@pytest.mark.parametrize("mode", ["single", "multi"])
def test_receive_by_sequence_number_needs_single_depth(mode):
    tangle, _, sub, sent = history_channel(mode)
    with pytest.raises(StreamsError, match="needs a single-depth channel"):
        sub.receive_msg_by_sequence_number(sent[0].msgid, 0, tangle.get)


def test_history_errors():
    tangle, _, sub, sent = history_channel("single")
    unknown = bytes(12)
    for call in (lambda: sub.fetch_prev_msgs(unknown, 3, tangle.get),
                 lambda: sub.fetch_prev_msg(unknown, tangle.get)):
        with pytest.raises(StreamsError, match="no message at %s:%s$" % (sub.appinst.hex(),
                                                                        unknown.hex())):
            call()
    with pytest.raises(StreamsError, match="is the announce: nothing is before it"):
        sub.fetch_prev_msgs(sub.announce, 3, tangle.get)
    assert sub.fetch_prev_msgs(sent[0].msgid, 3, tangle.get) == []  # the keyload's is the announce
    with pytest.raises(StreamsError, match="nothing before .* but the announce"):
        sub.fetch_prev_msg(sent[0].msgid, tangle.get)
    # A gap ends the walk there, as in the official client; what links to the
    # missing message cannot be read.
    del tangle.at[sent[1].msgid]
    assert [(m.kind, m.link) for m in sub.fetch_prev_msgs(sent[3].msgid, 9, tangle.get)] == [
        ("unreadable", sent[2].link)]
    with pytest.raises(StreamsError, match="no channel yet"):
        Subscriber("stranger").fetch_prev_msgs(sent[3].msgid, 1, tangle.get)


def test_pskid_from_str():
    # Shorter than 16 bytes: the bytes themselves, zero-padded; else the
    # first 16 bytes of Keccak-f over "PSKID" || string, zero-filled (one
    # block: absorb, commit, squeeze).
    assert pskid_from_str("sensor-7") == b"sensor-7" + bytes(8)
    assert pskid_from_str("fifteen bytes!!") == b"fifteen bytes!!\x00"
    for text in ("sixteen bytes!!!", "a rather longer identifier of a pre-shared key"):
        state = bytearray(200)
        state[:5 + len(text)] = b"PSKID" + text.encode()
        backend.keccakf(state)
        assert pskid_from_str(text) == pskid_from_str(text.encode()) == bytes(state[:16])


@pytest.mark.parametrize("mode", sorted(MODES))
def test_history_as_official(node, client, mode):
    # The official author writes four packets; the official client's walk back
    # (fetch_prev_msg after fetch_prev_msg) and its reads by sequence number
    # give what the host API's fetch_prev_msgs and receive_msg_by_sequence_number do.
    seed = uuid.uuid4().hex
    started = official(node.url, "author-announce", "author " + seed, mode)
    announce = started["announce"]
    payloads = [(b"one", b"1"), (b"", b"two"), (b"three", b""), (b"four", b"4")]
    sent = official(node.url, "author-send", started["state"], mode, announce,
                    *hex_pairs(payloads))
    last = sent["signed"][-1]
    depth = mode == "depth"
    theirs = official(node.url, "history", "official " + seed, announce, last,
                      *([announce, str(len(payloads))] if depth else []))
    reader = channel.Subscriber(Subscriber("reader " + seed), client)
    reader.receive_announcement(announce)
    if mode == "multi":
        reader.sync_state()  # a sequence message on the way is read with the state it joins
    # Single-depth packets all link to the announce: nothing is before them.
    expected = [] if depth else list(zip(sent["signed"], payloads))[:-1]
    assert [(m.link, (m.public, m.masked)) for m in reader.fetch_prev_msgs(last, 100)] == expected
    assert [(m["link"], (bytes.fromhex(m["public"]), bytes.fromhex(m["masked"])))
            for m in reversed(theirs["prev"])] == expected
    if depth:
        got = [reader.receive_msg_by_sequence_number(announce, n) for n in range(len(payloads))]
        assert [(m.link, m.public.hex(), m.masked.hex()) for m in got] == [
            (m["link"], m["public"], m["masked"]) for m in theirs["bySeq"]] == [
            (link, p.hex(), m.hex()) for link, (p, m) in zip(sent["signed"], payloads)]
    else:
        assert reader.fetch_prev_msg(last).link == sent["signed"][-2]
