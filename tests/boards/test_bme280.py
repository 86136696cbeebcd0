"""The BME280 driver (firmware/msdevice/bme280.py) in the unix port, on a fake
I2C bus serving the registers of bme280_model."""
import random

import pytest

from .bme280_model import DATASHEET, DATASHEET_ADC, OTHER, compensate, registers
from .conftest import error_of

SETUP = """
import json, machine
from msdevice.bme280 import BME280
machine.I2C_REGS[0x76] = bytearray(bytes.fromhex(%r))
bus = machine.I2C(0, machine.Pin(4), machine.Pin(5))
"""
READ = SETUP + """
print(json.dumps([BME280(bus).read(), [[a, r, list(b)] for a, r, b in machine.I2C_WRITES]]))
"""


def read(mpy, regs):
    return mpy(READ % regs.hex())


def test_datasheet_example(mpy):
    values, writes = read(mpy, registers(DATASHEET, *DATASHEET_ADC))
    # The BMP280 datasheet's own results: 25.08 degC, 100653.27 Pa.
    assert values["temp_c"] == 25.08
    assert values["pressure_hpa"] == 1006.53
    humidity = compensate(DATASHEET, *DATASHEET_ADC)[2]
    assert values["humidity_pct"] == pytest.approx(humidity, abs=0.02)
    # One forced-mode measurement: humidity x1, then temperature and pressure x1, forced.
    assert writes == [[0x76, 0xF2, [0x01]], [0x76, 0xF4, [0x25]]]


@pytest.mark.parametrize("cal", [DATASHEET, OTHER], ids=["datasheet", "other"])
def test_integer_formulas_match_double_precision(mpy, cal):
    rng = random.Random(280)
    cases = [(rng.randrange(380000, 620000), rng.randrange(250000, 480000),
              rng.randrange(15000, 45000)) for _ in range(40)]
    code = "import json, machine\nfrom msdevice.bme280 import BME280\nout = []\n"
    for adc in cases:
        code += ("machine.I2C_REGS[0x76] = bytearray(bytes.fromhex(%r))\n"
                 "out.append(BME280(machine.I2C(0, machine.Pin(4), machine.Pin(5))).read())\n"
                 % registers(cal, *adc).hex())
    code += "print(json.dumps(out))\n"
    for adc, got in zip(cases, mpy(code)):
        temp, pressure, humidity = compensate(cal, *adc)
        assert got["temp_c"] == pytest.approx(temp, abs=0.011), adc
        assert got["pressure_hpa"] == pytest.approx(pressure, abs=0.011), adc
        assert got["humidity_pct"] == pytest.approx(humidity, abs=0.02), adc


def test_wrong_chip(mpy):
    regs = registers(DATASHEET, *DATASHEET_ADC, chip_id=0x58)  # a BMP280: no humidity
    error = mpy(error_of("""
import machine
from msdevice.bme280 import BME280
machine.I2C_REGS[0x76] = bytearray(bytes.fromhex(%r))
BME280(machine.I2C(0, machine.Pin(4), machine.Pin(5)))
""" % regs.hex()))
    assert error == "bme280: the chip at I2C address 0x76 has id 0x58, not a BME280's 0x60"


def test_no_chip(mpy):
    error = mpy(error_of("""
import machine
from msdevice.bme280 import BME280
BME280(machine.I2C(0, machine.Pin(4), machine.Pin(5)), 0x77)
"""))
    assert error.startswith("bme280: no answer at I2C address 0x77 (")
    assert "0x76 or 0x77" in error


def test_measurement_that_never_ends(mpy):
    regs = registers(DATASHEET, *DATASHEET_ADC)
    regs[0xF3] = 0x08  # status: measuring, for ever
    error = mpy(error_of(SETUP % regs.hex() + "BME280(bus).read()"))
    assert error == "bme280: the measurement did not finish"


def test_configured(mpy):
    regs = registers(DATASHEET, *DATASHEET_ADC)
    got = mpy("""
import json, machine
from msdevice import bme280
machine.I2C_REGS[0x77] = bytearray(bytes.fromhex(%r))
none = bme280.configured({})()
one = bme280.configured({"bme280": {"i2c": 1, "sda": 6, "scl": 7, "address": 0x77}})()
try:
    bme280.configured({"bme280": {"sda": 6}})
except OSError as e:
    missing = str(e)
print(json.dumps([none, one, missing]))
""" % regs.hex())
    assert got[0] == {}
    assert got[1]["temp_c"] == 25.08 and got[1]["pressure_hpa"] == 1006.53
    assert got[2] == "bme280: the config needs the scl pin"
