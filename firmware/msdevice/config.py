"""The board's config, /mstreams.json, written by `mstreams provision`.

    {"seed": "...",                 required: the channel identity (secret)
     "psks": ["<64 hex>", ...],     keyload recipients (secret)
     "packet": "signed",            or "tagged"
     "branching": "multi",          or "single" (half the messages, but no subscribers)
     "period_s": 10,                seconds between readings
     "link": "serial",              or "wifi", which also needs:
     "wifi": {"ssid": "...", "password": "..."}, "node": "http://host:port", "token": "...",
     "outbox": 16,                  messages kept until delivered (then readings wait)
     "readings": 0,                 stop after this many (0: never)
     "sensors": {}}                 board-specific, e.g. {"bme280": {"sda": 4, "scl": 5}}
"""
import json

PATH = "mstreams.json"
DEFAULTS = {"psks": [], "packet": "signed", "branching": "multi", "period_s": 10, "link": "serial", "wifi": {},
            "node": "", "token": "", "outbox": 16, "readings": 0, "sensors": {}}


def _check(ok, what):
    if not ok:
        raise ValueError(what)


def load(path=PATH):
    """The config as a dict with defaults filled in; ValueError or OSError
    saying what is wrong (never quoting a secret)."""
    with open(path) as f:
        try:
            cfg = json.load(f)
        except ValueError:
            raise ValueError("%s is not valid JSON" % path)
    _check(isinstance(cfg, dict), "%s must hold a JSON object" % path)
    for key in cfg:
        _check(key == "seed" or key in DEFAULTS, "unknown setting %r" % key)
    for key in DEFAULTS:
        cfg.setdefault(key, DEFAULTS[key])
    _check(isinstance(cfg.get("seed"), str) and cfg["seed"], "seed: missing")
    psks = cfg["psks"]
    _check(isinstance(psks, list), "psks: a list of 64-hex-digit PSKs")
    try:
        cfg["psks"] = [bytes.fromhex(p) for p in psks]
    except (TypeError, ValueError):
        cfg["psks"] = []
    _check(len(cfg["psks"]) == len(psks) and all(len(p) == 32 for p in cfg["psks"]),
           "psks: each PSK is 64 hex digits")
    _check(cfg["packet"] in ("signed", "tagged"), "packet: signed or tagged")
    _check(cfg["branching"] in ("single", "multi"), "branching: single or multi")
    _check(cfg["link"] in ("serial", "wifi"), "link: serial or wifi")
    for key in ("period_s", "outbox", "readings"):
        _check(isinstance(cfg[key], (int, float)) and cfg[key] >= 0, "%s: a number >= 0" % key)
    _check(1 <= cfg["outbox"] <= 256, "outbox: 1 to 256 messages")
    _check(isinstance(cfg["sensors"], dict), "sensors: a JSON object")
    if cfg["link"] == "wifi":
        _check(cfg["node"].startswith("http://"), "node: the node's http:// URL (link wifi)")
        _check(isinstance(cfg["wifi"], dict), "wifi: {\"ssid\": ..., \"password\": ...}")
    return cfg
