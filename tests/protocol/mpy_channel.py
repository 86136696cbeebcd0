"""One channel of each branching mode, every content type, with a counting
RNG: prints every message and every read as hex lines. Runs unchanged in
CPython and in the MicroPython unix port; the outputs must be identical.

    micropython -m mpy_channel MODE... [export]
    (MODE 0 single-branch, 1 multi-branch, 2 single-depth; export: print
    both users' exported states at the end)
"""
import gc
import sys

from mstreams import Author, Subscriber, prng


class CountingRng:
    """Deterministic stand-in for os.urandom: gen(key, counter)."""

    def __init__(self, seed):
        self.key = prng.key_from_seed(seed)
        self.count = 0

    def __call__(self, n):
        self.count += 1
        return prng.gen(self.key, self.count.to_bytes(4, "big"), n)


def channel(flags, out, exports):
    tangle = {}

    def publish(*messages):
        for m in messages:
            if m is not None:
                tangle[m.msgid] = m.data
                out("sent", m.link, m.data)
        return messages[0]

    def get(appinst, mid):
        return [tangle[mid]] if mid in tangle else []

    def read(name, user):
        for m in user.fetch_next_msgs(get):
            if m.kind == "unreadable":
                out("read", name, m.kind, m.link, m.reason.encode())
                continue
            out("read", name, m.kind, m.link, m.public, m.masked)

    author = Author("mpy author", flags, rng=CountingRng(b"author"))
    announce = publish(author.send_announce())
    sub = Subscriber("mpy subscriber", rng=CountingRng(b"subscriber"))
    sub.receive_announcement(announce.appinst, announce.msgid, announce.data)
    subscribe = publish(sub.send_subscribe(announce.msgid))
    author.receive_subscribe(subscribe.msgid, subscribe.data)
    psk = prng.psk_from_seed(b"mpy psk")
    author.store_psk(psk)
    keyload = publish(*author.send_keyload_for_everyone(announce.msgid))
    signed = publish(*author.send_signed_packet(keyload.msgid, b"public", b"masked"))
    publish(*author.send_tagged_packet(signed.msgid if flags == 0 else keyload.msgid,
                                       b"", b"\x01"))
    read("subscriber", sub)
    psk_reader = Subscriber("mpy psk reader")
    psk_reader.receive_announcement(announce.appinst, announce.msgid, announce.data)
    psk_reader.store_psk(psk)
    read("psk-reader", psk_reader)
    if flags != 2:
        last = sub.store.cursors[sub.keys.pk][0] if flags == 0 else keyload.msgid
        publish(*sub.send_tagged_packet(last, b"back", b"masked back"))
        read("author", author)
    publish(sub.send_unsubscribe(subscribe.msgid))
    if exports:
        tangle.clear()  # room for the exports
        gc.collect()
        out("export author", author.export_state("pwd"))
        out("export subscriber", sub.export_state("pwd"))


def out(*fields):
    """Prints a line: text fields as they are, bytes in hex, in small pieces
    (one long string at once would not fit a fragmented small heap)."""
    for field in fields:
        if field is None:
            field = "-"
        if isinstance(field, str):
            print(field, end=" ")
            continue
        print("x", end="")
        for i in range(0, len(field), 32):
            print(field[i:i + 32].hex(), end="")
        print(end=" ")
    print()


def main(modes, exports):
    for flags in modes:
        channel(flags, out, exports)
        gc.collect()  # a board's heap is small: start each channel afresh
    out("done")


if __name__ == "__main__":
    main([int(m) for m in sys.argv[1:] if m != "export"], "export" in sys.argv)
