"""Read a text file a planner names (a scenario, a solution JSON): a regular file of bounded size only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from models import CaseError, Issue

MAX_TEXT_BYTES = 50_000_000  # far above any scenario or solution file; /dev/zero or a 10 GB log is refused


def read_text_file(path: str | os.PathLike, hint: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of the regular file `path` of at most `max_bytes` bytes.

    Raises CaseError located at the file when it is missing, a folder, not a regular file (a device, a
    pipe), larger than `max_bytes`, unreadable or not UTF-8; `hint` (e.g. "give a scenario YAML file") ends
    the message.
    """
    path = Path(path)

    def fail(message: str) -> CaseError:
        return CaseError([Issue(str(path), None, None, f"{message}; {hint}")])

    try:
        info = path.stat()  # before opening: opening a named pipe would wait for a writer
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise fail("is not a regular file (a device, a pipe or a socket)")
        if info.st_size > max_bytes:
            raise fail(f"is {info.st_size / 1e6:,.0f} MB, more than the {max_bytes / 1e6:,.0f} MB a file of "
                       "this kind may have")
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise fail("does not exist") from None
    except OSError as err:
        raise fail(f"cannot be read ({err.strerror or err})") from None
    if len(raw) > max_bytes:
        raise fail(f"grew beyond {max_bytes / 1e6:,.0f} MB while it was read")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CaseError([Issue(str(path), None, None, "is not UTF-8 text; save it as UTF-8")]) from None
