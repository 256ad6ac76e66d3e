"""Where a sweep's solves run: a local process pool, a local Dask cluster, or an existing Dask scheduler.

Every solve is one `Task` (a case and its solver settings) run by `solve_task`
in a worker process: each process keeps its own HiGHS scheduler. Results come
back as they finish; `on_done` sees each one at once (to write it out), a rich
progress bar counts them on stderr, and Ctrl-C cancels what has not started and
returns what has finished, marked interrupted. A task that raises ends the sweep
with TaskFailed.

The local pool's workers are plain child processes (`_serve`), each in a
process group of its own, fed tasks and answering solutions through two pipes.
Ctrl-C never reaches them: the parent alone decides. When it stops (Ctrl-C,
SIGTERM, a failed task), it sends each worker SIGTERM (the worker ends its
solver, as a command does, and exits), SIGKILL after END_GRACE_S to whatever
is left of the worker's group, and reaps every worker.

The local executor first solves one task in the calling process. When that
took less than INLINE_BELOW_S, and the other tasks at that pace would not win
back what starting the workers costs (POOL_START_S), the whole sweep runs
there, one solve after the other. Otherwise the rest goes to the pool.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field

from models import Case, Solution, SolverSettings, Status
from portfolio.core.interrupt import Stopped, leave
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
# Seconds a stopped worker gets to end its solver (CBC killed and its files removed) before SIGKILL.
END_GRACE_S = 0.4


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


class TaskFailed(Exception):
    """The task `key` raised `error` (a solver's or the checker's): the sweep was stopped there."""

    def __init__(self, key: str, error: BaseException) -> None:
        super().__init__(f"the solve {key!r} failed: {_describe(error)}")
        self.key, self.error = key, error


@dataclass
class SweepRun:
    """What a sweep got back: solutions by task key, in the order the tasks were given, and whether it was cut."""

    solutions: dict[str, Solution] = field(default_factory=dict)
    interrupted: bool = False

    def required(self, key: str, what: str) -> Solution:
        """The solution of task `key`, which the results cannot do without (`what` names it in messages).

        Raises Stopped when Ctrl-C stopped the sweep before it was solved, RuntimeError when the sweep ended
        without it otherwise (a bug)."""
        if key in self.solutions:
            return self.solutions[key]
        if self.interrupted:
            raise Stopped(f"{what} was not solved before the sweep was stopped")
        raise RuntimeError(f"the sweep ended without solving {what} and was not interrupted")


def solve_task(task: Task) -> Solution:
    """Run in a worker: solve one task's case with its rules (verified, as every solve) and its floor cut, if
    it has one; in a phased case with the start years a plain solve picks among tied plans."""
    from models.casedata import CaseData
    from portfolio.backends.auto import choose_backend
    from portfolio.formulation.build import build
    from portfolio.solve import earliest_plan, solve, solve_formulation, solver_settings

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
    if data.phased and solution.status == Status.OPTIMAL:  # start years as a plain solve gives them
        solution = earliest_plan(task.case, form, settings, data, solution, task.rules)
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


def _serve(tasks_fd: int, answers_fd: int) -> None:
    """A pool worker's life: read a task (pickled) from `tasks_fd`, write (True, solution) or (False, error)
    to `answers_fd`, until the parent closes the tasks pipe. Ctrl-C is ignored (the parent decides); SIGTERM
    ends the solve through its cleanup (a CBC child killed, its files removed), then the worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, leave)
    code = 0
    try:
        with os.fdopen(tasks_fd, "rb") as tasks, os.fdopen(answers_fd, "wb") as answers:
            while True:
                try:
                    task = pickle.load(tasks)
                except EOFError:  # the sweep is over, or the parent has gone
                    break
                except Exception as error:  # noqa: BLE001 - a task this process cannot rebuild: say why, and
                    pickle.dump((False, _portable(error)), answers)  # stop: the rest of it is still unread
                    answers.flush()
                    break
                else:
                    try:
                        answer = (True, solve_task(task))
                    except Exception as error:  # noqa: BLE001 - the parent raises it as TaskFailed
                        answer = (False, _portable(error))
                pickle.dump(answer, answers)
                answers.flush()
    except SystemExit as ending:
        code = ending.code if isinstance(ending.code, int) else 1
    finally:
        sys.stdout.flush()
        os._exit(code)  # no interpreter teardown: the solver libraries need none, and it may take a while


def _portable(error: Exception) -> Exception:
    """`error` if it survives pickling, else a RuntimeError with its type and message."""
    try:
        return pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - any exception may hold what does not pickle
        return RuntimeError(_describe(error))


class _Worker:
    """One worker process of the local pool and the task it is solving (None: idle)."""

    def __init__(self) -> None:
        task_in, task_out = os.pipe()
        answer_in, answer_out = os.pipe()
        # this process's import path follows the code as arguments; process_group=0: a group of its own, which
        # a terminal's Ctrl-C does not reach and SIGKILL ends whole
        start = f"import sys; sys.path[:] = sys.argv[1:]; from portfolio.sweeps.executor import _serve; " \
                f"_serve({task_in}, {answer_out})"
        self.process = subprocess.Popen([sys.executable, "-c", start, *sys.path], stdin=subprocess.DEVNULL,
                                        pass_fds=(task_in, answer_out), process_group=0)
        os.close(task_in)
        os.close(answer_out)
        self.tasks, self.answers = os.fdopen(task_out, "wb"), os.fdopen(answer_in, "rb")
        self.task: Task | None = None

    def give(self, task: Task) -> None:
        self.task = task
        pickle.dump(task, self.tasks)
        self.tasks.flush()

    def take(self) -> tuple[Task, Solution]:
        """The task it finished and its solution (call when `answers` is readable). Raises TaskFailed."""
        task, self.task = self.task, None
        try:
            solved, answer = pickle.load(self.answers)
        except (EOFError, pickle.UnpicklingError):
            raise TaskFailed(task.key, RuntimeError(
                f"the worker process ended during the solve (exit code {self.process.wait()})")) from None
        if not solved:
            raise TaskFailed(task.key, answer) from answer
        return task, answer


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
            label: str = "solving", prepare: Callable[[Task, dict[str, Solution]], Task] | None = None) -> SweepRun:
        """Solve every task; results keep the order of `tasks`. Ctrl-C returns what has finished; a task that
        raises stops the sweep with TaskFailed (what finished before went to `on_done`).

        `prepare(task, finished)`, when given, may change a task just before it starts, knowing the solutions
        finished so far (by key); tasks start in order, at most one per worker at a time.
        """
        tasks = list(tasks)
        keys = [t.key for t in tasks]
        if len(set(keys)) != len(keys):
            raise ValueError("task keys must be unique")
        run = SweepRun()
        done: dict[str, Solution] = {}
        with _Progress(len(tasks), label, self.progress) as bar:
            def finished(task: Task, result: Solution) -> None:
                if result.details.report.interrupted:
                    raise KeyboardInterrupt  # Ctrl-C stopped this solve: the sweep stops, its point is not kept
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
                run.interrupted = True
        run.solutions = {k: done[k] for k in keys if k in done}
        return run

    def _run_pool(self, tasks: list[Task], finished, ready) -> None:
        self.ran_inline = False
        if self.inline_below_s > 0 and tasks:
            from portfolio.backends import available

            available()  # load the solvers first, so the probe times a solve, not the imports
            start = time.perf_counter()
            first = ready(tasks[0])
            finished(first, _inline(first))
            tasks = tasks[1:]
            probe_s = time.perf_counter() - start
            saved_s = probe_s * len(tasks) * (1 - 1 / self.n_workers)  # what the pool would save at that pace
            if probe_s < self.inline_below_s and saved_s <= POOL_START_S:
                self.ran_inline = True
                for task in tasks:
                    task = ready(task)
                    finished(task, _inline(task))
                return
        if not tasks:
            return
        pool: list[_Worker] = []
        queue = list(tasks)
        try:
            pool += [_Worker() for _ in range(min(self.n_workers, len(tasks)))]
            for worker in pool:
                if queue:
                    worker.give(ready(queue.pop(0)))
            while busy := {worker.answers: worker for worker in pool if worker.task is not None}:
                readable, _, _ = select.select(list(busy), [], [])  # Ctrl-C and SIGTERM raise here at once
                for answers in readable:
                    worker = busy[answers]
                    finished(*worker.take())
                    if queue:
                        worker.give(ready(queue.pop(0)))
        except BaseException:  # Ctrl-C, SIGTERM or a failed task: no solve of this sweep may go on
            _end(pool, stop=True)
            raise
        _end(pool, stop=False)

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
                    raise TaskFailed(task.key, future.exception())
                finished(task, future.result())
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


def _inline(task: Task) -> Solution:
    """Solve a task in this process; what it raises becomes TaskFailed (Ctrl-C and SIGTERM pass through)."""
    try:
        return solve_task(task)
    except Exception as error:  # noqa: BLE001 - any error of a solve ends the sweep, named by its task
        raise TaskFailed(task.key, error) from error


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _end(pool: list[_Worker], stop: bool) -> None:
    """End the pool's workers and reap them. Closing the tasks pipe lets an idle worker leave; with `stop`,
    each worker also gets SIGTERM (it ends its solver and exits), and what is left of its group after
    END_GRACE_S SIGKILL. The SIGTERM comes first: a worker still starting, its task unread, ends there and frees
    a thread writing that task to it."""
    if stop:
        for worker in pool:  # the worker alone: a solver that ended by itself would be solved again
            worker.process.send_signal(signal.SIGTERM)
    for worker in pool:
        with suppress(OSError):  # a task half written to a worker now gone
            worker.tasks.close()
    if stop:
        deadline = time.monotonic() + END_GRACE_S
        for worker in pool:
            try:
                worker.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for worker in pool:  # a solver its worker could not end, or a worker stuck in a solver's C code
            _signal_group(worker.process.pid, signal.SIGKILL)
    for worker in pool:
        worker.process.wait()
        worker.answers.close()


def _signal_group(pid: int, signum: int) -> None:
    """Send `signum` to the process group `pid` leads (nothing when every process of it has ended)."""
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass


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
