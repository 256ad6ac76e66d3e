"""Keep C libraries' banners and logs off the console, from any number of threads at once."""

from __future__ import annotations

import contextlib
import os
import sys
import threading

# File descriptor 1 is one per process: the first thread to enter redirects it, the last to leave restores it.
_lock = threading.Lock()
_inside = 0
_saved: int | None = None
_devnull: int | None = None


def _enter() -> bool:
    """Count one more user; redirect fd 1 when it is the first. False when there is no real stdout."""
    global _inside, _saved, _devnull
    with _lock:
        if _inside == 0:
            try:
                sys.stdout.flush()
                saved = os.dup(1)
            except (OSError, ValueError):  # no real stdout (some embedded runners): nothing to guard
                return False
            _devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(_devnull, 1)
            _saved = saved
        _inside += 1
        return True


def _leave() -> None:
    """Count one user less; restore fd 1 when it was the last."""
    global _inside, _saved, _devnull
    with _lock:
        _inside -= 1
        if _inside == 0:
            with contextlib.suppress(OSError, ValueError):
                sys.stdout.flush()
            os.dup2(_saved, 1)
            os.close(_saved)
            os.close(_devnull)
            _saved = _devnull = None


@contextlib.contextmanager
def quiet():
    """Discard everything written to file descriptor 1 (C libraries' banners included) while inside.

    Thread-safe: while any thread is inside, fd 1 stays on /dev/null; the last thread to leave puts it back.
    """
    if not _enter():
        yield
        return
    try:
        yield
    finally:
        _leave()
