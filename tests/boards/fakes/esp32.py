"""Stand-in for the `esp32` module of an original ESP32 (raw_temperature()
only); a test adds mcu_temperature to play an ESP32-S3."""
RAW_F = 122


def raw_temperature():
    return RAW_F
