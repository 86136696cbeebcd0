"""`mstreams read`: a channel's messages, verified and decrypted as far as the
reader's keys allow, as a table, JSON lines or CSV; `--follow` goes on with
the node's live feed."""
import csv
import json
import os
import sys
import time

import click
import mstreams
from msdevice import reading

from . import link, statefile
from .channel import Author, Subscriber
from .channel_cli import psk
from .transport import Client, NodeError

FIELDS = ("link", "kind", "publisher", "public", "masked", "verified", "error")
FOLLOW_RETRY = 2.0  # seconds between attempts while the node is away


def row(got):
    """A message read, as the fields of FIELDS (payloads in hex; masked is
    None when this reader cannot decrypt it)."""
    if isinstance(got, mstreams.Unreadable):
        return dict(link=got.link, kind=got.kind, publisher=None, public=None, masked=None,
                    verified=False, error=got.reason)
    masked = None if got.kind == "keyload" and got.masked is None else (got.masked or b"").hex()
    return dict(link=got.link, kind=got.kind, publisher=got.publisher.hex(),
                public=(got.public or b"").hex(), masked=masked, verified=masked is not None,
                error=None)


def shown(hex_payload, width=32):
    """A payload for the table: its text if printable, else hex; shortened."""
    if hex_payload is None:
        return "(no key)"
    data = bytes.fromhex(hex_payload)
    try:
        value = data.decode()
        if not value.isprintable():
            raise ValueError
    except ValueError:
        value = "0x" + hex_payload
    return value if len(value) <= width else value[:width - 1] + "…"


def readable(r):
    """(public, masked) of a row for the table: a board's reading decoded
    (msdevice/reading.py), else the payloads as shown()."""
    public = values = None
    if r["public"] and r["masked"]:
        public = reading.decode_public(bytes.fromhex(r["public"]))
        values = reading.decode_masked(bytes.fromhex(r["masked"]))
    if public is None or values is None:
        return shown(r["public"]), shown(r["masked"])
    return ("#%d t=%d" % public,
            " ".join("%s=%s" % (name, values[name]) for name in sorted(values)))


class Printer:
    """Prints rows in one of the three formats."""

    def __init__(self, fmt):
        self.fmt = fmt  # None (a table), "json" or "csv"
        if fmt == "csv":
            self.csv = csv.DictWriter(sys.stdout, FIELDS, lineterminator="\n")
            self.csv.writeheader()
        elif fmt is None:
            click.echo("%-24s %-10s %-16s %-3s %-32s %s"
                       % ("MSGID", "KIND", "PUBLISHER", "OK", "PUBLIC", "MASKED"))

    def __call__(self, got):
        r = row(got)
        if self.fmt == "json":
            click.echo(json.dumps(r))
        elif self.fmt == "csv":
            self.csv.writerow(r)
        elif r["error"] is not None:
            click.echo("%-24s %-10s %s" % (r["link"][81:], "UNREADABLE", r["error"]))
        else:
            public, masked = readable(r)
            click.echo("%-24s %-10s %-16s %-3s %-32s %s" % (
                r["link"][81:], r["kind"], r["publisher"][:16], "yes" if r["verified"] else "no",
                public, masked))
        sys.stdout.flush()


class Progress:
    """While catching up on a terminal: a status line on stderr counting the
    links fetched, cleared before each row (rows go above it)."""

    SHOWN_FROM = 10  # links: a short channel reads without a status line

    def __init__(self, get):
        self.get = get
        self.count = 0
        self.on = sys.stderr.isatty()
        self.shown = False

    def __call__(self, appinst, mid):
        self.count += 1
        if self.on and self.count >= self.SHOWN_FROM:
            click.echo("\rcatching up: %d links fetched…" % self.count, err=True, nl=False)
            self.shown = True
        return self.get(appinst, mid)

    def clear(self):
        if self.shown:
            click.echo("\r\033[K", err=True, nl=False)
            self.shown = False


def reader(announce, node, state_path, password_file):
    """The host user reading the channel: from the state file (re-reading
    from the start) or a fresh anonymous subscriber."""
    if state_path is None:
        return Subscriber(mstreams.Subscriber(os.urandom(32)), node)
    password = statefile.secret(password_file, statefile.PASSWORD_VARIABLE, "password")
    user = statefile.load(state_path, password)
    channel = (Author if isinstance(user, mstreams.Author) else Subscriber)(user, node)
    if user.announce is not None:
        if channel.announcement_link() != announce:
            raise click.ClickException("the state file is of channel %s"
                                       % channel.announcement_link())
        channel.reset_state()
    return channel


def catch_up(channel, print_row):
    """Reads what follows what the channel's user has read, printing each
    message as soon as it is read."""
    progress = Progress(channel.candidates)
    shown = 0

    def show(found):  # rows as they come: the messages added since the last call
        nonlocal shown
        progress.clear()
        for got in found[shown:]:
            print_row(got)
        shown = len(found)

    found = channel.user.fetch_next_msgs(progress, show)
    show(found)  # the unreadable ones, known only at the end
    progress.clear()


@click.command()
@click.argument("announce")
@click.option("--node", "url", required=True, metavar="URL", help="Node base URL.")
@click.option("--state", "state_path", type=click.Path(exists=True, dir_okay=False),
              help="Read with this user's keys (the file is not changed).")
@click.option("--password-file", type=click.Path(dir_okay=False),
              help="File holding the state file's password (else $%s)."
                   % statefile.PASSWORD_VARIABLE)
@click.option("--psk", "psks", multiple=True, metavar="PSKSEED",
              help="Read with this PSK (repeatable).")
@click.option("--follow", is_flag=True, help="Keep reading new messages as they arrive.")
@click.option("--json", "fmt", flag_value="json", help="One JSON object per message.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV with a header line.")
def read(announce, url, state_path, password_file, psks, follow, fmt):
    """Read the channel whose announce is at ANNOUNCE."""
    with Client(url) as node:
        channel = reader(announce, node, state_path, password_file)
        announced = channel.receive_announcement(announce)
        print_row = Printer(fmt)
        print_row(announced)
        for seed in psks:  # a reader may hold several (a Subscriber sends under one)
            channel.user.store.add_psk(psk(seed), channel.user.announce)
        catch_up(channel, print_row)
        if follow:
            keep_following(channel, print_row)


def keep_following(channel, print_row):
    """Reads on whenever the node's feed brings a message of the channel this
    reader has not read yet; waits for the node whenever it is away. The feed
    starts from the node's first message, so nothing published while we were
    catching up is missed; messages already read are recognised by index."""
    appinst = channel.user.appinst
    since = 0  # the feed's last event: a new feed resumes after it
    known = set()
    while True:
        try:
            for event in channel.node.follow(channel=appinst, since=since):
                since = event["seq"]
                if event["index"] not in known:
                    catch_up(channel, print_row)
                    known = {link.index(appinst, mid) for mid in channel.user.links}
        except NodeError as e:
            click.echo("waiting for the node: %s" % e, err=True)
            time.sleep(FOLLOW_RETRY)
