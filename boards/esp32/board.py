"""ESP32 family: the chip's internal temperature sensor, an optional BME280, Wi-Fi."""
NAME = "esp32"

_RAW_INVALID = 128  # what raw_temperature() answers when the chip's sensor does not work


def _fahrenheit_to_c(raw):
    if raw == _RAW_INVALID:
        raise OSError("mcu_temp_c: this ESP32's temperature sensor gave no valid reading (raw 128)")
    return (raw - 32) / 1.8


def sensors(config):
    import esp32

    from msdevice import bme280

    if hasattr(esp32, "mcu_temperature"):
        # ESP32-S2/S3/C3/C6 with MicroPython >= 1.23: whole degrees Celsius.
        def mcu():
            return float(esp32.mcu_temperature())
    else:
        # The original ESP32 has only the raw reading, in degrees Fahrenheit.
        def mcu():
            return _fahrenheit_to_c(esp32.raw_temperature())
    extra = bme280.configured(config)

    def read():
        values = extra()
        values["mcu_temp_c"] = round(mcu(), 2)
        return values
    return read


def connect_wifi(ssid, password, timeout_s=20):
    from msdevice import wlan
    wlan.join(ssid, password, timeout_s)
