"""A channel written with the `mstreams` command, read by the official
@iota/streams@1.2.1 client (tests/interop/mstreams_driver.js) through the
same node: the official subscriber subscribes, the CLI author accepts it and
writes; the official client also imports a state file the CLI wrote."""
import pytest

from protocol.test_interop import official

PASSWORD = "interop"  # the driver's


@pytest.mark.parametrize("branching", ["single", "multi", "depth"])
def test_official_subscriber_reads_cli_channel(cli, node, branching):
    cli.env["MSTREAMS_PASSWORD"] = PASSWORD
    made = cli("author", "new", "--state", "a.state", "--branching", branching,
               seed="cli author " + branching)[0]
    cli("author", "announce", "--state", "a.state", "--node", node.url)
    joined = official(node.url, "subscribe", "official " + branching, made["announce"])
    assert cli("author", "accept", "--state", "a.state", "--node", node.url,
               joined["subscribe"])[0] == {"kind": "subscribe", "publisher": joined["pk"]}
    cli("subscriber", "new", "--state", "s.state", seed="cli subscriber " + branching)
    mine = cli("subscriber", "join", "--state", "s.state", "--node", node.url,
               made["announce"], "--subscribe")[0]["link"]
    cli("author", "accept", "--state", "a.state", "--node", node.url, mine)
    cli("author", "keyload", "--state", "a.state", "--node", node.url, "--everyone",
        "--psk", "cli psk")
    sent = [cli("author", "send", "--state", "a.state", "--node", node.url, "--" + how,
                "--public", "public " + how, "--masked", "masked " + how)[0]["link"]
            for how in ("signed", "tagged")]
    # The official client names the publisher of signed packets only.
    expected = [(sent[0], made["pk"], b"public signed".hex(), b"masked signed".hex()),
                (sent[1], "", b"public tagged".hex(), b"masked tagged".hex())]

    def seen(got):
        return [(m["link"], m["publisher"], m["public"], m["masked"]) for m in got]

    assert seen(official(node.url, "read", joined["state"])["got"]) == expected
    # The CLI subscriber's state file, imported by the official client.
    state = (cli.cwd / "s.state").read_bytes().hex()
    assert seen(official(node.url, "read", state)["got"]) == expected
    # And a PSK holder of the official client.
    psk_read = official(node.url, "psk-read", "official psk " + branching, made["announce"],
                        "cli psk")["got"]
    assert seen(psk_read) == expected
