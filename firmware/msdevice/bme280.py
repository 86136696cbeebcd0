"""Bosch BME280 (temperature, humidity, pressure) on I2C, after the datasheet
(BST-BME280-DS002): one forced-mode measurement per read at oversampling x1,
compensated with the datasheet's integer formulas (section 4.2.3), which are
exact in Python's integers where the float ones would lose digits in the
single-precision floats of ESP32 and RP2040 MicroPython."""
import struct
import time

CHIP_ID = 0x60
REG_CHIP_ID = 0xD0
REG_CALIB_TP = 0x88  # dig_T1..dig_P9, a spare byte, dig_H1: 26 bytes
REG_CALIB_H = 0xE1   # dig_H2..dig_H6: 7 bytes
REG_CTRL_HUM = 0xF2
REG_STATUS = 0xF3
REG_CTRL_MEAS = 0xF4
REG_DATA = 0xF7      # press_msb..hum_lsb: 8 bytes
STATUS_MEASURING = 0x08
HUM_X1 = 0x01
TP_X1_FORCED = 0x25  # osrs_t x1 (bits 7:5), osrs_p x1 (bits 4:2), forced mode (bits 1:0)
MEASURE_MS = 10      # datasheet appendix B: at most 9.3 ms with every oversampling x1


class BME280:
    def __init__(self, i2c, address=0x76):
        self.i2c = i2c
        self.address = address
        chip = self._read(REG_CHIP_ID, 1)[0]
        if chip != CHIP_ID:
            raise OSError("bme280: the chip at I2C address 0x%02x has id 0x%02x, "
                          "not a BME280's 0x60" % (address, chip))
        cal = struct.unpack("<HhhHhhhhhhhhBB", self._read(REG_CALIB_TP, 26))
        self.t = cal[0:3]
        self.p = cal[3:12]
        h2, h3, e4, e5, e6, h6 = struct.unpack("<hBbBbb", self._read(REG_CALIB_H, 7))
        # dig_H4 and dig_H5 are signed 12-bit values sharing register 0xE5.
        self.h = (cal[13], h2, h3, e4 * 16 | e5 & 0x0F, e6 * 16 | e5 >> 4, h6)

    def _read(self, reg, n):
        try:
            return self.i2c.readfrom_mem(self.address, reg, n)
        except OSError as e:
            raise OSError("bme280: no answer at I2C address 0x%02x (%s); check the wiring and "
                          "the address (0x76 or 0x77)" % (self.address, e))

    def _write(self, reg, value):
        try:
            self.i2c.writeto_mem(self.address, reg, bytes((value,)))
        except OSError as e:
            raise OSError("bme280: no answer at I2C address 0x%02x (%s)" % (self.address, e))

    def read(self):
        """{"temp_c", "humidity_pct", "pressure_hpa"} of one new measurement."""
        self._write(REG_CTRL_HUM, HUM_X1)  # takes effect with the ctrl_meas write below
        self._write(REG_CTRL_MEAS, TP_X1_FORCED)
        time.sleep_ms(MEASURE_MS)
        for _ in range(10):
            if not self._read(REG_STATUS, 1)[0] & STATUS_MEASURING:
                break
            time.sleep_ms(1)
        else:
            raise OSError("bme280: the measurement did not finish")
        d = self._read(REG_DATA, 8)
        adc_p = d[0] << 12 | d[1] << 4 | d[2] >> 4
        adc_t = d[3] << 12 | d[4] << 4 | d[5] >> 4
        adc_h = d[6] << 8 | d[7]
        t_fine = self._t_fine(adc_t)
        return {"temp_c": round(((t_fine * 5 + 128) >> 8) / 100, 2),
                "humidity_pct": round(self._humidity(adc_h, t_fine) / 1024, 2),
                "pressure_hpa": round(self._pressure(adc_p, t_fine) / 25600, 2)}

    def _t_fine(self, adc_t):
        t1, t2, t3 = self.t
        var1 = (((adc_t >> 3) - (t1 << 1)) * t2) >> 11
        var2 = (((((adc_t >> 4) - t1) * ((adc_t >> 4) - t1)) >> 12) * t3) >> 14
        return var1 + var2

    def _pressure(self, adc_p, t_fine):
        """Pressure in Pa/256 (the datasheet's 64-bit version)."""
        p1, p2, p3, p4, p5, p6, p7, p8, p9 = self.p
        var1 = t_fine - 128000
        var2 = var1 * var1 * p6 + ((var1 * p5) << 17) + (p4 << 35)
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12)
        var1 = (((1 << 47) + var1) * p1) >> 33
        if var1 == 0:  # the datasheet's guard against dividing by zero
            raise OSError("bme280: invalid pressure calibration")
        p = 1048576 - adc_p
        p = (((p << 31) - var2) * 3125) // var1
        var1 = (p9 * (p >> 13) * (p >> 13)) >> 25
        var2 = (p8 * p) >> 19
        return ((p + var1 + var2) >> 8) + (p7 << 4)

    def _humidity(self, adc_h, t_fine):
        """Relative humidity in %/1024."""
        h1, h2, h3, h4, h5, h6 = self.h
        x = t_fine - 76800
        scaled = (((adc_h << 14) - (h4 << 20) - h5 * x) + 16384) >> 15
        gain = ((((x * h6) >> 10) * (((x * h3) >> 11) + 32768)) >> 10) + 2097152
        x = scaled * ((gain * h2 + 8192) >> 14)
        x -= ((((x >> 15) * (x >> 15)) >> 7) * h1) >> 4
        return min(max(x, 0), 419430400) >> 12


def configured(config):
    """read() of the BME280 a board's "sensors" config asks for with
    {"bme280": {"sda": pin, "scl": pin, "i2c": 0, "address": 0x76}}, or,
    without one, `dict`, whose call gives no readings."""
    bme = config.get("bme280")
    if not bme:
        return dict
    from machine import I2C, Pin
    try:
        i2c = I2C(bme.get("i2c", 0), sda=Pin(bme["sda"]), scl=Pin(bme["scl"]))
    except KeyError as e:
        raise OSError("bme280: the config needs the %s pin" % e.args[0])
    return BME280(i2c, bme.get("address", 0x76)).read
