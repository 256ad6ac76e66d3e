"""Keep C libraries' banners and logs off the console."""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def quiet():
    """Discard everything written to file descriptor 1 (C libraries' banners included) while inside."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no real stdout (some embedded runners): nothing to guard
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
