"""The page's solves: each runs in a worker process of the sweeps' pool (portfolio.sweeps.executor), off the
server's event loop, one job per process at a time, and a cancel ends that process within a second."""

from __future__ import annotations

import secrets
import select
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models import Solution
from portfolio.sweeps.executor import SweepRun, Task, TaskFailed, _end, _Worker

# Seconds between two looks at a cancel while a worker solves.
CANCEL_POLL_S = 0.05
# Idle warm workers kept for the next solve; more are started when jobs run side by side.
KEEP_WARM = 2


class Cancelled(Exception):
    """The job was cancelled (or the server is stopping); its worker process was ended."""


class Workers:
    """Warm worker processes, each lent to one job at a time; a cancelled job's worker is ended, not
    reused."""

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._every: set[_Worker] = set()
        self._lock = threading.Lock()
        self.closed = False

    def borrow(self) -> _Worker:
        """An idle worker, or a new one. Raises Cancelled once the pool is closed."""
        with self._lock:
            if self.closed:
                raise Cancelled
            if self._idle:
                return self._idle.pop()
            worker = _Worker()
            self._every.add(worker)
            return worker

    def give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self.closed and len(self._idle) < KEEP_WARM:
                self._idle.append(worker)
                return
        self.end(worker)

    def end(self, worker: _Worker) -> None:
        """End `worker` and reap it."""
        with self._lock:
            if worker not in self._every:
                return
            self._every.discard(worker)
        _end([worker], stop=True)

    def close(self) -> None:
        """End every worker, idle or busy, and reap them; nothing is lent afterwards."""
        with self._lock:
            self.closed = True
            every, self._every, self._idle = list(self._every), set(), []
        _end(every, stop=True)


@dataclass
class Job:
    """One background computation of the page: `work(job)` runs in a thread of its own and solves through
    `job.solve`, so a cancel reaches the worker process. `done` is set when it has a result or an error."""

    workers: Workers
    work: Callable[[Job], Any]
    id: str = field(default_factory=lambda: secrets.token_urlsafe(9))
    started_s: float = field(default_factory=time.monotonic)
    solves: int = 0
    total: int = 1
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    _cancel: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Job:
        threading.Thread(target=self._run, name=f"job-{self.id}", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            self.result = self.work(self)
        except BaseException as error:  # noqa: BLE001 - the page shows what stopped the job
            self.error = error
        finally:
            self.done.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started_s

    def cancel(self) -> None:
        """Ask the job to stop: its worker process is ended at the next look (CANCEL_POLL_S)."""
        self._cancel.set()

    def solve(self, task: Task) -> Solution:
        """Solve `task` in a worker process. Raises Cancelled (the worker ended) or TaskFailed."""
        worker = self.workers.borrow()
        try:
            # written by a thread of its own: a worker still importing reads it only then, and a cancel must
            # not wait for that
            threading.Thread(target=_give, args=(worker, task), daemon=True).start()
            while not select.select([worker.answers], [], [], CANCEL_POLL_S)[0]:
                if self.cancelled or self.workers.closed:
                    raise Cancelled
            _task, solution = worker.take()
        except BaseException:
            self.workers.end(worker)
            if self.cancelled or self.workers.closed:
                raise Cancelled from None
            raise
        self.workers.give_back(worker)
        self.solves += 1
        return solution


def _give(worker: _Worker, task: Task) -> None:
    """Send `task` to `worker`; a worker ended meanwhile (a cancel) is no error: its job stops anyway."""
    try:
        worker.give(task)
    except (BrokenPipeError, ValueError):
        pass


class JobExecutor:
    """The sweeps' executor contract (`run`) on one job: a frontier solves its points one after the other in
    the job's worker, with the sweep's own `prepare` (its floor cuts), and stops when the job is cancelled."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def run(self, tasks, on_done=None, label: str = "", prepare=None) -> SweepRun:
        tasks = list(tasks)
        self.job.total = len(tasks)
        run = SweepRun()
        for task in tasks:
            task = prepare(task, dict(run.solutions)) if prepare else task
            run.solutions[task.key] = solution = self.job.solve(task)
            if on_done is not None:
                on_done(task, solution)
        return run
