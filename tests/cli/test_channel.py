"""Channels written and read through the `mstreams` command, against a real
`mstreams node`: author → subscriber round trips in the three channel types,
PSK keyloads, unsubscribe, and the state files."""
import os
import stat

import pytest

from mstreams import Author, Subscriber

from .conftest import PASSWORD


def one(lines):
    (line,) = lines
    return line


def open_channel(cli, node, branching):
    """An announced channel with subscriber `s.state` subscribed and a keyload
    for everyone; (announce link, keyload link)."""
    announce = one(cli("author", "new", "--state", "a.state", "--branching", branching,
                       seed="author seed"))["announce"]
    assert one(cli("author", "announce", "--state", "a.state", "--node", node.url))["link"] \
        == announce
    cli("subscriber", "new", "--state", "s.state", seed="subscriber seed")
    subscribe = one(cli("subscriber", "join", "--state", "s.state", "--node", node.url,
                        announce, "--subscribe"))["link"]
    accepted = one(cli("author", "accept", "--state", "a.state", "--node", node.url, subscribe))
    assert accepted == {"kind": "subscribe",
                        "publisher": Subscriber("subscriber seed").keys.pk.hex()}
    keyload = one(cli("author", "keyload", "--state", "a.state", "--node", node.url,
                      "--everyone"))
    assert (keyload["sequence"] is not None) == (branching == "multi")
    return announce, keyload["link"]


def send(cli, node, who, *args):
    return one(cli(who, "send", "--state", who[0] + ".state", "--node", node.url,
                   *args))["link"]


def read(cli, node, announce, *args):
    return cli("read", announce, "--node", node.url, *args)


def contents(rows):
    return [(r["kind"], r["public"], r["masked"], r["verified"]) for r in rows]


@pytest.mark.parametrize("branching", ["single", "multi", "depth"])
def test_round_trip(cli, node, branching):
    announce, keyload = open_channel(cli, node, branching)
    signed = send(cli, node, "author", "--signed", "--public", "hello", "--masked", "secret")
    tagged = send(cli, node, "author", "--tagged", "--public", "", "--masked", "x" * 30000)
    author_pk = Author("author seed").keys.pk.hex()
    expected = [("announce", "", "", True), ("keyload", "", "", True),
                ("signed", b"hello".hex(), b"secret".hex(), True),
                ("tagged", "", b"x".hex() * 30000, True)]
    if branching == "depth":  # only the author writes
        assert "only the author" in cli.fails("subscriber", "send", "--state", "s.state",
                                              "--node", node.url, "--tagged", "--public", "no")
    else:
        reply = send(cli, node, "subscriber", "--signed", "--public", "reply", "--masked", "r")
        expected.append(("signed", b"reply".hex(), b"r".hex(), True))
    rows = read(cli, node, announce, "--state", "s.state")
    if branching == "multi":
        # Branches interleave in discovery order; each keeps its own order.
        by_author = [r for r in rows if r["publisher"] == author_pk]
        replies = [r for r in rows if r["publisher"] != author_pk]
        assert contents(by_author + replies) == expected
        rows = by_author + replies
    else:
        assert contents(rows) == expected
    assert [r["link"] for r in rows[:4]] == [announce, keyload, signed, tagged]
    if branching != "depth":
        assert rows[4]["link"] == reply
        assert rows[4]["publisher"] == Subscriber("subscriber seed").keys.pk.hex()
    # The author's own state reads its channel too.
    assert sorted(contents(read(cli, node, announce, "--state", "a.state"))) == sorted(expected)
    # A stranger verifies the announce but holds no key to the keyload.
    stranger = read(cli, node, announce)
    assert contents(stranger[:2]) == [("announce", "", "", True), ("keyload", "", None, False)]
    assert all(r["kind"] == "unreadable" and not r["verified"] for r in stranger[2:])


def test_state_files(cli, node):
    open_channel(cli, node, "single")
    for name, user_class in (("a.state", Author), ("s.state", Subscriber)):
        path = cli.cwd / name
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        # The official export format: importable by the protocol package.
        user = user_class.import_state(path.read_bytes(), PASSWORD)
        assert user.announce is not None
    assert not [f for f in os.listdir(cli.cwd) if "mstreams-state" in f]  # no temporary files


@pytest.mark.parametrize("branching", ["single", "multi"])
def test_psk_keyload(cli, node, branching):
    announce = one(cli("author", "new", "--state", "a.state", "--branching", branching,
                       seed="psk author"))["announce"]
    cli("author", "announce", "--state", "a.state", "--node", node.url)
    cli("author", "keyload", "--state", "a.state", "--node", node.url, "--psk", "the psk")
    send(cli, node, "author", "--tagged", "--public", "p", "--masked", "for psk holders")
    with_psk = read(cli, node, announce, "--psk", "the psk")
    assert contents(with_psk)[1:] == [("keyload", "", "", True),
                                      ("tagged", b"p".hex(), b"for psk holders".hex(), True)]
    without = read(cli, node, announce, "--psk", "another psk")
    assert without[1]["masked"] is None and without[2]["kind"] == "unreadable"
    # A PSK holder joins and replies under the PSK's id.
    cli("subscriber", "new", "--state", "s.state", seed="psk subscriber")
    cli("subscriber", "join", "--state", "s.state", "--node", node.url, announce,
        "--psk", "the psk")
    reply = send(cli, node, "subscriber", "--tagged", "--psk", "the psk", "--masked", "back")
    got = read(cli, node, announce, "--state", "a.state", "--psk", "the psk")
    assert (got[-1]["link"], got[-1]["masked"]) == (reply, b"back".hex())
    assert len(bytes.fromhex(got[-1]["publisher"])) == 16  # a PskId


def test_unsubscribed_reader_left_out(cli, node):
    announce, _ = open_channel(cli, node, "single")
    leave = one(cli("subscriber", "unsubscribe", "--state", "s.state", "--node", node.url,
                   ))["link"]
    assert one(cli("author", "accept", "--state", "a.state", "--node", node.url, leave,
                  ))["kind"] == "unsubscribe"
    cli("author", "keyload", "--state", "a.state", "--node", node.url, "--everyone")
    send(cli, node, "author", "--signed", "--masked", "after leaving")
    rows = read(cli, node, announce, "--state", "s.state")
    assert [(r["kind"], r["masked"]) for r in rows[1:]] == [
        ("keyload", ""), ("keyload", None), ("unreadable", None)]


def test_table_and_csv(cli, node):
    announce, _ = open_channel(cli, node, "single")
    send(cli, node, "author", "--signed", "--public", "temperature 21.5", "--masked", "\x01")
    table = cli.run("read", announce, "--node", node.url, "--state", "s.state").stdout
    lines = table.splitlines()
    assert lines[0].split() == ["MSGID", "KIND", "PUBLISHER", "OK", "PUBLIC", "MASKED"]
    assert lines[3].split()[1:] == ["signed", Author("author seed").keys.pk.hex()[:16], "yes",
                                    "temperature", "21.5", "0x01"]
    csv_lines = cli.run("read", announce, "--node", node.url, "--csv").stdout.splitlines()
    assert csv_lines[0] == "link,kind,publisher,public,masked,verified,error"
    assert csv_lines[2].endswith(",keyload,%s,,,False," % Author("author seed").keys.pk.hex())
