"""mstreams against the official @iota/streams@1.2.1 client, through
`mstreams node` (tests/interop/mstreams_driver.js drives the official side):
(a) an official Author's channel read and verified by our Subscriber, with
access through its subscription and through a PSK; (b) our Author's channel
read by an official Subscriber; (c) a multi-branch channel with publishers
of both; (d) payloads of 30,000 bytes both ways; (e) our Author writing the
official one's bytes from the same seed."""
import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from mstreams import Author, Subscriber, parse_link
from mstreams.message import msgid
from mstreams.prng import psk_from_seed, pskid

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "build" / "npm" / "node_modules"
DRIVER = ROOT / "tests" / "interop" / "mstreams_driver.js"
MODES = {"single": 0, "multi": 1, "depth": 2}


def official(url, *args):
    if not (NODE_MODULES / "@iota" / "streams").exists():
        pytest.fail("@iota/streams is missing from %s: run `make setup`" % NODE_MODULES)
    proc = subprocess.run(["node", str(DRIVER), url, *args], capture_output=True, text=True,
                          env=dict(os.environ, NODE_PATH=str(NODE_MODULES)), timeout=300)
    assert proc.returncode == 0, "driver failed:\n" + proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def publish(client, *messages):
    for m in messages:
        if m is not None:
            client.post_streams(m.appinst, m.msgid, m.data)
    return messages[0]


def at(client, link):
    """The one message at a link."""
    (data,) = client.streams_messages(*parse_link(link))
    return data


def join(client, user, link):
    return user.receive_announcement(*parse_link(link), at(client, link))


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("access", ["subscribe", "psk"])
def test_official_author_read_by_mstreams(node, client, mode, access):
    seed = uuid.uuid4().hex
    psk_seed = "psk " + seed
    started = official(node.url, "author-announce", "author " + seed, mode)
    reader = Subscriber("reader " + seed)
    join(client, reader, started["announce"])
    subscribe_link = []
    if access == "subscribe":
        subscribe_link = [publish(client, reader.send_subscribe(reader.announce)).link]
    else:
        reader.store_psk(psk_from_seed(psk_seed.encode()))
    sent = official(node.url, "author-publish", started["state"], mode, psk_seed,
                    *subscribe_link)
    assert sent["pskid"] == pskid(psk_from_seed(psk_seed.encode())).hex()
    got = reader.fetch_next_msgs(client.streams_messages)
    assert [(m.kind, m.link) for m in got] == [
        ("keyload", sent["keyload"]), ("signed", sent["signed"]), ("tagged", sent["tagged"])]
    assert got[0].masked is not None  # the keyload opened
    assert (got[1].public, got[1].masked) == (b"official signed", b"official masked")
    assert got[1].publisher.hex() == sent["pk"]
    assert (got[2].public, got[2].masked) == (b"official tagged", b"")


@pytest.mark.parametrize("mode", sorted(MODES))
def test_official_state_continued_byte_identically(node, client, mode):
    # Our Author, from the official Author's exported state, writes exactly
    # the bytes the official one wrote: announce, signed and tagged packets
    # and their sequence messages.
    seed = uuid.uuid4().hex
    started = official(node.url, "author-announce", "author " + seed, mode)
    fresh = Author.import_state(bytes.fromhex(started["state"]), "interop")
    assert fresh.export_state("interop").hex() == started["state"]
    assert fresh.send_announce().data == at(client, started["announce"])
    assert Author("author " + seed, flags=MODES[mode]).send_announce().data == \
        at(client, started["announce"])

    sent = official(node.url, "author-publish", started["state"], mode, "psk " + seed)
    twin = Author.import_state(bytes.fromhex(sent["afterKeyload"]), "interop")
    keyload = parse_link(sent["keyload"])[1]
    signed, signed_seq = twin.send_signed_packet(keyload, b"official signed", b"official masked")
    tagged, tagged_seq = twin.send_tagged_packet(
        signed.msgid if mode == "single" else keyload, b"official tagged", b"")
    assert (signed.link, tagged.link) == (sent["signed"], sent["tagged"])
    for m in (signed, signed_seq, tagged, tagged_seq):
        if m is not None:
            assert m.data == at(client, m.link)
    assert (signed_seq is not None) == (mode == "multi")

    # And it goes on where the official author stopped: our reader follows.
    went_on = Author.import_state(bytes.fromhex(sent["state"]), "interop")
    went_on.store_psk(psk_from_seed(("psk " + seed).encode()))  # PSKs are not exported
    last = tagged.msgid if mode == "single" else keyload
    more = publish(client, *went_on.send_tagged_packet(last, b"continued", b"by mstreams"))
    reader = Subscriber("reader " + seed)
    join(client, reader, started["announce"])
    reader.store_psk(psk_from_seed(("psk " + seed).encode()))
    got = reader.fetch_next_msgs(client.streams_messages)
    assert [m.link for m in got] == [sent["keyload"], sent["signed"], sent["tagged"], more.link]
    assert (got[-1].public, got[-1].masked) == (b"continued", b"by mstreams")


@pytest.mark.parametrize("mode", sorted(MODES))
def test_mstreams_author_read_by_official(node, client, mode):
    seed = uuid.uuid4().hex
    author = Author("author " + seed, flags=MODES[mode])
    announce = publish(client, author.send_announce())
    joined = official(node.url, "subscribe", "official " + seed, announce.link)
    assert author.receive_subscribe(parse_link(joined["subscribe"])[1],
                                    at(client, joined["subscribe"])).publisher.hex() == joined["pk"]
    # Our own subscriber too, whose exported state the official client imports.
    mine = Subscriber("mine " + seed)
    join(client, mine, announce.link)
    subscribe = publish(client, mine.send_subscribe(mine.announce))
    author.receive_subscribe(subscribe.msgid, subscribe.data)
    keyload = publish(client, *author.send_keyload_for_everyone(author.announce))
    signed = publish(client, *author.send_signed_packet(keyload.msgid, b"ours signed",
                                                        b"ours masked"))
    tagged = publish(client, *author.send_tagged_packet(
        signed.msgid if mode == "single" else keyload.msgid, b"ours tagged", b"x" * 1000))
    got = official(node.url, "read", joined["state"])["got"]
    assert [(m["link"], bytes.fromhex(m["public"]), bytes.fromhex(m["masked"])) for m in got] == [
        (signed.link, b"ours signed", b"ours masked"), (tagged.link, b"ours tagged", b"x" * 1000)]
    assert got[0]["publisher"] == author.keys.pk.hex()
    imported = official(node.url, "read", mine.export_state("interop").hex())["got"]
    assert [(m["link"], m["masked"]) for m in imported] == [(m["link"], m["masked"]) for m in got]


@pytest.mark.parametrize("mode", sorted(MODES))
def test_mstreams_psk_keyload_read_by_official(node, client, mode):
    # A keyload for a PSK only: the official subscriber holding it reads on.
    seed = uuid.uuid4().hex
    author = Author("author " + seed, flags=MODES[mode])
    announce = publish(client, author.send_announce())
    psk_seed = "psk " + seed
    pskid = author.store_psk(psk_from_seed(psk_seed.encode()))
    keyload = publish(client, *author.send_keyload(author.announce, pskids=[pskid]))
    signed = publish(client, *author.send_signed_packet(keyload.msgid, b"", b"1"))
    got = official(node.url, "psk-read", "official " + seed, announce.link, psk_seed)["got"]
    assert [(m["link"], m["public"], m["masked"]) for m in got] == [(signed.link, "", "31")]


@pytest.mark.parametrize("mode", ["single", "multi"])
def test_subscribers_of_both_write_back(node, client, mode):
    # Our channel: the official subscriber replies; our author and our other
    # subscriber read the reply.
    seed = uuid.uuid4().hex
    author = Author("author " + seed, flags=MODES[mode])
    announce = publish(client, author.send_announce())
    joined = official(node.url, "subscribe", "official " + seed, announce.link)
    author.receive_subscribe(parse_link(joined["subscribe"])[1], at(client, joined["subscribe"]))
    mine = Subscriber("mine " + seed)
    join(client, mine, announce.link)
    subscribe = publish(client, mine.send_subscribe(mine.announce))
    author.receive_subscribe(subscribe.msgid, subscribe.data)
    keyload = publish(client, *author.send_keyload_for_everyone(author.announce))
    replied = official(node.url, "reply", joined["state"], keyload.link)
    for reader in (author, mine):
        got = reader.fetch_next_msgs(client.streams_messages)
        assert [(m.kind, m.link, m.masked) for m in got][-1] == (
            "tagged", replied["reply"], b"official reply masked")
        assert got[-1].publisher.hex() == joined["pk"]

    # The official channel: our subscriber replies; the official author reads it.
    started = official(node.url, "author-announce", "official author " + seed, mode)
    ours = Subscriber("ours " + seed)
    join(client, ours, started["announce"])
    subscribe = publish(client, ours.send_subscribe(ours.announce))
    sent = official(node.url, "author-publish", started["state"], mode, "psk " + seed,
                    subscribe.link)
    ours.sync_state(client.streams_messages)
    link_to = parse_link(sent["tagged"] if mode == "single" else sent["keyload"])[1]
    reply = publish(client, *ours.send_tagged_packet(link_to, b"ours", b"ours masked"))
    got = official(node.url, "author-read", sent["state"])["got"]
    assert [(m["link"], bytes.fromhex(m["masked"])) for m in got] == [(reply.link, b"ours masked")]


@pytest.mark.parametrize("mode", ["single", "multi"])
def test_psk_subscribers_write_back(node, client, mode):
    # PSK holders send tagged packets under the PskId: the official one in
    # our channel, ours in the official channel; each author reads them.
    seed = uuid.uuid4().hex
    psk_seed = "psk " + seed
    psk_id = pskid(psk_from_seed(psk_seed.encode()))
    author = Author("author " + seed, flags=MODES[mode])
    announce = publish(client, author.send_announce())
    author.store_psk(psk_from_seed(psk_seed.encode()))
    keyload = publish(client, *author.send_keyload_for_everyone(author.announce))
    replied = official(node.url, "psk-read", "official " + seed, announce.link, psk_seed,
                       keyload.link)
    got = author.fetch_next_msgs(client.streams_messages)
    assert [(m.kind, m.link, m.publisher, m.masked) for m in got] == [
        ("tagged", replied["reply"], psk_id, b"psk reply masked")]

    started = official(node.url, "author-announce", "official author " + seed, mode)
    ours = Subscriber("ours " + seed)
    join(client, ours, started["announce"])
    ours.store_psk(psk_from_seed(psk_seed.encode()))
    sent = official(node.url, "author-publish", started["state"], mode, psk_seed)
    ours.sync_state(client.streams_messages)
    link_to = parse_link(sent["tagged"] if mode == "single" else sent["keyload"])[1]
    reply = publish(client, *ours.send_tagged_packet(link_to, b"ours", b"ours masked"))
    assert reply.msgid == msgid(ours.appinst, psk_id, link_to, 5 if mode == "single" else 2)
    got = official(node.url, "author-read", sent["state"])["got"]
    assert [(m["link"], bytes.fromhex(m["masked"])) for m in got] == [(reply.link, b"ours masked")]


def hex_pairs(payloads):
    return [x.hex() for pair in payloads for x in pair]


@pytest.mark.parametrize("mode", sorted(MODES))
def test_signed_packets_byte_identical(node, client, mode):
    # Same seed, same links, same payloads: announce, signed packets (one of
    # 30,000 masked bytes) and their sequence messages are the official bytes.
    seed = uuid.uuid4().hex
    started = official(node.url, "author-announce", "author " + seed, mode)
    payloads = [(b"first", b"masked first"), (b"", b""), (b"third", bytes(30000))]
    sent = official(node.url, "author-send", started["state"], mode, started["announce"],
                  *hex_pairs(payloads))
    author = Author("author " + seed, flags=MODES[mode])
    assert author.send_announce().data == at(client, started["announce"])
    link_to = author.announce
    for (public, masked), link in zip(payloads, sent["signed"]):
        signed, seq = author.send_signed_packet(link_to, public, masked)
        assert signed.link == link
        assert signed.data == at(client, link)
        assert (seq is not None) == (mode == "multi")
        if seq is not None:
            assert seq.data == at(client, seq.link)
        if mode != "depth":  # as author-send: chain to the packet or its sequence message
            link_to = (seq or signed).msgid


BIG = bytes(i * 7 % 251 for i in range(30000))


def test_big_payloads_official_to_mstreams(node, client):
    seed = uuid.uuid4().hex
    psk_seed = "psk " + seed
    started = official(node.url, "author-announce", "author " + seed, "single")
    before = official(node.url, "author-publish", started["state"], "single", psk_seed)
    sent = official(node.url, "author-send", before["state"], "single", before["tagged"],
                    *hex_pairs([(BIG, b""), (b"", BIG)]))
    reader = Subscriber("reader " + seed)
    join(client, reader, started["announce"])
    reader.store_psk(psk_from_seed(psk_seed.encode()))
    got = reader.fetch_next_msgs(client.streams_messages)
    assert [(m.link, m.public, m.masked) for m in got[-2:]] == [
        (sent["signed"][0], BIG, b""), (sent["signed"][1], b"", BIG)]
    assert [m.kind for m in got] == ["keyload", "signed", "tagged", "signed", "signed"]


def test_big_payloads_mstreams_to_official(node, client):
    seed = uuid.uuid4().hex
    author = Author("author " + seed)
    announce = publish(client, author.send_announce())
    joined = official(node.url, "subscribe", "official " + seed, announce.link)
    author.receive_subscribe(parse_link(joined["subscribe"])[1], at(client, joined["subscribe"]))
    keyload = publish(client, *author.send_keyload_for_everyone(author.announce))
    public = publish(client, *author.send_signed_packet(keyload.msgid, BIG, b""))
    masked = publish(client, *author.send_signed_packet(public.msgid, b"", BIG))
    got = official(node.url, "read", joined["state"])["got"]
    assert [(m["link"], bytes.fromhex(m["public"]), bytes.fromhex(m["masked"])) for m in got] == [
        (public.link, BIG, b""), (masked.link, b"", BIG)]


def test_several_publishers_multi_branch(node, client):
    # The official author's multi-branch channel, where an official and our
    # subscriber publish too: each reads the other's branch, and fresh readers
    # of both implementations (PSK holders) read the same three branches.
    seed = uuid.uuid4().hex
    psk_seed = "psk " + seed
    started = official(node.url, "author-announce", "author " + seed, "multi")
    joined = official(node.url, "subscribe", "official " + seed, started["announce"])
    ours = Subscriber("ours " + seed)
    join(client, ours, started["announce"])
    subscribe = publish(client, ours.send_subscribe(ours.announce))
    sent = official(node.url, "author-publish", started["state"], "multi", psk_seed,
                    joined["subscribe"], subscribe.link)
    replied = official(node.url, "reply", joined["state"], sent["keyload"])
    assert {m["link"] for m in replied["got"]} == {sent["signed"], sent["tagged"]}
    got = ours.fetch_next_msgs(client.streams_messages)
    assert got[0].link == sent["keyload"] and got[0].masked is not None
    assert {(m.kind, m.link, m.masked) for m in got[1:]} == {
        ("signed", sent["signed"], b"official masked"), ("tagged", sent["tagged"], b""),
        ("tagged", replied["reply"], b"official reply masked")}
    mine = publish(client, *ours.send_signed_packet(parse_link(sent["keyload"])[1], b"ours",
                                                    b"ours masked"))
    author_got = official(node.url, "author-read", sent["state"])["got"]
    assert {(m["link"], bytes.fromhex(m["masked"])) for m in author_got} == {
        (replied["reply"], b"official reply masked"), (mine.link, b"ours masked")}

    theirs = official(node.url, "psk-read", "official reader " + seed, started["announce"],
                      psk_seed)["got"]
    reader = Subscriber("reader " + seed)
    join(client, reader, started["announce"])
    reader.store_psk(psk_from_seed(psk_seed.encode()))
    read = [m for m in reader.fetch_next_msgs(client.streams_messages) if m.kind != "keyload"]
    assert sorted((m.link, m.public, m.masked) for m in read) == sorted(
        (m["link"], bytes.fromhex(m["public"]), bytes.fromhex(m["masked"])) for m in theirs)
    assert len(read) == 4
    signers = {m.link: m.publisher.hex() for m in read if m.kind == "signed"}
    assert signers == {sent["signed"]: sent["pk"], mine.link: ours.keys.pk.hex()}
    assert {m.link: m.publisher.hex() for m in read if m.kind == "tagged"} == {
        sent["tagged"]: sent["pk"], replied["reply"]: joined["pk"]}
