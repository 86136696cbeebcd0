"""`mstreams flash`, run through click's test runner: every refusal is one
clear line; the rp2040 copy and the esptool command line on stand-ins."""
import json
import os
import sys

import pytest
from click.testing import CliRunner

from mstreams_host.flash import flash

ESP32_IMAGE = b"\xe9\x03\x02\x20" + bytes(60)  # an ESP32 image header: magic byte 0xE9
UF2_IMAGE = b"UF2\n\x57\x51\x5d\x9e" + bytes(504)
INFO_UF2 = "UF2 Bootloader v3.0\nModel: Raspberry Pi RP2\nBoard-ID: RPI-RP2\n"
# Plays esptool: records its arguments, answers as FAKE_ESPTOOL_FAIL says.
FAKE_ESPTOOL = """
import json, os, sys
with open(os.environ["FAKE_ESPTOOL_LOG"], "a") as f:
    f.write(json.dumps(sys.argv[1:]) + "\\n")
if os.environ.get("FAKE_ESPTOOL_FAIL"):
    print("Connecting......")
    print("A fatal error occurred: Failed to connect to ESP32: No serial data received.")
    print("For troubleshooting steps visit: https://docs.espressif.com/...")
    sys.exit(2)
print("Hash of data verified.")
"""


def run(*args):
    result = CliRunner().invoke(flash, [str(a) for a in args])
    return result.exit_code, result.output


def error(*args):
    """The message of a refused flash: its last line, after click's `Error: `."""
    code, output = run(*args)
    assert code != 0, output
    last = output.strip().splitlines()[-1]
    assert last.startswith("Error: "), output
    return last[len("Error: "):]


@pytest.fixture
def images(tmp_path):
    (tmp_path / "esp32.bin").write_bytes(ESP32_IMAGE)
    (tmp_path / "pico.uf2").write_bytes(UF2_IMAGE)
    return tmp_path


@pytest.fixture
def bootsel(tmp_path):
    """A folder that looks like the mounted RPI-RP2 drive."""
    drive = tmp_path / "RPI-RP2"
    drive.mkdir()
    (drive / "INFO_UF2.TXT").write_text(INFO_UF2)
    (drive / "INDEX.HTM").write_text("<html></html>")
    return drive


@pytest.fixture
def serial_port():
    """A pseudo-terminal: a serial port that opens, with no board behind it."""
    controller, device = os.openpty()
    yield os.ttyname(device)
    os.close(controller)
    os.close(device)


@pytest.fixture
def fake_esptool(tmp_path, monkeypatch):
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "esptool.py").write_text(FAKE_ESPTOOL)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "fake"))  # `python -m esptool` finds it first
    monkeypatch.setenv("FAKE_ESPTOOL_LOG", str(tmp_path / "esptool.log"))

    def calls():
        with open(tmp_path / "esptool.log") as f:
            return [json.loads(line) for line in f]
    return calls


def test_unknown_board(images):
    assert error("--board", "esp8266", "--port", "/dev/ttyUSB0", "--firmware",
                 images / "esp32.bin") == \
        "Invalid value for --board: no board 'esp8266'; boards: esp32, rp2040, sim"


def test_sim_is_not_flashed(images):
    assert error("--board", "sim", "--firmware", images / "pico.uf2") == \
        "the sim board is not flashed: `mstreams sim` runs it"


@pytest.mark.parametrize("board", ["esp32", "rp2040"])
def test_missing_file(images, board):
    message = error("--board", board, "--port", "/dev/null", "--firmware", images / "nope.bin")
    assert message == "Invalid value for --firmware: cannot read %s: No such file or directory" \
        % (images / "nope.bin")


def test_uf2_for_esp32(images, serial_port):
    message = error("--board", "esp32", "--port", serial_port, "--firmware", images / "pico.uf2")
    assert message.startswith("Invalid value for --firmware: %s is not an ESP32 image (.bin); "
                              "the esp32 board needs one, see MicroPython for ESP32_GENERIC"
                              % (images / "pico.uf2"))
    assert "https://micropython.org/download/ESP32_GENERIC/" in message


def test_bin_for_rp2040(images, bootsel):
    message = error("--board", "rp2040", "--port", bootsel, "--firmware", images / "esp32.bin")
    assert message.startswith("Invalid value for --firmware: %s is not a UF2 file (.uf2)"
                              % (images / "esp32.bin"))
    assert sorted(os.listdir(bootsel)) == ["INDEX.HTM", "INFO_UF2.TXT"]  # nothing written


def test_esp32_needs_a_port(images):
    assert error("--board", "esp32", "--firmware", images / "esp32.bin") == \
        "the esp32 board needs --port, its serial port (e.g. /dev/ttyUSB0)"


def test_no_such_port(images, tmp_path):
    port = tmp_path / "ttyUSB9"
    assert error("--board", "esp32", "--port", port, "--firmware", images / "esp32.bin") == \
        "no board at %s: No such file or directory" % port


def test_esptool_command_line(images, serial_port, fake_esptool):
    code, output = run("--board", "esp32", "--port", serial_port, "--firmware",
                       images / "esp32.bin", "--erase")
    assert code == 0, output
    esptool = ["--chip", "esp32", "--port", serial_port]
    assert fake_esptool() == [esptool + ["erase_flash"],
                              esptool + ["--baud", "460800", "write_flash", "-z", "0x1000",
                                         str(images / "esp32.bin")]]
    assert "Hash of data verified." in output  # esptool's output is shown as it runs
    assert output.strip().splitlines()[-1] == \
        "flashed %s to the esp32 at %s" % (images / "esp32.bin", serial_port)


def test_esptool_failing(images, serial_port, fake_esptool, monkeypatch):
    monkeypatch.setenv("FAKE_ESPTOOL_FAIL", "1")
    assert error("--board", "esp32", "--port", serial_port, "--firmware", images / "esp32.bin") \
        == "esptool failed: A fatal error occurred: Failed to connect to ESP32: " \
           "No serial data received."
    assert len(fake_esptool()) == 1  # no write after a failed erase or connect


def test_esptool_missing(images, serial_port, monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert error("--board", "esp32", "--port", serial_port, "--firmware", images / "esp32.bin") \
        == "esptool is not installed: pip install esptool"


def test_rp2040_copies_to_bootsel_drive(images, bootsel):
    code, output = run("--board", "rp2040", "--port", bootsel, "--firmware", images / "pico.uf2")
    assert code == 0, output
    assert (bootsel / "pico.uf2").read_bytes() == UF2_IMAGE
    assert output.strip() == "flashed %s to the rp2040 at %s; it restarts into MicroPython" \
        % (images / "pico.uf2", bootsel)


def test_rp2040_port_that_is_no_bootsel_drive(images, tmp_path):
    assert error("--board", "rp2040", "--port", tmp_path, "--firmware", images / "pico.uf2") == \
        "no RP2040 in BOOTSEL mode at %s (no INFO_UF2.TXT there): hold BOOTSEL while plugging " \
        "it in" % tmp_path


def test_rp2040_not_found(images, monkeypatch):
    monkeypatch.setenv("PATH", "")  # no picotool: look for a mounted drive (there is none)
    assert error("--board", "rp2040", "--firmware", images / "pico.uf2") == \
        "no RP2040 in BOOTSEL mode found: hold BOOTSEL while plugging it in"


def test_rp2040_with_picotool(images, tmp_path, monkeypatch):
    log = tmp_path / "picotool.log"
    (tmp_path / "bin").mkdir()
    picotool = tmp_path / "bin" / "picotool"
    picotool.write_text("#!%s\nimport json, sys\nopen(%r, 'w').write(json.dumps(sys.argv[1:]))\n"
                        % (sys.executable, str(log)))
    picotool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    code, output = run("--board", "rp2040", "--firmware", images / "pico.uf2")
    assert code == 0, output
    assert json.loads(log.read_text()) == ["load", "-x", str(images / "pico.uf2"), "-t", "uf2"]


def test_erase_is_for_esp32(images, bootsel):
    assert error("--board", "rp2040", "--port", bootsel, "--firmware", images / "pico.uf2",
                 "--erase") == "--erase is for esp32 boards (esptool), not rp2040"
