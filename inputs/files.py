"""Writing output files: every writer (the case writer, reports, sweeps, uncertainty studies, cli) writes a
file in one step through `atomic_write`, so a reader never sees half a file."""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows.

    Linux reports it in /proc/self/status; elsewhere it is read by setting it
    and putting it straight back, under a lock so this module never races itself.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        old = os.umask(0o077)
        os.umask(old)
    return old


def _new_file_mode(path: Path) -> int:
    """Permission bits `path` gets when written: those of the file it replaces, else 0o666 & ~umask.

    That is what opening the file for writing would give; mkstemp's 0o600 is only for the temporary file.
    """
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o777
    except OSError:
        return 0o666 & ~current_umask()


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write a file in one step: a temporary file in the same folder, then rename.

    The file gets the user's usual permissions (0o666 less the umask, or the
    mode of the file it replaces), not the owner-only mode of a temporary file.
    """
    path = Path(path)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(data)
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish_folder(staged: Path, out: Path, names: list[str]) -> None:
    """Move the files `names` (paths relative to the folder `staged`, written beside `out` on the same file
    system) into `out`: the whole folder at once when `out` is new or empty, else file by file."""
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()  # empty: nothing is lost
    if not out.exists():
        os.replace(staged, out)
        return
    for name in names:
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / name, target)
