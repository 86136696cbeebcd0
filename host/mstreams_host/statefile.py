"""State files and the secrets that open them.

A state file holds a user's state in the official export format (so the
official client imports it and the reverse), protected by a password. It is
replaced atomically and readable by its owner only. The seed (only needed to
create a user) and the password come from files or from the environment
(MSTREAMS_SEED, MSTREAMS_PASSWORD); neither is ever printed.
"""
import os
import tempfile

import mstreams

SEED_VARIABLE = "MSTREAMS_SEED"
PASSWORD_VARIABLE = "MSTREAMS_PASSWORD"
# Byte 1 of an export says who exported it (wire notes §10.1): 0 Author, 1 Subscriber.
USER_CLASSES = {0: mstreams.Author, 1: mstreams.Subscriber}


class StateError(Exception):
    """A state file or secret is missing or unusable; the text says why."""


def secret(path, variable, what):
    """The secret in the file at path, else in the environment variable."""
    if path is not None:
        try:
            with open(path) as f:
                value = f.read().strip()
        except OSError as e:
            raise StateError("cannot read the %s file: %s" % (what, e.strerror)) from None
        if not value:
            raise StateError("the %s file %s is empty" % (what, path))
        return value
    value = os.environ.get(variable, "")
    if not value:
        raise StateError("no %s: give --%s-file or set %s" % (what, what, variable))
    return value


def load(path, password, expected=None):
    """The Author or Subscriber saved at path (of class expected, if given)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise StateError("cannot read the state file %s: %s" % (path, e.strerror)) from None
    user_class = USER_CLASSES.get(data[1] if len(data) > 1 else None)
    if user_class is None:
        raise StateError("%s is not a Streams state file" % path)
    if expected is not None and user_class is not expected:
        raise StateError("%s holds %s state, not %s one" % (
            path, _article(user_class), _article(expected)))
    try:
        return user_class.import_state(data, password)
    except mstreams.StreamsError as e:
        raise StateError("cannot open the state file %s: %s" % (path, e)) from None


def _article(user_class):
    return "an Author" if user_class is mstreams.Author else "a Subscriber"


def save(path, user, password, new=False):
    """Writes user's state to path atomically, mode 0600; new: path must not exist yet."""
    if new and os.path.lexists(path):
        raise StateError("%s exists already; it is not overwritten" % path)
    data = user.export_state(password)
    temp = None
    try:
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)),
                                    prefix=".mstreams-state-")  # mode 0600
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except OSError as e:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
        raise StateError("cannot write the state file %s: %s" % (path, e.strerror)) from None
