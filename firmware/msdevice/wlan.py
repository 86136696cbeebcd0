"""Joining a Wi-Fi network as a station: ESP32 and Pico W share MicroPython's
network.WLAN API, so their board.py both use this."""
import time


def join(ssid, password, timeout_s=20):
    """Returns once connected; OSError saying why not (never the password)."""
    try:
        import network
    except ImportError:
        raise OSError("wifi: this board has no network module (a Pico without W?)")
    wlan = network.WLAN(network.STA_IF)
    wlan.active(True)
    wlan.connect(ssid, password)
    deadline = time.ticks_add(time.ticks_ms(), int(timeout_s * 1000))
    while not wlan.isconnected():
        if time.ticks_diff(deadline, time.ticks_ms()) <= 0:
            # The driver keeps retrying in the background; the last status says why it failed.
            status = wlan.status()
            wlan.disconnect()
            reason = {network.STAT_WRONG_PASSWORD: " (wrong password)",
                      network.STAT_NO_AP_FOUND: " (no such network in range)"}.get(status, "")
            raise OSError("wifi: could not join %s within %d s%s" % (ssid, timeout_s, reason))
        time.sleep_ms(100)
