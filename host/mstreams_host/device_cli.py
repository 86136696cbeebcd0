"""Board commands: `mstreams deploy`, `provision`, `relay`, `sim` and `demo`."""
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import threading

import click
import mstreams
from mstreams.prng import psk_from_seed

from . import boards, deploy as device, statefile
from .boards import board_option
from .channel_cli import TOKEN_VARIABLE, read_token
from .relay import Relay
from .transport import Client

log = logging.getLogger("mstreams")

port_option = click.option("--port", required=True, metavar="DEV",
                           help="The board's serial port, e.g. /dev/ttyACM0.")
seed_option = click.option("--seed-file", type=click.Path(dir_okay=False),
                           help="File holding the channel's seed (else $%s)."
                                % statefile.SEED_VARIABLE)
psk_option = click.option("--psk", "psks", multiple=True, metavar="PSKSEED",
                          help="A PSK readers will hold, from its seed (repeatable).")
token_option = click.option("--token-file", "token", metavar="FILE",
                            type=click.Path(dir_okay=False), callback=read_token,
                            help="File holding the node's bearer token for writes "
                                 "(else $%s)." % TOKEN_VARIABLE)

# The virtual board's heap: the smallest the board app runs in (72 KiB, see
# bench/device_heap.py and the README's Heap paragraph) with a wide margin.
DEFAULT_HEAP = "96k"


def board_config(seed, psks, link, packet, branching, period, readings, node, token, wifi):
    """The config `provision` writes (msdevice/config.py says what each key means)."""
    config = {"seed": seed, "psks": [psk_from_seed(p.encode()).hex() for p in psks],
              "link": link, "packet": packet, "branching": branching, "period_s": period,
              "readings": readings}
    if link == "wifi":
        if not node:
            raise click.UsageError("--link wifi needs --node, the URL the board posts to")
        config.update(node=node, token=token or "", wifi=wifi)
    return config


def announce_of(seed):
    """The announce link of the channel a seed makes: what readers start from."""
    author = mstreams.Author(seed)
    return mstreams.link_str(author.appinst, author.announce)


@click.command("deploy")
@board_option
@port_option
@click.option("--natmod", type=click.Path(exists=True, dir_okay=False),
              help="mscrypto.mpy to install (default: build/natmod/<arch>/mscrypto.mpy).")
def deploy_command(board_name, port, natmod):
    """Install the mstreams firmware on a board running MicroPython."""
    note = device.deploy(boards.load(board_name), port, natmod)
    if note:
        click.echo("note: " + note, err=True)
    click.echo("deployed to %s; now `mstreams provision`" % port)


provision_options = [
    seed_option, psk_option,
    click.option("--link", type=click.Choice(["serial", "wifi"]), default="serial",
                 show_default=True, help="How messages leave the board."),
    click.option("--packet", type=click.Choice(["signed", "tagged"]), default="signed",
                 show_default=True, help="Signed (Ed25519) or tagged (MAC) packets."),
    click.option("--branching", type=click.Choice(["multi", "single"]), default="multi",
                 show_default=True,
                 help="multi: subscribers may join later; single: half the messages, no "
                      "subscribers."),
    click.option("--period", type=click.FloatRange(min=0), default=10, show_default=True,
                 help="Seconds between readings."),
    click.option("--readings", type=click.IntRange(min=0), default=0, show_default=True,
                 help="Stop after this many readings (0: never)."),
    click.option("--node", "url", metavar="URL", help="Node URL (with --link wifi)."),
    token_option,
    click.option("--json", "as_json", is_flag=True, help="Print {\"announce\": LINK}."),
]


def with_options(options):
    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command
    return decorate


@click.command()
@board_option
@port_option
@with_options(provision_options)
@click.option("--wifi-ssid", default="", help="Wi-Fi network (with --link wifi).")
@click.option("--wifi-password-file", type=click.Path(dir_okay=False),
              help="File holding the Wi-Fi password.")
@click.option("--sensors", "sensors", metavar="JSON", default="{}",
              help='Board sensor settings, e.g. \'{"bme280": {"sda": 4, "scl": 5}}\'.')
@click.option("--new-channel", is_flag=True,
              help="Erase the channel state on the board: it announces a new channel.")
def provision(board_name, port, seed_file, psks, link, packet, branching, period, readings, url,
              token, as_json, wifi_ssid, wifi_password_file, sensors, new_channel):
    """Write the channel identity and config to a board (secrets are never printed)."""
    boards.load(board_name)
    try:
        sensors = json.loads(sensors)
    except ValueError:
        sensors = None
    if not isinstance(sensors, dict):
        raise click.BadParameter("a JSON object, e.g. '{}'", param_hint="--sensors")
    seed = statefile.secret(seed_file, statefile.SEED_VARIABLE, "seed")
    wifi = {"ssid": wifi_ssid, "password": statefile.secret(
        wifi_password_file, "MSTREAMS_WIFI_PASSWORD", "wifi-password") if wifi_ssid else ""}
    config = board_config(seed, psks, link, packet, branching, period, readings, url, token, wifi)
    config["sensors"] = sensors
    device.provision(port, config, new_channel)
    result = {"announce": announce_of(seed)}
    click.echo(json.dumps(result) if as_json else
               "provisioned %s; restart the board to start. Channel: %s"
               % (port, result["announce"]))


@click.command()
@port_option
@click.option("--node", "url", required=True, metavar="URL", help="Node base URL.")
@token_option
def relay(port, url, token):
    """Relay a board's messages from its serial line to a node."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    with Client(url, token) as node:
        Relay(port, node, on_delivered=lambda n, link: log.info("delivered %s", link)).run()


def run_sim(config, url, token, heap, flash, on_delivered, on_board, install=True,
            fail_on=()):
    """Deploys the virtual board and provisions it with config (mpremote over
    its pty), boots it and, for the serial link, relays it to the node at url;
    returns once the config's readings are delivered (never, for 0).
    on_board(text) gets the app's console lines. install=False boots a flash
    that already holds the firmware and config. fail_on: more app lines (by
    their start) that count as a failure."""
    from .sim import VirtualBoard

    done = threading.Event()
    booted = threading.Event()
    failed = []

    def on_line(line):
        text = line.decode("utf-8", "replace")
        if text.startswith("mstreams: "):
            on_board(text[10:])
            if text.startswith("mstreams: done"):
                done.set()
            elif text[10:].startswith(("config error", "stopped") + tuple(fail_on)):
                failed.append(text[10:])
        elif booted.is_set() and re.match(r"\w+Error: ", text):  # the app crashed
            failed.append(text)
        if failed:
            done.set()

    board = VirtualBoard(flash, heap, on_line)
    relay_thread = None
    try:
        if install:
            board.power_on()
            note = device.deploy(boards.load("sim"), board.port)
            if note:
                on_board("note: " + note)
            device.provision(board.port, config)
        booted.set()
        board.power_cycle()  # boots into the app
        if config["link"] == "serial":
            node = Client(url, token)
            relayer = Relay(board.port, node, on_delivered, on_board_line=lambda text: None)
            relay_thread = threading.Thread(target=relayer.run, daemon=True)
            relay_thread.start()
        while not done.wait(0.2):
            if not board.alive():
                raise device.DeviceError("the virtual board stopped: %s"
                                         % (failed[-1] if failed else "no reason given"))
        if failed:
            raise device.DeviceError("the virtual board failed: %s" % failed[-1])
    finally:
        if relay_thread is not None:
            relayer.stop()
            relay_thread.join()
            node.close()
        board.close()


@click.command()
@with_options(provision_options)
@click.option("--heap", default=DEFAULT_HEAP, show_default=True,
              help="The board's MicroPython heap (the app runs in 72k or more).")
@click.option("--flash", type=click.Path(file_okay=False),
              help="Directory kept as the board's flash (default: a new temporary one).")
def sim(seed_file, psks, link, packet, branching, period, readings, url, token, as_json, heap,
        flash):
    """Run the virtual board: the MicroPython unix port on a pseudo-terminal,
    deployed and provisioned like a real board, streaming to a node."""
    if not url:
        raise click.UsageError("give --node URL")
    seed = statefile.secret(seed_file, statefile.SEED_VARIABLE, "seed")
    announce = announce_of(seed)
    click.echo(json.dumps({"announce": announce}) if as_json else "channel " + announce)

    def delivered(n, link_text):
        click.echo(json.dumps({"delivered": link_text}) if as_json
                   else "delivered " + link_text)

    def board_line(text):
        click.echo("board: " + text, err=True)

    with tempfile.TemporaryDirectory() as tmp:
        config = board_config(seed, psks, link, packet, branching, period, readings, url, token,
                              {})
        run_sim(config, url, token, heap, flash or tmp, delivered, board_line)


@click.command()
@click.option("--readings", type=click.IntRange(min=1), default=10, show_default=True,
              help="Readings the virtual board streams.")
@click.option("--heap", default=DEFAULT_HEAP, show_default=True, help="The board's heap.")
def demo(readings, heap):
    """The whole path on this machine: a local node, the virtual board streaming
    signed, masked readings over its serial line to the relay, and the laptop
    reader printing them verified and decrypted."""
    from .reader import read

    seed, psk = os.urandom(16).hex(), "demo psk"
    with tempfile.TemporaryDirectory() as tmp:
        click.echo("1. a local node (SQLite in %s)" % tmp)
        node = subprocess.Popen([sys.executable, "-m", "mstreams_host.cli", "node", "--port",
                                 "0", "--db", os.path.join(tmp, "tangle.db")],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            found = re.search(r"http://[\d.]+:\d+", node.stdout.readline())
            if not found:
                raise click.ClickException("the local node did not start")
            url = found.group(0)
            click.echo("   %s" % url)
            click.echo("2. the virtual board: deploy, provision (PSK %r), %d readings over "
                       "serial to the relay" % (psk, readings))
            config = board_config(seed, [psk], "serial", "signed", "multi", 0.2, readings,
                                  None, None, {})
            run_sim(config, url, None, heap, os.path.join(tmp, "flash"),
                    lambda n, link_text: None,
                    lambda text: click.echo("   board: " + text))
            click.echo("3. the laptop reader: mstreams read %s --node %s --psk %r"
                       % (announce_of(seed), url, psk))
            read.main(["--node", url, "--psk", psk, announce_of(seed)], standalone_mode=False)
        finally:
            node.terminate()
            node.wait()
