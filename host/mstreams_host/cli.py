"""The `mstreams` command."""
import ipaddress
import logging
import socket
from importlib import metadata

import click
import mstreams

from . import statefile
from .channel import ChannelError
from .deploy import DeviceError
from .channel_cli import TOKEN_VARIABLE, author, subscriber
from .device_cli import demo, deploy_command, provision, relay, sim
from .flash import flash
from .node.store import without_password
from .reader import read
from .statefile import StateError
from .transport import NodeError


class Commands(click.Group):
    """The command group; the errors users cause become a one-line message."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (ChannelError, StateError, NodeError, DeviceError, mstreams.StreamsError) as e:
            raise click.ClickException(str(e)) from None
        except KeyboardInterrupt:
            raise click.exceptions.Exit(130) from None


@click.group(cls=Commands)
def main():
    """mstreams: IOTA Streams 1.2 channels for MicroPython boards."""


main.add_command(author)
main.add_command(subscriber)
main.add_command(read)
main.add_command(flash)
for command in (deploy_command, provision, relay, sim, demo):
    main.add_command(command)


def is_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), required=True,
              help="TCP port (0: any free port, printed at start).")
@click.option("--db", required=True, metavar="PATH_OR_URL",
              help="SQLite file, or postgresql://… to share one Tangle among node processes.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--network-id", "network", default="chrysalis-mainnet", show_default=True,
              help="Network name; messages must carry its id.")
@click.option("--min-pow-score", type=click.FloatRange(min=0), default=0, show_default=True,
              help="RFC-0024 proof-of-work score a posted message needs.")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False),
              help="File holding the bearer token writes need (required off loopback).")
def node(port, db, host, network, min_pow_score, token_file):
    """Run a Chrysalis-API node (the REST subset Streams uses) on a local store."""
    from aiohttp import web

    from .node.app import Node, make_app
    from .node.store import open_store

    token = statefile.secret(token_file, TOKEN_VARIABLE, "token") if token_file else None
    if token is None and not is_loopback(host):
        raise click.UsageError("off loopback, writes need a token: give --token-file")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        store = open_store(db)
    except Exception as e:  # sqlite3, psycopg or OS errors: say which, briefly
        raise click.ClickException(without_password("cannot open the store: %s" % e, db))
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.create_server((host, port), family=family)
    app = make_app(Node(store, network, min_pow_score, token), metadata.version("mstreams"))
    bound = sock.getsockname()
    # Tests and scripts read the actual port from this line.
    click.echo("mstreams node listening on http://%s:%d (%s)" % (bound[0], bound[1], store))
    web.run_app(app, sock=sock, print=None, shutdown_timeout=5)


if __name__ == "__main__":
    main()
