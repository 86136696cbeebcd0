"""Bad input to `mstreams`: one clear line on stderr, a non-zero exit, no
traceback, and secrets never echoed."""
import socket

LINK = "ab" * 40 + ":" + "cd" * 12


def new_author(cli, seed="author seed"):
    return cli("author", "new", "--state", "a.state", seed=seed)[0]["announce"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_and_unknown_links(cli, node):
    assert "a link is <80 hex digits>:<24 hex digits>, not 'nonsense'" in cli.fails(
        "read", "nonsense", "--node", node.url)
    assert "no message at %s" % LINK in cli.fails("read", LINK, "--node", node.url)
    announce = new_author(cli)
    unknown = announce[:81] + "ef" * 12
    assert "no message at %s" % unknown in cli.fails("author", "accept", "--state", "a.state",
                                                     "--node", node.url, unknown)
    assert "%s is not in this user's channel" % LINK in cli.fails(
        "author", "accept", "--state", "a.state", "--node", node.url, LINK)


def test_unreachable_node(cli):
    announce = new_author(cli)
    url = "http://127.0.0.1:%d" % free_port()
    assert "node %s unreachable" % url in cli.fails("author", "announce", "--state", "a.state",
                                                   "--node", url)
    assert "unreachable" in cli.fails("read", announce, "--node", url)


def test_secrets(cli, node, tmp_path):
    assert "no seed: give --seed-file or set MSTREAMS_SEED" in cli.fails(
        "author", "new", "--state", "a.state")
    assert "no password: give --password-file or set MSTREAMS_PASSWORD" in cli.fails(
        "subscriber", "new", "--state", "s.state", seed="x", env={"MSTREAMS_PASSWORD": ""})
    (tmp_path / "seed").write_text("a very secret seed\n")
    (tmp_path / "password").write_text("a file password\n")
    made = cli.run("subscriber", "new", "--state", "s.state", "--seed-file", "seed",
                   "--password-file", "password", env={"MSTREAMS_PASSWORD": ""})
    assert made.returncode == 0, made.stderr
    assert "secret" not in made.stdout + made.stderr
    announce = new_author(cli)
    cli("author", "announce", "--state", "a.state", "--node", node.url)
    wrong = cli.fails("subscriber", "join", "--state", "s.state", "--node", node.url, announce)
    assert "cannot open the state file s.state: wrong password" in wrong
    assert cli("subscriber", "join", "--state", "s.state", "--node", node.url, announce,
               "--password-file", "password", env={"MSTREAMS_PASSWORD": ""})
    assert "empty" in cli.fails("author", "new", "--state", "b.state",
                                "--seed-file", "/dev/null")


def test_state_misuse(cli, node):
    announce = new_author(cli)
    assert "a.state exists already" in cli.fails("author", "new", "--state", "a.state",
                                                 seed="another seed")
    assert "a.state holds an Author state, not a Subscriber one" in cli.fails(
        "subscriber", "join", "--state", "a.state", "--node", node.url, announce)
    assert "cannot read the state file nothing.state" in cli.fails(
        "author", "announce", "--state", "nothing.state", "--node", node.url)
    assert "cannot write the state file no/such/dir/b.state" in cli.fails(
        "author", "new", "--state", "no/such/dir/b.state", seed="x")
    (cli.cwd / "junk.state").write_bytes(b"junk")
    assert "junk.state is not a Streams state file" in cli.fails(
        "author", "announce", "--state", "junk.state", "--node", node.url)


def test_channel_misuse(cli, node):
    announce = new_author(cli)
    cli("author", "announce", "--state", "a.state", "--node", node.url)
    cli("subscriber", "new", "--state", "s.state", seed="subscriber seed")
    subscribe = cli("subscriber", "join", "--state", "s.state", "--node", node.url, announce,
                    "--subscribe")[0]["link"]
    assert "already subscribed (%s)" % subscribe in cli.fails(
        "subscriber", "join", "--state", "s.state", "--node", node.url, announce, "--subscribe")
    assert "it is announce, not subscribe or unsubscribe" in cli.fails(
        "author", "accept", "--state", "a.state", "--node", node.url, announce)
    # The same key with another channel type: its announce would share the address.
    cli("author", "new", "--state", "multi.state", "--branching", "multi", seed="author seed")
    assert "another announce is already at %s" % announce in cli.fails(
        "author", "announce", "--state", "multi.state", "--node", node.url)
    assert "the state file is of channel %s" % announce in cli.fails(
        "read", LINK, "--node", node.url, "--state", "s.state")
    usage = cli.run("author", "send", "--state", "a.state", "--node", node.url)
    assert usage.returncode == 2 and "say --signed or --tagged" in usage.stderr
    usage = cli.run("author", "keyload", "--state", "a.state", "--node", node.url)
    assert usage.returncode == 2 and "say --everyone or give --psk" in usage.stderr
