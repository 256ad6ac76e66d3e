"""Two backends racing on two cores: the first proof wins, the other is stopped.

`auto` knows which solver usually wins on a shape of case, not which wins on this case: on the benchmark
cases HiGHS and CBC each lost by a factor of 2 to 3 on some case where the other was quick. A race gets
the quicker of the two for the price of a second core. Where the winner changes from case to case
(synergies or equity shares, above 100 actions) both start at once. Elsewhere the preferred backend
starts alone and its partner joins only when no answer came within `RACE_AFTER_S`, so a case solved in a
few seconds costs nothing extra (not even the partner's imports). HiGHS solves in this process
and releases Python's lock while it searches; CBC is a process of its own; so the two really run side by
side. The loser is ended before the answer is returned: HiGHS is cancelled, the CBC process killed, and a
CBC not started yet never starts.

The answer:
- the first run that proves optimality or infeasibility (after the backend contract of
  `Backend.result`) wins and the other is stopped and ended; a backend whose proofs need confirming (CBC)
  proves nothing here: its claim is a portfolio, and the other lane decides;
- when neither proves anything (both stopped by the time limit or Ctrl-C), the better portfolio is taken,
  with the tighter of the two proven bounds (both bound the same formulation, so either is a proof; the
  report names where the bound came from).

Which of two tied optima comes back can then depend on which solver finished first: name a backend for
runs that must repeat to the portfolio.
"""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass

from models.solver import Race, SolverSettings
from portfolio.backends import BackendUnavailable, RawResult, RawStatus, backend_class
from portfolio.backends.auto import SMALL_ACTIONS
from portfolio.backends.base import Backend, SolverThread
from portfolio.core.interrupt import stop_on_ctrl_c
from portfolio.core.quiet import quiet
from portfolio.core.tolerances import BOUND, slack
from portfolio.formulation import Formulation

# Where the preferred backend usually wins, its partner starts only when no answer came within this many
# seconds (wall clock); on contested shapes it starts at once (see `partner`). Measured (benchmarks/README.md,
# issue 24): on the bundled case, whose proof CBC never wins, a partner joining after 0.3 s took the second
# core from HiGHS on a loaded machine (3.6-4.1 s against 1.9-2.2 s with 3 s, alternating runs).
RACE_AFTER_S = 3.0
# Backends that can race: exact, one thread each, stoppable from another thread.
RACERS = ("highs", "cbc")
POLL_S = 0.02
END_WAIT_S = 10.0  # how long a stopped loser may take to end


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def partner(order: list[str], settings: SolverSettings, form: Formulation | None = None) -> tuple[str, float] | None:
    """The backend to race against `order[0]` and when it joins (seconds), or None when no race is worth a core.

    A race needs one thread per solver (threads > 1 asks one solver to use the cores), two usable cores,
    and two of RACERS: the first of `order` and the next racer after it in `order`. The partner joins at once
    on the shapes where the measured winner changes from case to case (synergies or equity shares, above
    SMALL_ACTIONS actions); elsewhere after RACE_AFTER_S, as insurance against the preferred one's bad day.
    """
    if settings.threads != 1 or usable_cores() < 2 or order[0] not in RACERS:
        return None
    second = next((name for name in order[1:] if name in RACERS), None)
    if second is None:
        return None
    contested = form is not None and bool(form.features & {"equity", "synergy"}) and \
        len(form.action_columns) > SMALL_ACTIONS
    return second, 0.0 if contested else RACE_AFTER_S


@dataclass
class _Lane:
    """One backend's run in a worker thread."""

    backend: Backend
    settings: SolverSettings
    started: float
    worker: SolverThread | None = None
    result: RawResult | None = None
    error: BaseException | None = None

    @property
    def name(self) -> str:
        return self.backend.name

    def start(self, form: Formulation) -> None:
        self.worker = SolverThread(self.backend, form, self.settings, "race", check=False)

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.running

    def wait(self, seconds: float) -> None:
        self.worker.finished.wait(seconds)

    def collect(self, form: Formulation, interrupted: bool) -> None:
        """After the thread ended: the run through the backend contract, or the error it raised."""
        try:
            run = self.worker.answer()
        except BaseException as error:  # noqa: BLE001 - a failed racer leaves the answer to the other
            self.error = error
            return
        run.interrupted = interrupted
        self.result = self.backend.result(form, self.settings, run, time.perf_counter() - self.started)

    @property
    def collected(self) -> bool:
        return self.result is not None or self.error is not None

    @property
    def proved(self) -> bool:
        return self.result is not None and self.result.status in (RawStatus.OPTIMAL, RawStatus.INFEASIBLE)

    def end(self) -> None:
        """Stop the solver for good and wait (bounded) for its thread: a child process started after the first
        kill, or a search that began after the first cancel, is caught by the next one."""
        deadline = time.perf_counter() + END_WAIT_S
        while self.running and time.perf_counter() < deadline:
            self.backend.kill()
            self.wait(0.05)


def _backend(name: str) -> Backend | None:
    try:
        cls = backend_class(name)
        return cls() if cls.is_available() else None
    except (ImportError, BackendUnavailable):
        return None


def race(form: Formulation, settings: SolverSettings, first: Backend, second: str,
         after_s: float | None = None) -> tuple[RawResult, str | None]:
    """Solve `form` with backend `first`, joined by backend `second` after `after_s` (default RACE_AFTER_S).

    Returns the answer (module docstring) and the words for the report's `chosen_by` (who ran, who answered,
    when), None when `first` answered alone.
    """
    after_s = RACE_AFTER_S if after_s is None else after_s
    start = time.perf_counter()
    lanes = [_Lane(first, settings, start)]
    asked = False
    offered: str | None = None  # words for the report when one lane's portfolio went to the other
    first.expect_offers()
    with quiet(), stop_on_ctrl_c() as stop:
        lanes[0].start(form)
        try:
            while True:
                elapsed = time.perf_counter() - start
                if len(lanes) == 1 and elapsed >= after_s and not asked:  # at once when after_s is 0
                    other = _backend(second)
                    left = settings.time_limit_s - elapsed
                    if other is not None and left > POLL_S:
                        other.expect_offers()
                        lane = _Lane(other, settings.model_copy(update={"time_limit_s": left}), time.perf_counter())
                        lanes.append(lane)
                        lane.start(form)
                    else:
                        after_s = math.inf  # nothing to race with: wait for the first
                for lane in lanes:
                    lane.wait(POLL_S / len(lanes))
                    if not lane.running and not lane.collected:
                        lane.collect(form, asked or stop.is_set())
                        offered = offered or _hand_over(lane, lanes, start)
                # decided on collected answers only: a lane that ends after its look waits for the next poll
                done = [lane for lane in lanes if lane.collected]
                if any(lane.proved for lane in done) or len(done) == len(lanes):
                    break  # a proof, or every solver has stopped (the first may stop before its partner starts)
                if stop.is_set() and not asked:
                    asked = True
                    for lane in lanes:
                        lane.backend.stop()
        except BaseException:  # a second Ctrl-C, or SIGTERM: end both solvers, let their cleanup run, go
            for lane in lanes:
                lane.end()
            raise
        for lane in lanes:
            if lane.running:
                lane.end()
    raw, words = _answer(form, lanes, start)
    if offered is not None and words is not None:
        words += f"; {offered}"
    # the partner ran in what was left of the time limit; the report gives the limit of the whole race
    raw.report = raw.report.model_copy(update={"time_limit_s": settings.time_limit_s})
    return raw, words


def _hand_over(done: _Lane, lanes: list[_Lane], start: float) -> str | None:
    """When a lane ended with a portfolio it did not prove (CBC's claim), offer it to the lanes still searching
    that take one (HiGHS): as their incumbent it prunes their search, and their proof is what counts. Measured
    (benchmarks/README.md): synh1000, HiGHS alone 4.6 s, given the optimum after 1 s 1.2 s. Returns the words
    for the report, None when nothing was offered."""
    if done.result is None or done.result.values is None or done.proved:
        return None
    takers = [lane for lane in lanes if lane is not done and lane.running and lane.backend.CAPABILITIES.warm_start]
    for lane in takers:
        lane.backend.offer(done.result.values)
    if not takers:
        return None
    return (f"{done.name}'s portfolio ({done.result.objective:.10g}) was offered to "
            f"{', '.join(lane.name for lane in takers)} at {time.perf_counter() - start:.2f} s")


def _answer(form: Formulation, lanes: list[_Lane], start: float) -> tuple[RawResult, str | None]:
    wall = time.perf_counter() - start
    answered = [lane for lane in lanes if lane.result is not None]
    if not answered:
        raise lanes[0].error
    proved = [lane for lane in answered if lane.proved]
    if len(lanes) == 1:
        lane = lanes[0]
        lane.result.time_s = wall
        return lane.result, None  # answered before a second solver was needed
    first, second = lanes
    joined = second.started - start
    facts = dict(first=first.name, second=second.name, second_from_s=max(0.0, joined), wall_s=wall)
    raced = f"raced {first.name} and {second.name}" + (
        " from the start" if joined < 0.05 else f" ({second.name} from {joined:.2f} s)")
    if proved:
        winner = min(proved, key=lambda lane: lane.result.time_s + (lane.started - start))
        loser = second if winner is first else first
        words = f"{raced}; {winner.name} proved it first, after {wall:.2f} s, and {loser.name} was stopped"
        winner.result.time_s = wall
        return _with_race(winner.result, Race(outcome="proved", winner=winner.name, **facts)), words
    with_values = [lane for lane in answered if lane.result.values is not None]
    if not with_values:
        winner = answered[0]
        winner.result.time_s = wall
        return (_with_race(winner.result, Race(outcome="none_found", winner=winner.name, **facts)),
                f"{raced}; neither found a portfolio")
    sign = 1.0 if form.sense == "max" else -1.0
    winner = max(with_values, key=lambda lane: sign * lane.result.objective)
    raw = _with_race(winner.result, Race(outcome="best_found", winner=winner.name, **facts))
    raw.time_s = wall
    words = f"{raced}; neither proved optimality; the portfolio is {winner.name}'s"
    bounded = [lane for lane in answered if lane.result.bound is not None]
    if bounded:
        tightest = min(bounded, key=lambda lane: sign * lane.result.bound)
        bound = tightest.result.bound
        if sign * (raw.objective - bound) > slack(raw.objective, BOUND):  # not with two exact solvers
            return raw, words + f"; {tightest.name}'s bound {bound:g} contradicts it and is not used"
        if tightest is not winner:
            raw.bound = min(bound, raw.objective) if sign < 0 else max(bound, raw.objective)
            where = tightest.result.report.bound_source or "its proven bound"
            raw.report = raw.report.model_copy(update={"bound_source": f"{tightest.name}: {where}"})
            words += f", the bound {tightest.name}'s (the tighter of the two)"
    return raw, words


def _with_race(raw: RawResult, facts: Race) -> RawResult:
    """`raw` with the race's facts in its report."""
    raw.report = raw.report.model_copy(update={"race": facts})
    return raw
