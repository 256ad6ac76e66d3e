"""The backend contract: what a solver run returns, and the rules every backend's answer goes through.

A backend only translates the formulation, runs its solver, and reports the
solver's own status code, the values, the bound and what it did (`SolverRun`).
The base class then decides, the same way for every backend:

- the status, from the backend's STATUS table (solver code -> how it
  terminated) and from whether values exist: a run stopped by a limit is
  `feasible` with values and `no_solution` without; a code not in the table
  raises, naming it;
- the bound: a non-finite bound, or a bound of a rounded model, is not a
  proven bound (None); a bound on the wrong side of the solver's own
  portfolio is snapped to it within the BOUND tolerance and otherwise dropped,
  and then the run is never called optimal;
- the report of what ran (threads, seed, bound source, reruns, scaling).

A backend whose proofs are not trusted (`Capabilities.proves`: CBC 2.10.3 calls some worse portfolios optimal)
has each claim of optimality checked by CONFIRMER before the contract sees it (`Backend.confirmed`).
"""

from __future__ import annotations

import math
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from models.phrase import Joined, Num, Phrase, joined, phrase
from models.solver import Resolution, SolveReport, SolverSettings
from portfolio.backends.registry import backend_class
from portfolio.core.interrupt import stop_on_ctrl_c
from portfolio.core.phrases import english
from portfolio.core.phrases.solver import said
from portfolio.core.quiet import quiet
from portfolio.core.tolerances import BOUND, slack
from portfolio.formulation import Formulation

# The backend that checks a claim of optimality of a backend whose proofs are not trusted.
CONFIRMER = "highs"


class RawStatus(StrEnum):
    """A backend's status, before the answer is verified against the case."""

    OPTIMAL = "optimal"  # proven optimal within the requested gap
    FEASIBLE = "feasible"  # stopped by a limit with a solution
    INFEASIBLE = "infeasible"  # proven infeasible
    NO_SOLUTION = "no_solution"  # stopped by a limit without a solution


def _objective(value: float) -> Num:
    """An objective value in a note, to ten significant digits."""
    return Num(kind="general", value=value, decimals=10)


class Termination(StrEnum):
    """How a solver stopped, as each backend's STATUS table maps its codes."""

    OPTIMAL = "optimal"  # proved optimality within the gap
    INFEASIBLE = "infeasible"  # proved that no solution exists
    LIMIT = "limit"  # stopped by a time, node or solution limit or an interrupt


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do, for callers that choose among them."""

    exact: bool = True  # False: may solve a rounded copy (answers re-verified, never called optimal)
    threads: bool = True  # uses more than one thread when asked
    warm_start: bool = False  # takes a portfolio offered during its search (`Backend.offer`) as its incumbent
    solution_pool: bool = False  # returns several solutions from one run
    proves: bool = True  # False: its claim of optimality counts only once CONFIRMER finds nothing better


@dataclass
class SolverRun:
    """What a backend's `_solve` reports: the solver's own code and words, values, bound, and what it did."""

    code: Any  # the solver's status code, a key of the backend's STATUS table
    said: str  # the solver's own words for it, e.g. "CBC: Result - Optimal solution found"
    values: list[float] | None = None
    bound: float | None = None
    bound_source: str | Phrase | None = None
    exact: bool = True  # False when the solver saw a rounded copy of the formulation
    threads_used: int | None = None  # None: as requested
    reruns: list[str] = field(default_factory=list)
    notes: list[str | Phrase] = field(default_factory=list)  # a Phrase: said in English in the report
    resolution: Resolution | None = None
    interrupted: bool = False  # set by Backend.solve when Ctrl-C stopped the solver
    words: Phrase | Joined | None = None  # `said` as a phrase, when more than the solver's own words

    def phrase(self) -> Phrase | Joined | str:
        """`said` as a phrase to say in the reader's language (the solver's words: phrases.solver.said)."""
        return self.words or said(self.said)


@dataclass
class RawResult:
    """A backend's answer after the contract: status, values of every column, proven bound, time, report."""

    status: RawStatus
    values: list[float] | None = None
    objective: float | None = None  # of the values, in the formulation (not shown to users)
    bound: float | None = None  # proven bound on the objective, None when not proven
    time_s: float = 0.0
    message: str = ""
    exact: bool = True
    report: SolveReport | None = None
    words: Phrase | Joined | str = ""  # the message as a phrase (its English is `message`)


class SolverThread:
    """`backend._solve(form, settings)` in a daemon thread, its answer or error kept for the watching thread;
    an untrusted claim of optimality is checked (`check`) or reported unproven (`Backend.confirmed`).

    The end is watched through the Event `finished`, never Thread.join: an exception raised into join
    (SIGTERM's SystemExit) marks a running thread as ended (CPython 3.11 `_wait_for_tstate_lock`), and the
    process would then exit while the solver still runs in C++, which aborts it.
    """

    def __init__(self, backend: Backend, form: Formulation, settings: SolverSettings, label: str,
                 check: bool = True) -> None:
        self._box: dict = {}
        self.finished = threading.Event()
        threading.Thread(target=self._work, args=(backend, form, settings, check), name=f"{backend.name}-{label}",
                         daemon=True).start()

    def _work(self, backend: Backend, form: Formulation, settings: SolverSettings, check: bool) -> None:
        start = time.perf_counter()
        try:
            run = backend._solve(form, settings)
            self._box["run"] = backend.confirmed(form, settings, run, time.perf_counter() - start, check)
        except BaseException as error:  # noqa: BLE001 - handed to the watching thread by answer()
            self._box["error"] = error
        finally:
            self.finished.set()

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    def answer(self) -> SolverRun:
        """The run, once finished; raises what `_solve` raised."""
        if "error" in self._box:
            raise self._box["error"]
        return self._box["run"]


class BackendUnavailable(RuntimeError):
    """The solver is not installed here."""


class Backend(ABC):
    """One solver. Subclasses set `name`, `package`, STATUS and CAPABILITIES, and implement `_probe`, `_solve`."""

    name: ClassVar[str] = ""
    package: ClassVar[str] = ""  # the pip package that brings the solver
    STATUS: ClassVar[dict[Any, Termination]] = {}
    CAPABILITIES: ClassVar[Capabilities] = Capabilities()
    _availability: ClassVar[dict[type, bool]] = {}
    _checker: Backend | None = None  # the CONFIRMER run checking this backend's claim, while it runs
    _ended = False  # kill() was called: no confirmation starts after it

    @classmethod
    @abstractmethod
    def _probe(cls) -> bool:
        """Whether the solver can run here (asked once per process)."""

    @classmethod
    def is_available(cls) -> bool:
        if cls not in Backend._availability:
            try:
                Backend._availability[cls] = bool(cls._probe())
            except Exception:  # noqa: BLE001 - any failure to start the solver means "not available"
                Backend._availability[cls] = False
        return Backend._availability[cls]

    @abstractmethod
    def _solve(self, form: Formulation, settings: SolverSettings) -> SolverRun: ...

    def _stop(self) -> None:
        """Ask the running solver to stop soon and return what it has (called from another thread)."""

    def _kill(self) -> None:
        """End the solver now, leaving no child process (called when the process itself must end)."""
        self._stop()

    def stop(self) -> None:
        """Ask the solver, or the run confirming its claim, to stop soon (from another thread)."""
        self._stop()
        checker = self._checker
        if checker is not None:
            checker.stop()

    def expect_offers(self) -> None:
        """Before `_solve`: portfolios may be offered during the search (a backend with warm_start listens)."""

    def offer(self, values: list[float]) -> None:
        """Hand the running search a portfolio another solver found (a value per column of the same formulation),
        from another thread. A backend with CAPABILITIES.warm_start takes it as its incumbent once the solver
        has checked it against every row; the others ignore it. The answer stays the solver's own proof."""

    def kill(self) -> None:
        """End the solver and any run confirming its claim now (from another thread)."""
        self._ended = True
        self._kill()
        checker = self._checker
        if checker is not None:
            checker.kill()

    def confirmed(self, form: Formulation, settings: SolverSettings, run: SolverRun, spent_s: float,
                  check: bool = True) -> SolverRun:
        """`run`, or when this backend's proofs are not trusted and it claims optimality, the run as CONFIRMER
        checks it: CONFIRMER solves `form` with the objective required to beat the claimed portfolio's by the
        BOUND tolerance, in the time left of `spent_s` out of the limit. Without `check` (a race, where the
        other lane is the check) the claim is reported as an unproven portfolio without a bound.

        - nothing better exists (proven): the claim stands, with its objective as the bound (proven within
          the BOUND tolerance, as `result` takes any bound);
        - CONFIRMER proves a better optimum: that portfolio, optimal, with its bound;
        - otherwise (time limit, Ctrl-C, CONFIRMER missing): not optimal; the better portfolio of the two, and
          the bound the check proved (the larger of its bound and objective + tolerance), else none.
        """
        if self.CAPABILITIES.proves or self.STATUS.get(run.code) != Termination.OPTIMAL or run.values is None:
            return run
        sign = 1.0 if form.sense == "max" else -1.0
        claimed = form.objective_value(run.values)
        beyond = claimed + sign * slack(claimed, BOUND)
        unproven = next(code for code, how in self.STATUS.items() if how == Termination.LIMIT)
        left = settings.time_limit_s - spent_s
        try:
            checker = backend_class(CONFIRMER)()
            usable = checker.is_available()
        except ImportError:
            usable = False
        as_claimed = dict(solver=self.name, claimed=_objective(claimed))
        if not check or not usable or left <= 0 or self._ended:
            why = (phrase("solver.why.race") if not check else
                   phrase("solver.why.missing", confirmer=CONFIRMER) if not usable else
                   phrase("solver.why.no_time"))
            return self._unconfirmed(run, unproven, phrase("solver.claimed", **as_claimed, why=why))
        cut = form.copy()
        objective = {j: c.objective for j, c in enumerate(form.columns)}
        cut.add_row("confirm[objective]", objective, **({"lower": beyond} if sign > 0 else {"upper": beyond}))
        self._checker = checker
        try:
            verdict = checker.result(cut, settings, checker._solve(cut, settings.model_copy(
                update={"time_limit_s": left})), 0.0)
        except RuntimeError as error:  # the check failed (e.g. HiGHS's "Solve error"): nothing is confirmed
            failed = phrase("solver.check_failed", **as_claimed, confirmer=CONFIRMER, error=str(error))
            return self._unconfirmed(run, unproven, failed)
        finally:
            self._checker = None
        proven = verdict.status in (RawStatus.OPTIMAL, RawStatus.INFEASIBLE)
        # a portfolio within the tolerance of the claim is the claim (the check's rows hold only within theirs)
        better = verdict.values is not None and sign * (verdict.objective - claimed) > slack(claimed, BOUND)
        if proven and not better:
            bound = claimed  # nothing beyond the BOUND tolerance, within which the contract takes a bound as is
        elif verdict.bound is not None:
            bound = max(verdict.bound, beyond) if sign > 0 else min(verdict.bound, beyond)
        else:
            bound = None
        values = verdict.values if better else run.values
        if not proven:
            found = phrase("solver.confirmer_found", confirmer=CONFIRMER,
                           found=_objective(verdict.objective)) if better else ""
            note = phrase("solver.unconfirmed", **as_claimed, confirmer=CONFIRMER,
                          said=verdict.words or verdict.message, found=found)
            return self._unconfirmed(run, unproven, note, values, bound)
        source = phrase("solver.nothing_better", confirmer=CONFIRMER, beyond=_objective(beyond)) \
            if not better else \
            f"{CONFIRMER}: {verdict.report.bound_source}"
        note = phrase("solver.confirmer_better", **as_claimed, confirmer=CONFIRMER,
                      found=_objective(verdict.objective)) if better else \
            phrase("solver.confirmed", solver=self.name, confirmer=CONFIRMER)
        words = joined([run.phrase(), note], "semicolon")
        return SolverRun(run.code, english(words), values, bound, source, run.exact, run.threads_used,
                         run.reruns, [*run.notes, note], run.resolution, words=words)

    @staticmethod
    def _unconfirmed(run: SolverRun, code: Any, note: Phrase, values: list[float] | None = None,
                     bound: float | None = None) -> SolverRun:
        """`run` as an unproven portfolio (`values`, default its own) with `bound` (from the check, not the run)."""
        words = phrase("solver.not_confirmed", said=run.phrase())
        return SolverRun(code, english(words), values or run.values, bound,
                         f"{CONFIRMER} check" if bound is not None else None, run.exact, run.threads_used,
                         run.reruns, [*run.notes, note], run.resolution, words=words)

    def solve(self, form: Formulation, settings: SolverSettings) -> RawResult:
        """Solve `form`, keeping every solver banner off the console; time the whole call.

        The solver runs in a worker thread while this thread watches for Ctrl-C: the first asks the solver to
        stop (the answer is then labelled interrupted); a second, or SIGTERM, ends it at once.
        """
        if not self.is_available():
            raise BackendUnavailable(f"backend {self.name!r} is not installed; pip install {self.package}")
        start = time.perf_counter()
        with quiet(), stop_on_ctrl_c() as stop:
            run = self._watched(form, settings, stop)
        return self.result(form, settings, run, time.perf_counter() - start)

    def _watched(self, form: Formulation, settings: SolverSettings, stop: threading.Event) -> SolverRun:
        worker = SolverThread(self, form, settings, "solve")
        asked = False
        try:
            while not worker.finished.wait(0.05):
                if stop.is_set() and not asked:
                    asked = True
                    self.stop()
        except BaseException:  # a second Ctrl-C, or SIGTERM: end the solver, let its cleanup run, go
            self.kill()
            worker.finished.wait(10)
            raise
        run = worker.answer()
        run.interrupted = asked or stop.is_set()  # a Ctrl-C as the solver finished still stops the caller
        return run

    def result(self, form: Formulation, settings: SolverSettings, run: SolverRun, time_s: float) -> RawResult:
        """Apply the contract (module docstring) to one run."""
        termination = self.STATUS.get(run.code)
        if termination is None:
            raise RuntimeError(f"{self.name}: the solver stopped with status {run.said!r}, which this backend "
                               "does not map; please report it")
        values = run.values if termination != Termination.INFEASIBLE else None
        if values is None:
            if termination == Termination.OPTIMAL:
                raise RuntimeError(f"{self.name}: the solver claims optimality ({run.said}) but gave no values")
            status = RawStatus.INFEASIBLE if termination == Termination.INFEASIBLE else RawStatus.NO_SOLUTION
        else:
            status = RawStatus.OPTIMAL if termination == Termination.OPTIMAL else RawStatus.FEASIBLE
        objective = form.objective_value(values) if values is not None else None
        notes = list(run.notes)
        bound, source = run.bound, run.bound_source
        if bound is not None and not math.isfinite(bound):
            bound = None
        if bound is not None and not run.exact:
            notes.append(f"the bound {bound:g} is the rounded model's; it proves nothing about the exact model")
            bound = None
        if bound is not None and objective is not None:
            behind = objective - bound if form.sense == "max" else bound - objective
            if behind > slack(objective, BOUND):
                notes.append(f"the solver's bound {bound:g} contradicts its own portfolio's objective {objective:g}; "
                             "the bound is not reported and optimality is not claimed")
                bound = None
                if status == RawStatus.OPTIMAL:
                    status = RawStatus.FEASIBLE
            elif behind > 0:
                bound = objective  # a rounding of the solver's, within the tolerance
        if status == RawStatus.INFEASIBLE:
            bound = None
        if run.interrupted:
            notes.append("interrupted by Ctrl-C: the solver stopped early; the answer is what it had found")
        report = SolveReport(
            backend=self.name,
            solver_status=run.said,
            time_limit_s=settings.time_limit_s,
            mip_gap=settings.mip_gap,
            threads_requested=settings.threads,
            threads_used=run.threads_used or settings.threads,
            seed=settings.seed,
            bound_source=english(source) if bound is not None and source is not None else None,
            reruns=tuple(run.reruns),
            resolution=run.resolution,
            notes=tuple(english(n) for n in notes),
            phrases=tuple(p for p in (*notes, source) if isinstance(p, Phrase)),
            interrupted=run.interrupted,
        )
        return RawResult(status, values, objective, bound, time_s, run.said, run.exact, report, run.phrase())
