"""Writing to a node that wants a bearer token: `--token-file` or
$MSTREAMS_TOKEN on every command that writes, and the token never shown."""
import pytest

from node.conftest import NodeProcess

TOKEN = "cli-token-s3cret"


@pytest.fixture
def guarded(tmp_path):
    """A node started with --token-file; the file's path is in .token_file."""
    token_file = tmp_path / "node.token"
    token_file.write_text(TOKEN + "\n")
    running = NodeProcess(["--db", str(tmp_path / "tangle.db"), "--token-file", str(token_file)],
                          tmp_path / "node.log")
    running.token_file = token_file
    yield running
    running.stop()


def test_writes_without_the_token_name_the_option(cli, guarded):
    cli("author", "new", "--state", "a.state", seed="author seed")
    error = cli.fails("author", "announce", "--state", "a.state", "--node", guarded.url)
    assert "(401)" in error and "--token-file" in error and "MSTREAMS_TOKEN" in error
    (cli.cwd / "wrong.token").write_text("not-the-token")
    error = cli.fails("author", "announce", "--state", "a.state", "--node", guarded.url,
                      "--token-file", "wrong.token")
    assert "--token-file" in error and "not-the-token" not in error and TOKEN not in error


def test_every_write_with_the_token(cli, guarded):
    node = ["--node", guarded.url, "--token-file", guarded.token_file]
    announce = cli("author", "new", "--state", "a.state", seed="author seed")[0]["announce"]
    assert cli("author", "announce", "--state", "a.state", *node)[0]["link"] == announce
    cli("subscriber", "new", "--state", "s.state", seed="subscriber seed")
    # The token may come from the environment instead.
    from_env = {"MSTREAMS_TOKEN": TOKEN}
    subscribed = cli("subscriber", "join", "--state", "s.state", "--node", guarded.url,
                     announce, "--subscribe", env=from_env)[0]["link"]
    cli("author", "accept", "--state", "a.state", *node, subscribed)
    cli("author", "keyload", "--state", "a.state", *node, "--everyone")
    cli("author", "send", "--state", "a.state", *node, "--signed", "--masked", "from author")
    cli("subscriber", "send", "--state", "s.state", *node, "--tagged", "--public", "from sub")
    cli("subscriber", "unsubscribe", "--state", "s.state", *node)

    proc = cli.run("read", announce, "--node", guarded.url, "--state", "s.state", "--json")
    assert proc.returncode == 0, proc.stderr
    assert TOKEN not in proc.stdout + proc.stderr + guarded.log
    kinds = [line.split('"kind": "')[1].split('"')[0] for line in proc.stdout.splitlines()]
    assert kinds == ["announce", "keyload", "signed", "tagged"]


def test_an_empty_token_file_is_refused(cli, guarded):
    (cli.cwd / "empty.token").write_text("\n")
    cli("author", "new", "--state", "a.state", seed="author seed")
    assert "the token file empty.token is empty" in cli.fails(
        "author", "announce", "--state", "a.state", "--node", guarded.url,
        "--token-file", "empty.token")
