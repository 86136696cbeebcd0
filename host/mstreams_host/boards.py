"""Board definitions: boards/<name>/board.json (what the host needs to know:
natmod arch, sensors, links, how to flash) and boards/<name>/board.py (the
board's sensor and Wi-Fi code, deployed to it as /board.py)."""
import json
from pathlib import Path

import click
import mstreams_boards

BOARDS = Path(mstreams_boards.__file__).parent


def names():
    return sorted(p.parent.name for p in BOARDS.glob("*/board.json"))


def load(name):
    """The definition of board `name`, as a dict; a click error naming the
    known boards when there is no such board."""
    path = BOARDS / name / "board.json"
    if not path.is_file():
        raise click.BadParameter("no board %r; boards: %s" % (name, ", ".join(names())),
                                 param_hint="--board")
    with open(path) as f:
        board = json.load(f)
    board["dir"] = path.parent
    return board


board_option = click.option("--board", "board_name", required=True, metavar="BOARD",
                            help="Board definition of boards/ (esp32, rp2040, sim).")
