"""quiet(): C libraries' output off the console, safe when two threads (two racing solvers) overlap."""

from __future__ import annotations

import os
import threading

from portfolio.core.quiet import quiet


def test_output_inside_is_discarded_and_output_after_is_shown(capfd):
    with quiet():
        os.write(1, b"banner\n")
    os.write(1, b"answer\n")
    assert capfd.readouterr().out == "answer\n"


def test_two_threads_leaving_in_the_order_they_did_not_enter_leave_stdout_restored(capfd):
    """A enters, B enters, A leaves, B leaves: B must not restore the /dev/null that A had put in place."""
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()

    def first():
        with quiet():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second():
        a_in.wait(5)
        with quiet():
            b_in.set()
            a_out.wait(5)
            os.write(1, b"still quiet\n")  # A has left, B is still inside

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    os.write(1, b"answer\n")
    assert capfd.readouterr().out == "answer\n"
