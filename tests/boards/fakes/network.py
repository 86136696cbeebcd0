"""Stand-in for `network` (ESP32, Pico W): a station that connects after
CONNECT_POLLS polls of isconnected(), or never (None), ending in STATUS."""
STA_IF = 0
STAT_WRONG_PASSWORD = -3
STAT_NO_AP_FOUND = -2
CONNECT_POLLS = 3
STATUS = STAT_WRONG_PASSWORD
CALLS = []


class WLAN:
    def __init__(self, interface):
        self.polls = 0

    def active(self, on):
        CALLS.append(("active", on))

    def connect(self, ssid, key):
        CALLS.append(("connect", ssid, key))

    def isconnected(self):
        self.polls += 1
        return CONNECT_POLLS is not None and self.polls > CONNECT_POLLS

    def status(self):
        return STATUS

    def disconnect(self):
        CALLS.append(("disconnect",))
