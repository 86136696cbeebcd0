"""`mstreams flash`: writes a MicroPython firmware image to a board, by the
method its board.json names: esptool over the serial port (ESP32), or the
UF2 file copied to the RP2040's BOOTSEL drive (or loaded with picotool)."""
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from . import boards

# What an image must start with, checked before anything is written: an ESP32
# image's first byte is 0xE9; a UF2 block starts with two magic words.
FORMATS = {"esptool": (b"\xe9", "an ESP32 image (.bin)"),
           "uf2": (b"UF2\n\x57\x51\x5d\x9e", "a UF2 file (.uf2)")}
BOOTSEL_HINT = "hold BOOTSEL while plugging it in"


def check_image(path, method, board):
    magic, kind = FORMATS[method]
    try:
        with open(path, "rb") as f:
            head = f.read(len(magic))
    except OSError as e:
        raise click.BadParameter("cannot read %s: %s" % (path, e.strerror), param_hint="--firmware")
    if head != magic:
        raise click.BadParameter("%s is not %s; the %s board needs one, see %s"
                                 % (path, kind, board["name"], board["firmware"]),
                                 param_hint="--firmware")


def last_error(output):
    """The line of esptool's or picotool's output that says what went wrong."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error" in line.lower():
            return line[len("ERROR: "):] if line.startswith("ERROR: ") else line  # esptool 5
    return lines[-1] if lines else "no output"


def run_tool(name, args):
    """Runs a flashing tool, its output shown as it comes; ClickException with
    its error line if it fails."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = bytearray()
    for chunk in iter(lambda: proc.stdout.read1(4096), b""):
        click.echo(chunk, nl=False)
        output += chunk
    if proc.wait() != 0:
        error = last_error(output.decode(errors="replace"))
        raise click.ClickException("%s failed: %s" % (name, error))


def flash_esptool(board, port, image, erase):
    if not port:
        raise click.UsageError("the %s board needs --port, its serial port (e.g. /dev/ttyUSB0)"
                               % board["name"])
    if importlib.util.find_spec("esptool") is None:
        raise click.ClickException("esptool is not installed: pip install esptool")
    import serial  # pyserial, an esptool dependency

    # Opening the port first turns "no board there" into one line of ours.
    try:
        serial.Serial(port).close()
    except serial.SerialException as e:
        reason = os.strerror(e.errno) if e.errno else str(e)
        raise click.ClickException("no board at %s: %s" % (port, reason))
    spec = board["flash"]
    esptool = [sys.executable, "-m", "esptool", "--chip", spec["chip"], "--port", port]
    if erase:
        run_tool("esptool", esptool + ["erase_flash"])
    run_tool("esptool", esptool + ["--baud", str(spec["baud"]), "write_flash", "-z",
                                   spec["offset"], str(image)])
    click.echo("flashed %s to the %s at %s" % (image, board["name"], port))


def bootsel_drives(label):
    """Mount points of mounted drives labelled `label` (Linux, macOS)."""
    by_label = os.path.realpath("/dev/disk/by-label/" + label)
    found = []
    try:
        with open("/proc/mounts") as f:
            mounts = [line.split()[:2] for line in f]
    except OSError:
        mounts = []
    for device, where in mounts:
        where = where.replace("\\040", " ")  # /proc/mounts escapes spaces
        if os.path.basename(where) == label or os.path.realpath(device) == by_label:
            found.append(Path(where))
    found.append(Path("/Volumes", label))
    return [d for d in found if (d / "INFO_UF2.TXT").is_file()]


def flash_uf2(board, port, image):
    label = board["flash"]["volume_label"]
    if port:
        drive = Path(port)
        if not (drive / "INFO_UF2.TXT").is_file():
            raise click.ClickException("no RP2040 in BOOTSEL mode at %s (no INFO_UF2.TXT there): %s"
                                       % (port, BOOTSEL_HINT))
    elif shutil.which("picotool"):
        run_tool("picotool", ["picotool", "load", "-x", str(image), "-t", "uf2"])
        click.echo("flashed %s to the %s with picotool" % (image, board["name"]))
        return
    else:
        drives = bootsel_drives(label)
        if not drives:
            raise click.ClickException("no RP2040 in BOOTSEL mode found: " + BOOTSEL_HINT)
        drive = drives[0]
    try:
        # The board takes the file in and restarts into MicroPython once it is written.
        with open(image, "rb") as src, open(drive / Path(image).name, "wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
    except OSError as e:
        raise click.ClickException("copying to %s failed: %s" % (drive, e.strerror or e))
    click.echo("flashed %s to the %s at %s; it restarts into MicroPython"
               % (image, board["name"], drive))


@click.command()
@boards.board_option
@click.option("--port", help="ESP32: its serial port. RP2040: the folder its BOOTSEL drive is "
                             "mounted at (default: found by its label, or picotool).")
@click.option("--firmware", "image", required=True, type=click.Path(dir_okay=False),
              help="The MicroPython image: .bin for esp32, .uf2 for rp2040.")
@click.option("--erase", is_flag=True, help="ESP32: erase the whole flash first (first install).")
def flash(board_name, port, image, erase):
    """Write MicroPython firmware to a board."""
    board = boards.load(board_name)
    method = board["flash"]["method"]
    if method == "none":
        raise click.ClickException("the %s board is not flashed: `mstreams sim` runs it"
                                   % board_name)
    if erase and method != "esptool":
        raise click.UsageError("--erase is for esp32 boards (esptool), not %s" % board_name)
    check_image(image, method, board)
    if method == "esptool":
        flash_esptool(board, port, image, erase)
    else:
        flash_uf2(board, port, image)
