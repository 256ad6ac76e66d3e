"""Ctrl-C during a solve: the solver is asked to stop and returns what it has found, labelled interrupted.

While `stop_on_ctrl_c()` is active in the main thread, the first SIGINT only sets
an event; the backend sees it and stops its solver (HiGHS cancels, SCIP and
CP-SAT interrupt, CBC gets SIGINT itself). A second Ctrl-C raises
KeyboardInterrupt as usual, for the impatient. Outside the main thread (a Dask
worker's thread) nothing is installed: there, Ctrl-C is the caller's business. Nor
where the command was started with Ctrl-C ignored (`nohup`, `&` in a script):
it stays ignored.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models import Solution

# Signals that end a command through its cleanup: SIGTERM (kill, a service manager), SIGHUP (terminal closed).
ENDING = (signal.SIGTERM, signal.SIGHUP)


class Stopped(Exception):
    """Ctrl-C stopped the work before a solve its results need had finished (the message names that solve)."""


def complete(solution: Solution, what: str) -> Solution:
    """`solution`, unless Ctrl-C stopped its solver early: then Stopped, naming `what` was being solved."""
    if solution.details.report.interrupted:
        raise Stopped(f"{what} was not solved to the end")
    return solution


def leave(signum: int, frame) -> None:
    """A signal handler: end the process through its cleanup, with the shell's exit code 128 + the signal."""
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def stop_on_ctrl_c() -> Iterator[threading.Event]:
    """An event set by the first Ctrl-C (SIGINT) while inside; the previous handler comes back on exit."""
    event = threading.Event()
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) == signal.SIG_IGN:  # started with Ctrl-C ignored (nohup, `&`)
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
    """While inside (main thread): SIGTERM (exit 143) and SIGHUP (129) raise SystemExit, so `finally` blocks
    and solver cleanup run instead of the process vanishing with a solver child and temporary files left
    behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, leave) for signum in ENDING}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
