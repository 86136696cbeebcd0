"""`mstreams author …` and `mstreams subscriber …`: one channel operation per
call, the user's state kept in a state file between calls."""
import contextlib
import json
import os

import click
import mstreams
from mstreams.prng import psk_from_seed

from . import statefile
from .channel import Author, Subscriber
from .transport import Client, Rejected

BRANCHING = {"single": mstreams.SINGLE_BRANCH, "multi": mstreams.MULTI_BRANCH,
             "depth": mstreams.SINGLE_DEPTH}
TOKEN_VARIABLE = "MSTREAMS_TOKEN"  # the node's bearer token for writes, when not in a file


def emit(result, as_json):
    """Prints a result: one JSON object, or `name value` lines."""
    if as_json:
        click.echo(json.dumps(result))
    else:
        for name, value in result.items():
            click.echo("%-10s %s" % (name, "-" if value is None else value))


def psk(seed):
    """A PSK from its seed string, as the official client's store_psk(seed)."""
    return psk_from_seed(seed.encode())


def text(value):
    return b"" if value is None else value.encode()


state_option = click.option("--state", "state_path", required=True, metavar="FILE",
                            type=click.Path(dir_okay=False), help="The user's state file.")


def read_token(ctx, param, path):
    """The bearer token for writes, from the file or the environment; None if neither."""
    if path is None and not os.environ.get(TOKEN_VARIABLE):
        return None
    return statefile.secret(path, TOKEN_VARIABLE, "token")


def node_option(command):
    """--node, and --token-file for a node that wants a token for writes."""
    command = click.option(
        "--token-file", "token", metavar="FILE", type=click.Path(dir_okay=False),
        callback=read_token,
        help="File holding the node's bearer token for writes (else $%s)."
             % TOKEN_VARIABLE)(command)
    return click.option("--node", "url", required=True, metavar="URL",
                        help="Node base URL, e.g. http://127.0.0.1:14265.")(command)


password_option = click.option(
    "--password-file", type=click.Path(dir_okay=False),
    help="File holding the state file's password (else $%s)." % statefile.PASSWORD_VARIABLE)
json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print one JSON object per result line.")


def payload_options(command):
    for option in reversed([
            click.option("--signed", "how", flag_value="signed",
                         help="A signed packet (Ed25519)."),
            click.option("--tagged", "how", flag_value="tagged", help="A tagged packet (MAC)."),
            click.option("--public", metavar="TEXT", help="Public payload."),
            click.option("--masked", metavar="TEXT",
                         help="Masked payload (only keyload recipients read it)."),
            click.option("--link", metavar="LINK",
                         help="The message to link to (default: the channel's last message "
                              "in a single-branch channel, else the latest keyload).")]):
        command = option(command)
    return command


@contextlib.contextmanager
def opened(state_path, password_file, url, token, host_class):
    """The host user of a state file, on the node at url (writing with the
    bearer token, if any); its state is saved again when the block succeeds."""
    password = statefile.secret(password_file, statefile.PASSWORD_VARIABLE, "password")
    user = statefile.load(state_path, password, host_class.USER)
    with Client(url, token) as node:
        try:
            yield host_class(user, node)
        except Rejected as e:
            if e.status != 401:
                raise
            raise click.ClickException("%s; give it with --token-file or $%s"
                                       % (e, TOKEN_VARIABLE)) from None
    statefile.save(state_path, user, password)


def create(state_path, seed_file, password_file, user):
    """Saves a new user's state; the user is made from the seed by user(seed)."""
    seed = statefile.secret(seed_file, statefile.SEED_VARIABLE, "seed")
    password = statefile.secret(password_file, statefile.PASSWORD_VARIABLE, "password")
    made = user(seed)
    statefile.save(state_path, made, password, new=True)
    return made


def send_packet(channel, how, public, masked, link):
    """Syncs, then sends a signed or tagged packet; its link (and sequence link)."""
    if how is None:
        raise click.UsageError("say --signed or --tagged")
    channel.sync_state()
    link = link or channel.latest_link()
    send = channel.send_signed_packet if how == "signed" else channel.send_tagged_packet
    sent, seq = send(link, text(public), text(masked))
    return {"link": sent, "sequence": seq}


@click.group()
def author():
    """Create and write a channel, as its author."""


@author.command("new")
@state_option
@click.option("--branching", type=click.Choice(sorted(BRANCHING)), default="single",
              show_default=True, help="Channel type.")
@click.option("--seed-file", type=click.Path(dir_okay=False),
              help="File holding the author's seed (else $%s)." % statefile.SEED_VARIABLE)
@password_option
@json_option
def author_new(state_path, branching, seed_file, password_file, as_json):
    """Create an author (its state file); prints the channel's announce link."""
    made = create(state_path, seed_file, password_file,
                  lambda seed: mstreams.Author(seed, flags=BRANCHING[branching]))
    emit({"announce": mstreams.link_str(made.appinst, made.announce),
          "pk": made.keys.pk.hex()}, as_json)


@author.command("announce")
@state_option
@node_option
@password_option
@json_option
def author_announce(state_path, url, token, password_file, as_json):
    """Publish the channel's announce."""
    with opened(state_path, password_file, url, token, Author) as channel:
        emit({"link": channel.send_announce()}, as_json)


@author.command("accept")
@state_option
@node_option
@password_option
@json_option
@click.argument("link")
def author_accept(state_path, url, token, password_file, as_json, link):
    """Read a subscriber's subscribe (or unsubscribe) message at LINK."""
    with opened(state_path, password_file, url, token, Author) as channel:
        got = channel.receive_msg(link)
        emit({"kind": got.kind, "publisher": got.publisher.hex()}, as_json)


@author.command("keyload")
@state_option
@node_option
@password_option
@json_option
@click.option("--everyone", is_flag=True, help="For every subscriber and every PSK given.")
@click.option("--psk", "psks", multiple=True, metavar="PSKSEED",
              help="For the holders of this PSK (repeatable).")
@click.option("--link", metavar="LINK", help="The message to link to (as for send).")
def author_keyload(state_path, url, token, password_file, as_json, everyone, psks, link):
    """Publish a keyload: the key to the masked payloads that follow it."""
    if not everyone and not psks:
        raise click.UsageError("say --everyone or give --psk")
    with opened(state_path, password_file, url, token, Author) as channel:
        ids = [channel.store_psk(psk(seed)) for seed in psks]
        channel.sync_state()
        link = link or channel.latest_link()
        if everyone:
            sent, seq = channel.send_keyload_for_everyone(link)
        else:
            sent, seq = channel.send_keyload(link, psk_ids=ids)
        emit({"link": sent, "sequence": seq}, as_json)


@author.command("send")
@state_option
@node_option
@password_option
@json_option
@payload_options
def author_send(state_path, url, token, password_file, as_json, how, public, masked, link):
    """Publish a signed or tagged packet."""
    with opened(state_path, password_file, url, token, Author) as channel:
        emit(send_packet(channel, how, public, masked, link), as_json)


@click.group()
def subscriber():
    """Join a channel and write to it, as a subscriber."""


@subscriber.command("new")
@state_option
@click.option("--seed-file", type=click.Path(dir_okay=False),
              help="File holding the subscriber's seed (else $%s)." % statefile.SEED_VARIABLE)
@password_option
@json_option
def subscriber_new(state_path, seed_file, password_file, as_json):
    """Create a subscriber (its state file); prints its public key."""
    made = create(state_path, seed_file, password_file, mstreams.Subscriber)
    emit({"pk": made.keys.pk.hex()}, as_json)


@subscriber.command("join")
@state_option
@node_option
@password_option
@json_option
@click.option("--subscribe", is_flag=True, help="Also send a subscribe for the author to accept.")
@click.option("--psk", "psk_seed", metavar="PSKSEED", help="Read with this PSK.")
@click.argument("announce")
def subscriber_join(state_path, url, token, password_file, as_json, subscribe, psk_seed, announce):
    """Read the channel's ANNOUNCE; prints the subscribe link with --subscribe."""
    with opened(state_path, password_file, url, token, Subscriber) as channel:
        channel.receive_announcement(announce)
        if psk_seed is not None:
            channel.store_psk(psk(psk_seed))
        if subscribe and channel.subscribe_link() is not None:
            raise click.ClickException("already subscribed (%s)" % channel.subscribe_link())
        emit({"link": channel.send_subscribe(announce) if subscribe else None}, as_json)


@subscriber.command("send")
@state_option
@node_option
@password_option
@json_option
@payload_options
@click.option("--psk", "psk_seed", metavar="PSKSEED",
              help="Send under this PSK's id (PSKs are not kept in the state file).")
def subscriber_send(state_path, url, token, password_file, as_json, how, public, masked, link,
                    psk_seed):
    """Publish a signed or tagged packet to the channel."""
    with opened(state_path, password_file, url, token, Subscriber) as channel:
        if psk_seed is not None:
            channel.store_psk(psk(psk_seed))
        emit(send_packet(channel, how, public, masked, link), as_json)


@subscriber.command("unsubscribe")
@state_option
@node_option
@password_option
@json_option
def subscriber_unsubscribe(state_path, url, token, password_file, as_json):
    """Leave the channel: an unsubscribe for the author to accept."""
    with opened(state_path, password_file, url, token, Subscriber) as channel:
        subscribed = channel.subscribe_link()
        if subscribed is None:
            raise click.ClickException("this subscriber never subscribed")
        emit({"link": channel.send_unsubscribe(subscribed)}, as_json)
