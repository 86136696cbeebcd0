"""Frames on a serial line shared with the console (USB serial), board <-> relay.

A frame is one line of text, so that console output, tracebacks and the REPL
share the line with it, and no frame byte is a control character (Ctrl-C
still interrupts the board):

    !ms <kind> <n> <payload, base64> <crc32 of everything before it, 8 hex>\n

Kinds: M, board to host: a Streams message to publish, frame n = its outbox
number; S, host to board: a subscribe or unsubscribe to process; A: frame n
was done with; N: frame n was refused, the payload says why (not resent).
M and S payloads are the 52-byte address (appinst + msgid) then the message.
A frame whose checksum fails is dropped: its sender resends it.
"""
import binascii
import io

MARK = b"!ms "
ADDRESS_LENGTH = 52


class FrameError(ValueError):
    pass


CHUNK = 48  # payload bytes per base64 piece (a multiple of 3, so pieces join up)


def write(out, kind, n, *parts):
    """Writes a frame whose payload is the parts joined to `out` (anything
    with write()) piece by piece, so that a board needs no buffer the size of
    the frame, nor one holding the parts joined."""
    piece = b"%s%s %d " % (MARK, kind, n)
    crc = binascii.crc32(piece)
    out.write(piece)
    if not any(parts):
        crc = binascii.crc32(b"-", crc)
        out.write(b"-")
    for chunk in _chunks(parts):
        piece = binascii.b2a_base64(chunk)[:-1]
        crc = binascii.crc32(piece, crc)
        out.write(piece)
    out.write(b" %08x\n" % (crc & 0xFFFFFFFF))


def _chunks(parts):
    """The parts joined, CHUNK bytes at a time (the last chunk may be shorter)."""
    chunk = bytearray()
    for part in parts:
        view = memoryview(part)
        while view:
            take = CHUNK - len(chunk)
            chunk += view[:take]
            view = view[take:]
            if len(chunk) == CHUNK:
                yield chunk
                chunk = bytearray()
    if chunk:
        yield chunk


def encode(kind, n, *parts):
    """A frame as bytes (its payload the parts joined)."""
    out = io.BytesIO()
    write(out, kind, n, *parts)
    return out.getvalue()


def decode(line):
    """(kind, n, payload) of a frame line; None for console text; FrameError
    for a damaged frame."""
    start = line.find(MARK)
    if start < 0:
        return None
    parts = bytes(line[start:]).strip().split(b" ")
    if len(parts) != 5:
        raise FrameError("damaged frame: %d fields" % len(parts))
    body = b" ".join(parts[:4])
    try:
        if int(parts[4], 16) != binascii.crc32(body) & 0xFFFFFFFF:
            raise FrameError("damaged frame: checksum mismatch")
        payload = b"" if parts[3] == b"-" else binascii.a2b_base64(parts[3])
        return parts[1].decode(), int(parts[2]), payload
    except ValueError as e:  # bad hex, number or base64 (FrameError is one too)
        if isinstance(e, FrameError):
            raise
        raise FrameError("damaged frame: %s" % e)


def message(address, data):
    """The payload of an M or S frame."""
    return bytes(address) + bytes(data)


def split(payload):
    """(appinst, msgid, data) of an M or S payload."""
    if len(payload) <= ADDRESS_LENGTH:
        raise FrameError("frame payload of %d bytes holds no message" % len(payload))
    return payload[:40], payload[40:ADDRESS_LENGTH], payload[ADDRESS_LENGTH:]
