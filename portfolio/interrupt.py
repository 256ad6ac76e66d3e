"""Ctrl-C during a solve: the solver is asked to stop and returns what it has found, labelled interrupted.

While `stop_on_ctrl_c()` is active in the main thread, the first SIGINT only sets
an event; the backend sees it and stops its solver (HiGHS cancels, SCIP and
CP-SAT interrupt, CBC gets SIGINT itself). A second Ctrl-C raises
KeyboardInterrupt as usual, for the impatient. Outside the main thread (a Dask
worker's thread) nothing is installed: there, Ctrl-C is the caller's business.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def stop_on_ctrl_c() -> Iterator[threading.Event]:
    """An event set by the first Ctrl-C (SIGINT) while inside; the previous handler comes back on exit."""
    event = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield event
        return

    def ask_to_stop(signum, frame) -> None:
        if event.is_set():
            raise KeyboardInterrupt
        event.set()

    previous = signal.signal(signal.SIGINT, ask_to_stop)
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def exit_on_sigterm() -> Iterator[None]:
    """While inside (main thread): SIGTERM raises SystemExit(143), so `finally` blocks and solver cleanup run
    instead of the process vanishing with a solver child and temporary files left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum, frame) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
