"""Every board definition: board.json as the host reads it, and board.py in
the unix port (the real boards on the stand-in modules of fakes/)."""
import json
import math

import pytest

from .bme280_model import DATASHEET, DATASHEET_ADC, registers
from .conftest import BOARDS, error_of

NAMES = sorted(p.name for p in BOARDS.iterdir() if (p / "board.json").is_file())
READ_TWICE = """
import json, board
read = board.sensors(%s)
print(json.dumps([board.NAME, read(), read()]))
"""


def test_the_three_boards():
    assert NAMES == ["esp32", "rp2040", "sim"]


@pytest.mark.parametrize("name", NAMES)
def test_board_json(name):
    board = json.loads((BOARDS / name / "board.json").read_text())
    assert board["name"] == name
    assert board["natmod_arch"] in ("xtensawin", "armv6m", "x64")
    assert board["sensors"] and all(set(s) == {"name", "unit", "description"}
                                    for s in board["sensors"])
    assert board["links"] == ["serial", "wifi"]
    assert isinstance(board["heap_free"], int) and board["heap_free"] >= 56 * 1024
    assert board["flash"]["method"] in ("esptool", "uf2", "none")
    assert isinstance(board["firmware"], str)
    for option in board["optional_sensors"]:
        assert option["name"] == "bme280"
        assert {"i2c", "sda", "scl", "address"} <= set(option["config"])


@pytest.mark.parametrize("name", NAMES)
def test_sensors_named_in_board_json(mpy, name):
    """What sensors({}) reads is what board.json lists: numbers, 2 decimals."""
    if name == "esp32":
        setup = ""
    else:
        setup = "import machine\nmachine.ADC_RAW[4] = 14000\n"
    got_name, first, _ = mpy(setup + READ_TWICE % "{}", board=name)
    listed = json.loads((BOARDS / name / "board.json").read_text())["sensors"]
    assert got_name == name
    assert sorted(first) == sorted(s["name"] for s in listed)
    assert all(isinstance(v, float) and v == round(v, 2) for v in first.values())


def test_sim_is_reproducible(mpy):
    runs = [mpy(READ_TWICE % "{}", board="sim", fakes=False) for _ in range(2)]
    assert runs[0] == runs[1]
    _, first, second = runs[0]
    for n, got in ((1, first), (2, second)):
        assert got == {"temp_c": round(21 + 3 * math.sin(n / 20), 2),
                       "humidity_pct": round(45 + 10 * math.cos(n / 30), 2),
                       "pressure_hpa": round(1013.25 + 4 * math.sin(n / 50), 2)}


def test_sim_has_no_i2c_and_no_wifi_to_join(mpy):
    assert mpy(error_of('import board\nboard.sensors({"bme280": {"sda": 4, "scl": 5}})'),
               board="sim", fakes=False) == "bme280: the sim board has no I2C bus"
    assert mpy("import board, json\nprint(json.dumps(board.connect_wifi('lab', 'secret')))",
               board="sim", fakes=False) is None


@pytest.mark.parametrize("raw", [0, 12000, 14000, 14020, 16000, 65535])
def test_rp2040_temperature(mpy, raw):
    _, got, _ = mpy("import machine\nmachine.ADC_RAW[4] = %d\n" % raw + READ_TWICE % "{}",
                    board="rp2040")
    # RP2040 datasheet: 27 degC at 0.706 V, -1.721 mV per degC; 3.3 V full scale.
    assert got == {"mcu_temp_c": round(27 - (raw * 3.3 / 65535 - 0.706) / 0.001721, 2)}


@pytest.mark.parametrize("name", ["rp2040", "esp32"])
def test_with_bme280(mpy, name):
    regs = registers(DATASHEET, *DATASHEET_ADC)
    _, got, _ = mpy("import machine\nmachine.ADC_RAW[4] = 14000\n"
                    "machine.I2C_REGS[0x76] = bytearray(bytes.fromhex(%r))\n" % regs.hex()
                    + READ_TWICE % '{"bme280": {"sda": 4, "scl": 5}}', board=name)
    assert set(got) == {"mcu_temp_c", "temp_c", "humidity_pct", "pressure_hpa"}
    assert (got["temp_c"], got["pressure_hpa"]) == (25.08, 1006.53)


@pytest.mark.parametrize("name", ["rp2040", "esp32"])
def test_bme280_missing(mpy, name):
    error = mpy(error_of('import board\nboard.sensors({"bme280": {"sda": 4, "scl": 5}})'),
                board=name)
    assert error.startswith("bme280: no answer at I2C address 0x76")


def test_esp32_s3_reads_celsius(mpy):
    _, got, _ = mpy("import esp32\nesp32.mcu_temperature = lambda: 41\n" + READ_TWICE % "{}",
                    board="esp32")
    assert got == {"mcu_temp_c": 41.0}


@pytest.mark.parametrize("fahrenheit", [32, 95, 122, 140])
def test_esp32_converts_fahrenheit(mpy, fahrenheit):
    _, got, _ = mpy("import esp32\nesp32.RAW_F = %d\n" % fahrenheit + READ_TWICE % "{}",
                    board="esp32")
    assert got == {"mcu_temp_c": round((fahrenheit - 32) * 5 / 9, 2)}


def test_esp32_without_a_working_sensor(mpy):
    error = mpy(error_of("import esp32, board\nesp32.RAW_F = 128\nboard.sensors({})()"),
                board="esp32")
    assert error == "mcu_temp_c: this ESP32's temperature sensor gave no valid reading (raw 128)"


JOIN = """
import json, board, network
network.STATUS = %s
network.CONNECT_POLLS = %s
try:
    board.connect_wifi("lab", "s3cret-pw", 1)
    result = "joined"
except OSError as e:
    result = str(e)
print(json.dumps([result, [list(c) for c in network.CALLS]]))
"""


@pytest.mark.parametrize("name", ["rp2040", "esp32"])
def test_wifi_joins(mpy, name):
    result, calls = mpy(JOIN % ("0", "3"), board=name)
    assert result == "joined"
    assert calls == [["active", True], ["connect", "lab", "s3cret-pw"]]


@pytest.mark.parametrize("name", ["rp2040", "esp32"])
@pytest.mark.parametrize("status, reason", [
    ("network.STAT_WRONG_PASSWORD", " (wrong password)"),
    ("network.STAT_NO_AP_FOUND", " (no such network in range)"),
    ("0", "")])
def test_wifi_gives_up(mpy, name, status, reason):
    result, calls = mpy(JOIN % (status, "None"), board=name)
    assert result == "wifi: could not join lab within 1 s" + reason
    assert "s3cret-pw" not in result
    assert calls[-1] == ["disconnect"]


def test_pico_without_wifi(mpy):
    error = mpy(error_of("import board\nboard.connect_wifi('lab', 'pw')"), board="rp2040",
                fakes=False)
    assert error == "wifi: this board has no network module (a Pico without W?)"
