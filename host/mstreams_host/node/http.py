"""JSON replies and errors in the Chrysalis node API's shapes, and parameter parsing."""
import re

from aiohttp import web

MAX_RESULTS = 1000


class ApiError(Exception):
    """Answered as {"error":{"code":status,"message":message}}."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def error_response(status, message):
    return web.json_response({"error": {"code": str(status), "message": message}}, status=status)


def data(value, status=200, headers=None):
    return web.json_response({"data": value}, status=status, headers=headers)


def created(message_id):
    return data({"messageId": message_id.hex()}, status=201,
                headers={"Location": "/api/v1/messages/" + message_id.hex()})


def hex_param(text, what, sizes):
    """The bytes of a hex parameter whose length is in `sizes`, else a 400."""
    try:
        value = bytes.fromhex(text)
    except ValueError:
        raise ApiError(400, "%s must be hex" % what) from None
    if len(value) not in sizes:
        raise ApiError(400, "%s has the wrong length (%d bytes)" % (what, len(value)))
    return value


def number_param(text, what, low, high):
    """A decimal parameter in low..high, else a 400 (ASCII digits only: int()
    takes other scripts' digits, and fails on superscripts)."""
    if not re.fullmatch(r"[0-9]{1,20}", text) or not low <= int(text) <= high:
        raise ApiError(400, "%s is a number from %d to %d" % (what, low, high))
    return int(text)
