"""The board application, started by /main.py: load the config, continue
(or start) the channel, then read the sensors every period and publish each
reading through the link, forever or for `readings` readings."""
import gc
import sys
import time

DATA = "ms_journal"  # the folder of the journal (state and outbox); not "mstreams",
                     # which would shadow the package on the import path


def log(text):
    """A console line of the board app: one line per event, never a secret."""
    print("mstreams: " + text)


def main(path="mstreams.json"):
    """Runs the app; on a bad config or a failing board it says why in one
    line and returns, leaving the REPL usable."""
    try:
        cfg = load_config(path)
    except (OSError, ValueError) as e:
        log("config error: %s; fix it with `mstreams provision`" % e)
        return
    try:
        run(cfg)
    except (OSError, ValueError) as e:  # no Wi-Fi or storage; a state the seed cannot open
        log("stopped: %s" % e)
    except MemoryError:  # the loop rides one out; starting up needs all the app's heap
        cfg = None
        release()
        log("stopped: out of memory starting up; the app needs more heap than this board "
            "has left (%d bytes free without it)" % gc.mem_free())


def load_config(path):
    """The config at path (see msdevice/config.py); its checks are unloaded
    once done, as the board needs them only this once."""
    from . import config
    try:
        return config.load(path)
    finally:
        forget("msdevice.config")


def forget(name):
    """Unloads module `name`: its heap comes back once nothing refers to it."""
    sys.modules.pop(name, None)
    if name.startswith("msdevice."):  # the package holds its submodules too
        import msdevice
        msdevice.__dict__.pop(name[len("msdevice."):], None)


def release():
    """Unloads what the app imported, so that a board too small for it still
    has the heap its REPL needs to be fixed from."""
    for name in list(sys.modules):
        if name.startswith(("mstreams", "mscrypto", "board", "msdevice.")) and name != __name__:
            forget(name)
    gc.collect()


def start(cfg):
    """(sensor reader, journal, channel, link) for a config."""
    # The code first, each module after a collection, so that it packs into
    # the holes the last one left and the channel's buffers find room above.
    for name in ("mstreams.author", "mstreams.state", "board", "msdevice.journal",
                 "msdevice.channel", "msdevice.wlan" if cfg["link"] == "wifi" else "msdevice.links"):
        gc.collect()
        __import__(name)
    gc.collect()
    import board
    from mstreams import backend, link_str

    from .channel import Channel
    from .journal import Journal

    read = board.sensors(cfg["sensors"])
    if cfg["link"] == "wifi":
        from .wlan import WifiLink
        board.connect_wifi(cfg["wifi"].get("ssid", ""), cfg["wifi"].get("password", ""))
        link = WifiLink(cfg["node"], cfg["token"])
    else:
        from .links import SerialLink
        link = SerialLink()
    journal = Journal(DATA, cfg["outbox"])
    channel = Channel(cfg["seed"], cfg["psks"], journal, cfg["packet"] == "signed",
                      cfg["branching"])
    a = channel.author
    log("channel %s, %d readings so far, %d messages to deliver, crypto: %s"
        % (link_str(a.appinst, a.announce), channel.readings, len(journal.pending),
           "natmod" if backend.__name__ == "mscrypto" else "pure-Python fallback (slow)"))
    return read, journal, channel, link


def run(cfg):
    read, journal, channel, link = start(cfg)
    period = int(cfg["period_s"] * 1000)
    limit = cfg["readings"]
    due = time.ticks_ms()
    while True:
        wait = max(0, min(100, time.ticks_diff(due, time.ticks_ms())))
        try:
            link.step(journal, channel, wait)
        except MemoryError:
            log("out of memory on the link; retrying")
        if limit and channel.readings >= limit and not journal.pending:
            log("done: %d readings delivered" % channel.readings)
            return
        if time.ticks_diff(time.ticks_ms(), due) >= 0 and not journal.full() \
                and not (limit and channel.readings >= limit):
            due = time.ticks_add(due if period else time.ticks_ms(), period)
            sample(read, channel)
            gc.collect()
            log("reading %d queued, outbox %d, heap free %d"
                % (channel.readings, len(journal.pending), gc.mem_free()))


def sample(read, channel):
    """Reads the sensors and publishes the reading; a failure is logged and
    the reading tried again next period (nothing half-made is kept)."""
    try:
        values = read()
    except OSError as e:
        log("sensor: %s" % e)
        return
    try:
        channel.publish(values)
    except MemoryError:
        log("out of memory making reading %d; will retry" % (channel.readings + 1))
    except OSError as e:  # storage full or failing: the outbox drains, then it may fit
        log("cannot save reading %d (%s); will retry" % (channel.readings + 1, e))
