"""Where a sweep's solves run: a local process pool, a local Dask cluster, or an existing Dask scheduler.

Every solve is one `Task` (a case and its solver settings) run by `solve_task`
in a worker process: each process keeps its own HiGHS scheduler. Results come
back as they finish; `on_done` sees each one at once (to write it out), a rich
progress bar counts them on stderr, and Ctrl-C cancels what has not started and
returns what has finished, marked interrupted.

The local executor first solves one task in the calling process. When that
took less than INLINE_BELOW_S, and the other tasks at that pace would not win
back what starting the workers costs (POOL_START_S), the whole sweep runs
there, one solve after the other. Otherwise the rest goes to the pool.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from models import Case, Solution, SolverSettings
from portfolio.rules import DEFAULT_RULES, RuleSet

LOCAL, DASK = "local", "dask"
# Seconds to reach a Dask scheduler and exchange its handshake: a host that is down, or a server that accepts
# and never answers, is given up after this (the handshake alone has no time-out in dask.distributed).
CONNECT_TIMEOUT_S = 10.0
# Backends that never get a floor cut: CBC 2.10.3 (bundled with PuLP) returned a sub-optimal portfolio labelled
# optimal with one (the bundled case at budget scale 1.3 with the cut jobs >= 3888: 4263.5 instead of 4270.5).
NO_CUTS = frozenset({"cbc"})
INLINE_BELOW_S = 0.25
# Wall-clock seconds to start the pool's workers: a spawned process imports the solvers in about 2 s (measured on
# the 2-core benchmark machine; they start side by side). Many cheap solves (200 Monte Carlo samples) still pay.
POOL_START_S = 2.0


@dataclass(frozen=True)
class Task:
    """One solve of a sweep: `key` names it in the results (a scenario name, a scale, a domain and sign).

    `floor`: a number of jobs some portfolio of this case is known to reach (for max_jobs): the solve adds the
    cut `sum of jobs >= floor`, which keeps the optimum and lets the solver discard everything below it.
    `rules`: the rules the worker builds and verifies with (they travel with the task, pickled).
    """

    key: str
    case: Case
    settings: SolverSettings | None = None
    floor: float | None = None
    rules: RuleSet = DEFAULT_RULES


@dataclass
class Outcome:
    """What a sweep got back: solutions by task key, in the order the tasks were given, and whether it was cut."""

    solutions: dict[str, Solution] = field(default_factory=dict)
    interrupted: bool = False
    failed: dict[str, str] = field(default_factory=dict)  # key -> error of a solve that raised


def solve_task(task: Task) -> Solution:
    """Run in a worker: solve one task's case with its rules (verified, as every solve) and its floor cut, if
    it has one."""
    from models.casedata import CaseData
    from portfolio.backends.auto import choose_backend
    from portfolio.formulation import build
    from portfolio.solve import solve, solve_formulation, solver_settings

    # never a race of two solvers inside a task: the executor's workers already share out the cores
    if task.floor is None or task.case.objective != "max_jobs":
        return solve(task.case, task.settings, race=False, rules=task.rules)
    data = CaseData.of(task.case)
    form = build(task.case, data=data, rules=task.rules)
    form.add_row("floor", dict.fromkeys(form.group_columns.values(), 1.0), lower=task.floor, rule="floor")
    settings = solver_settings(task.case, task.settings)
    backend = choose_backend(form, settings) if settings.backend == "auto" else settings.backend
    if backend in NO_CUTS:
        return solve(task.case, task.settings, race=False, rules=task.rules)
    solution = solve_formulation(task.case, form, settings, data, race=False, rules=task.rules)
    if not solution.status.has_portfolio:  # never let the cut decide: solve the plain case
        return solve(task.case, task.settings, race=False, rules=task.rules)
    note = f"cut: at least {task.floor:,.0f} jobs, reached by a portfolio of a smaller budget"
    report = solution.details.report.model_copy(update={"notes": (*solution.details.report.notes, note)})
    return solution.model_copy(update={"details": solution.details.model_copy(update={"report": report})})


class SchedulerUnreachable(OSError):
    """No Dask scheduler answers at an executor's address (down, refused, unknown host, or another server)."""


def check_address(name: str) -> str:
    """`name` when it is "local", "dask" or a Dask scheduler's address `tcp://HOST:PORT`, port 1-65535.

    Raises ValueError saying what is wrong; nothing is contacted.
    """
    if name in (LOCAL, DASK):
        return name
    scheme, sep, rest = name.partition("://")
    usage = "use local, dask, or a Dask scheduler address such as tcp://host:8786"
    if not sep:
        raise ValueError(f"{name!r} is not an executor; {usage}")
    if scheme != "tcp":
        raise ValueError(f"{name!r}: a Dask scheduler is reached over tcp, not {scheme!r}; {usage}")
    host, colon, port = rest.rpartition(":")
    if not colon or not host.strip("[]") or "/" in rest:
        raise ValueError(f"{name!r} needs a host and a port, as in tcp://host:8786")
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"{name!r}: the port {port!r} is not a number from 1 to 65535")
    return name


def check_scheduler(address: str, timeout_s: float | None = None) -> None:
    """Reach the Dask scheduler at `address` and exchange its handshake within `timeout_s` seconds
    (default CONNECT_TIMEOUT_S). Raises SchedulerUnreachable, naming the address, when that fails."""
    import asyncio
    import socket

    from distributed.comm import connect

    timeout_s = CONNECT_TIMEOUT_S if timeout_s is None else timeout_s
    host, _, port = address.partition("://")[2].rpartition(":")
    try:  # a refused port or an unknown host fails at once here, where Dask would retry until its time-out
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except socket.gaierror as err:
        raise SchedulerUnreachable(f"{address}: the host {host!r} is not known ({err.strerror})") from None
    except TimeoutError:
        raise SchedulerUnreachable(f"{address}: no answer within {timeout_s:g} s") from None
    except OSError as err:
        raise SchedulerUnreachable(f"{address}: cannot connect ({err.strerror or err})") from None

    async def handshake() -> None:
        comm = await connect(address, timeout=timeout_s)
        await comm.close()

    try:
        asyncio.run(asyncio.wait_for(handshake(), timeout_s))
    except TimeoutError:
        raise SchedulerUnreachable(f"{address} accepted the connection but did not answer within "
                                   f"{timeout_s:g} s as a Dask scheduler does") from None
    except OSError as err:
        raise SchedulerUnreachable(f"{address}: cannot connect ({err})") from None
    except Exception:  # noqa: BLE001 - whatever a server that is not Dask sends back (huge sizes, bad frames)
        raise SchedulerUnreachable(f"{address} answered, but is not a Dask scheduler") from None


def workers() -> int:
    """Solves at once on this machine: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class Executor:
    """Runs tasks. `name`: "local" (a process pool, one process per core), "dask" (a local Dask cluster),
    or the address of an existing Dask scheduler ("tcp://host:8786")."""

    def __init__(self, name: str = LOCAL, n_workers: int | None = None, progress: bool = True,
                 inline_below_s: float = INLINE_BELOW_S) -> None:
        self.name = check_address(name)
        self.n_workers = n_workers or workers()
        self.progress = progress
        self.inline_below_s = inline_below_s
        self.ran_inline = False  # what the last local run did, for reports and tests

    def run(self, tasks: Iterable[Task], on_done: Callable[[Task, Solution], None] | None = None,
            label: str = "solving", prepare: Callable[[Task, dict[str, Solution]], Task] | None = None) -> Outcome:
        """Solve every task; results keep the order of `tasks`. Ctrl-C returns what has finished.

        `prepare(task, finished)`, when given, may change a task just before it starts, knowing the solutions
        finished so far (by key); tasks start in order, at most one per worker at a time.
        """
        tasks = list(tasks)
        keys = [t.key for t in tasks]
        if len(set(keys)) != len(keys):
            raise ValueError("task keys must be unique")
        outcome = Outcome()
        done: dict[str, Solution] = {}
        with _Progress(len(tasks), label, self.progress) as bar:
            def finished(task: Task, result: Solution | None, error: str | None) -> None:
                if result is not None and result.details.report.interrupted:
                    raise KeyboardInterrupt  # Ctrl-C stopped this solve: the sweep stops, its point is not kept
                if error is not None:
                    outcome.failed[task.key] = error
                else:
                    done[task.key] = result
                    if on_done is not None:
                        on_done(task, result)
                bar.advance()

            ready = (lambda t: prepare(t, dict(done))) if prepare else (lambda t: t)
            try:
                if self.name == LOCAL:
                    self._run_pool(tasks, finished, ready)
                else:
                    self._run_dask(tasks, finished, ready)
            except KeyboardInterrupt:
                outcome.interrupted = True
        outcome.solutions = {k: done[k] for k in keys if k in done}
        return outcome

    def _run_pool(self, tasks: list[Task], finished, ready) -> None:
        self.ran_inline = False
        if self.inline_below_s > 0 and tasks:
            from portfolio.backends import available

            available()  # load the solvers first, so the probe times a solve, not the imports
            start = time.perf_counter()
            first = ready(tasks[0])
            finished(first, *_attempt(first))
            tasks = tasks[1:]
            probe_s = time.perf_counter() - start
            saved_s = probe_s * len(tasks) * (1 - 1 / self.n_workers)  # what the pool would save at that pace
            if probe_s < self.inline_below_s and saved_s <= POOL_START_S:
                self.ran_inline = True
                for task in tasks:
                    task = ready(task)
                    finished(task, *_attempt(task))
                return
        if not tasks:
            return
        # spawn: a fresh interpreter per worker, never a copy of a parent that already runs solver threads
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=min(self.n_workers, max(1, len(tasks))), mp_context=context)
        queue = list(tasks)
        try:
            pending = {}
            while queue or pending:
                while queue and len(pending) < self.n_workers:
                    task = ready(queue.pop(0))
                    pending[pool.submit(solve_task, task)] = task
                done_now, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done_now:
                    task = pending.pop(future)
                    error = future.exception()
                    finished(task, None if error else future.result(), _describe(error) if error else None)
        except KeyboardInterrupt:
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            _stop(processes)
            raise
        pool.shutdown(wait=True)

    def _run_dask(self, tasks: list[Task], finished, ready) -> None:
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None
        if self.name == DASK:
            cluster = LocalCluster(n_workers=self.n_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
        else:
            client = _connect(self.name)
        futures = []
        queue = list(enumerate(tasks))
        window = max(self.n_workers, len(client.scheduler_info().get("workers", {})) or 1)
        try:
            by_future = {}

            def submit() -> None:
                i, task = queue.pop(0)
                task = ready(task)
                future = client.submit(solve_task, task, key=f"portfolio-{os.getpid()}-{i}-{task.key}", pure=False)
                futures.append(future)
                by_future[future] = task

            stream = as_completed()
            while queue and len(by_future) < window:
                submit()
                stream.add(futures[-1])
            for future in stream:
                task = by_future.pop(future)
                if future.status == "error":
                    finished(task, None, _describe(future.exception()))
                else:
                    finished(task, future.result(), None)
                if queue:
                    submit()
                    stream.add(futures[-1])
        finally:
            for future in futures:
                future.cancel()
            client.close()
            if cluster is not None:
                cluster.close()


def _connect(address: str):
    """A dask.distributed Client of the scheduler at `address`, checked first (SchedulerUnreachable)."""
    import dask
    from dask.distributed import Client

    check_scheduler(address)
    with dask.config.set({"distributed.comm.timeouts.connect": f"{CONNECT_TIMEOUT_S}s"}):
        try:
            return Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
        except OSError as err:
            raise SchedulerUnreachable(f"{address}: cannot connect ({err})") from None


def _attempt(task: Task) -> tuple[Solution | None, str | None]:
    try:
        return solve_task(task), None
    except Exception as error:  # noqa: BLE001 - one failed solve is reported with the others' results
        return None, _describe(error)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _stop(processes: list) -> None:
    """End a pool's worker processes now (a solver in C does not see KeyboardInterrupt soon)."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


class _Progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, total: int, label: str, show: bool) -> None:
        self.total, self.label, self.show = total, label, show
        self._bar = None

    def __enter__(self) -> _Progress:
        if self.show:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(file=sys.stderr), transient=False)
            self._bar.start()
            self._id = self._bar.add_task(self.label, total=self.total)
        return self

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._id)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
