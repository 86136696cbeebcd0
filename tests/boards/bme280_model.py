"""A BME280 as registers (what the fake I2C serves) and the datasheet's
double-precision compensation (BST-BME280-DS002 section 8.1), computed here in
CPython independently of the driver's integer formulas."""
import struct

# The BMP280 datasheet's worked example (section 3.12: the same temperature and
# pressure formulas): 25.08 degC and 100653.27 Pa. Humidity calibration from a
# BME280 as found in the field.
DATASHEET = {"T": (27504, 26435, -1000),
             "P": (36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000),
             "H": (75, 362, 0, 313, 50, 30)}
DATASHEET_ADC = (519888, 415148, 30000)  # adc_T, adc_P, adc_H
# Another chip, with a negative dig_H5 (sign-extended from 12 bits).
OTHER = {"T": (28485, 26735, 50),
         "P": (36738, -10635, 3024, 5517, -140, -7, 9900, -10230, 4285),
         "H": (75, 359, 0, 340, -7, 30)}


def registers(cal, adc_t, adc_p, adc_h, chip_id=0x60):
    regs = bytearray(256)
    regs[0xD0] = chip_id
    regs[0x88:0x88 + 26] = struct.pack("<HhhHhhhhhhhhBB", *cal["T"], *cal["P"], 0, cal["H"][0])
    h1, h2, h3, h4, h5, h6 = cal["H"]
    regs[0xE1:0xE1 + 7] = struct.pack("<hBbBbb", h2, h3, h4 >> 4, (h4 & 0x0F) | (h5 & 0x0F) << 4,
                                      h5 >> 4, h6)
    regs[0xF7:0xF7 + 8] = bytes((adc_p >> 12, adc_p >> 4 & 0xFF, (adc_p & 0x0F) << 4,
                                 adc_t >> 12, adc_t >> 4 & 0xFF, (adc_t & 0x0F) << 4,
                                 adc_h >> 8, adc_h & 0xFF))
    return regs


def compensate(cal, adc_t, adc_p, adc_h):
    """(degC, hPa, %RH) by the datasheet's floating-point formulas."""
    t1, t2, t3 = cal["T"]
    p1, p2, p3, p4, p5, p6, p7, p8, p9 = cal["P"]
    h1, h2, h3, h4, h5, h6 = cal["H"]
    var1 = (adc_t / 16384.0 - t1 / 1024.0) * t2
    var2 = (adc_t / 131072.0 - t1 / 8192.0) * (adc_t / 131072.0 - t1 / 8192.0) * t3
    t_fine = int(var1 + var2)
    temp = (var1 + var2) / 5120.0

    var1 = t_fine / 2.0 - 64000.0
    var2 = var1 * var1 * p6 / 32768.0
    var2 = var2 + var1 * p5 * 2.0
    var2 = var2 / 4.0 + p4 * 65536.0
    var1 = (p3 * var1 * var1 / 524288.0 + p2 * var1) / 524288.0
    var1 = (1.0 + var1 / 32768.0) * p1
    p = 1048576.0 - adc_p
    p = (p - var2 / 4096.0) * 6250.0 / var1
    var1 = p9 * p * p / 2147483648.0
    var2 = p * p8 / 32768.0
    p = p + (var1 + var2 + p7) / 16.0

    h = t_fine - 76800.0
    h = (adc_h - (h4 * 64.0 + h5 / 16384.0 * h)) * \
        (h2 / 65536.0 * (1.0 + h6 / 67108864.0 * h * (1.0 + h3 / 67108864.0 * h)))
    h = h * (1.0 - h1 * h / 524288.0)
    return temp, p / 100, min(max(h, 0.0), 100.0)
