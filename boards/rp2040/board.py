"""Raspberry Pi Pico / Pico W: the RP2040's internal temperature sensor, an
optional BME280, and Wi-Fi on the Pico W."""
NAME = "rp2040"

_ADC_TEMP = 4  # the RP2040's ADC channel wired to its temperature sensor


def _mcu_temp_c(raw):
    """RP2040 datasheet 4.9.5: 27 degC at 0.706 V, falling 1.721 mV per degC;
    read_u16() scales the 12-bit ADC (3.3 V reference) to 0..65535."""
    return 27 - (raw * 3.3 / 65535 - 0.706) / 0.001721


def sensors(config):
    from machine import ADC

    from msdevice import bme280

    adc = ADC(_ADC_TEMP)
    extra = bme280.configured(config)

    def read():
        values = extra()
        values["mcu_temp_c"] = round(_mcu_temp_c(adc.read_u16()), 2)
        return values
    return read


def connect_wifi(ssid, password, timeout_s=20):
    from msdevice import wlan
    wlan.join(ssid, password, timeout_s)
