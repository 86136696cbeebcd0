"""Runs snippets in the MicroPython unix port with the board code on its path
and, for the real boards, the stand-in hardware modules of fakes/."""
import json

import pytest

from conftest import FIRMWARE, ROOT, run_micropython

BOARDS = ROOT / "boards"
FAKES = ROOT / "tests" / "boards" / "fakes"


@pytest.fixture
def mpy(tmp_path):
    """mpy(code, board=None, fakes=True): runs `code` as a module in the unix
    port (`board` importable when given) and returns the JSON value of the
    last line it prints."""
    def run(code, board=None, fakes=True):
        (tmp_path / "snippet.py").write_text(code)
        path = [tmp_path] + ([FAKES] if fakes else []) + \
               ([BOARDS / board] if board else []) + [FIRMWARE]
        return json.loads(run_micropython("snippet", path=path).splitlines()[-1])
    return run


def error_of(code):
    """`code` wrapped so that the snippet prints the OSError it raises, or null."""
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return "import json\ntry:\n%s\n    print('null')\nexcept OSError as e:\n" \
           "    print(json.dumps(str(e)))\n" % body
