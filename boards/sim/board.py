"""The virtual board (MicroPython unix port): synthetic, reproducible sensors;
the host's network serves as its Wi-Fi."""
import math

NAME = "sim"


def sensors(config):
    if config.get("bme280"):
        raise OSError("bme280: the sim board has no I2C bus")
    n = 0

    def read():
        # Slow waves of the reading counter: the same run gives the same readings.
        nonlocal n
        n += 1
        return {"temp_c": round(21 + 3 * math.sin(n / 20), 2),
                "humidity_pct": round(45 + 10 * math.cos(n / 30), 2),
                "pressure_hpa": round(1013.25 + 4 * math.sin(n / 50), 2)}
    return read


def connect_wifi(ssid, password, timeout_s=20):
    """Nothing to join: the unix port uses the host's network (127.0.0.1)."""
