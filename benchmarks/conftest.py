"""Shared cases and helpers of the benchmarks: each case is built once per session, the same for every solver."""

from __future__ import annotations

import functools
import importlib.metadata
import os
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

import inputs
from models import Case, SolverSettings
from portfolio.instances.generate import hard_case, random_case
from portfolio.instances.orlib import mknap_case, read_mknap
from portfolio.instances.phased import phased_case

HERE = Path(__file__).resolve().parent
ORLIB = HERE / "data" / "orlib-mkp"  # kept in the repository with its source

# One wall-clock limit for every solve of the suite (toolkit backends and the reference model alike).
TIME_LIMIT_S = 20.0

# The ladder of generated cases: shape -> sizes in the default run, and sizes marked slow (make bench-all).
# Every shape has per-year budgets, overlaps, requires, priority coverage and positive and negative synergies.
LADDER = {
    "syn": ((100, 300, 1000, 2000), (5000,)),  # max_jobs
    "eq": ((100, 300), (1000, 2000, 5000)),  # max_jobs with equity shares: jobs counted exactly
    "mc": ((100, 300, 1000, 2000), (5000,)),  # min_cost with a jobs target
}


@functools.cache
def flanders() -> tuple[Case, str]:
    """The bundled Flemish case (the second item names it in the benchmark's extra_info)."""
    return inputs.load_case(), "flanders"


def generated(n: int, *, equity: bool = True, seed: int | None = None, **options) -> Case:
    """A generated case of `n` actions (seed `n` unless given); with `equity` also per-year budgets and shares.

    Without `equity`: per-year budgets only when `per_year=True` is passed, synergies unless turned off.
    """
    seed = n if seed is None else seed
    common = dict(n_actions=n, n_groups=6, n_domains=5, n_barriers=10, tightness=0.4)
    if equity:
        return random_case(seed, **common, per_year=True, equity=True, **options)
    return random_case(seed, **common, **options)


GENERATED = re.compile(r"(synh|syn|eq|gen|mc|plain|pheq|ph)(\d+)(?:s(\d+))?")  # syn300: 300 actions, seed 300; syn300s301: seed 301


@functools.cache
def case(name: str) -> Case:
    """Benchmark case by name: flanders, mknap1-<k>, mknapcb1-<k>, syn<n>, synh<n>, eq<n> (= gen<n>), mc<n>,
    plain<n>, hard, ph<n> and pheq<n> (phased, four start years; pheq with equity shares);
    a generated name may end in s<seed> (the seed is n otherwise)."""
    if name == "flanders":
        return flanders()[0]
    if name.startswith("mknap"):
        stem, k = name.rsplit("-", 1)
        return mknap_case(read_mknap(ORLIB / f"{stem}.txt")[int(k) - 1])
    if name == "hard":
        return hard_case(0)
    found = GENERATED.fullmatch(name)
    if not found:
        raise KeyError(name)
    shape, n = found.group(1), int(found.group(2))
    seed = int(found.group(3)) if found.group(3) else n
    if shape in ("eq", "gen"):
        return generated(n, seed=seed)
    if shape == "syn":
        return generated(n, seed=seed, equity=False, per_year=True)
    if shape == "synh":  # budgets over the whole horizon only
        return generated(n, seed=seed, equity=False)
    if shape in ("ph", "pheq"):
        return phased_case(seed, n_actions=n, n_years=4, n_groups=6, n_domains=5, n_barriers=10,
                           equity=shape == "pheq")
    if shape == "mc":
        return generated(n, seed=seed, equity=False, per_year=True, objective="min_cost")
    return generated(n, seed=seed, equity=False, synergies=False, negative_synergies=False)  # plain


def shape(name: str) -> str:
    """The family of a case: syn, eq, mc, plain, ph, pheq, orlib, or the case's own name."""
    found = GENERATED.fullmatch(name)
    if found:
        return "eq" if found.group(1) == "gen" else found.group(1)
    return "orlib" if name.startswith("mknap") else name


def ladder(slow: bool = True) -> list:
    """pytest params `shape<n>` of the ladder, the slow sizes marked slow (left out with slow=False)."""
    out = []
    for shape, (default, big) in LADDER.items():
        out += [pytest.param(f"{shape}{n}", id=f"{shape}{n}") for n in default]
        if slow:
            out += [pytest.param(f"{shape}{n}", id=f"{shape}{n}", marks=pytest.mark.slow) for n in big]
    return out


def describe(name: str) -> dict:
    """extra_info that says which case a benchmark ran: name, shape, actions."""
    return {"case": name, "shape": shape(name), "actions": len(case(name).actions)}


def measure(benchmark, fn: Callable, *, rounds: int = 7, budget_s: float = 8.0) -> list:
    """Time `fn()` for up to `rounds` rounds while the next round fits in `budget_s` (at least one round).

    A solve of a second gets seven rounds, one of three seconds two, and one that
    runs into the time limit one, without timing it twice. Returns each round's result. The rounds
    go into pytest-benchmark's statistics; where its internals differ from
    5.x, one round through `pedantic`.
    """
    make_stats = getattr(benchmark, "_make_stats", None)
    if make_stats is None or getattr(benchmark, "disabled", False):
        results: list = []
        benchmark.pedantic(lambda: results.append(fn()), rounds=1, iterations=1)
        return results
    benchmark._mode = "benchmark.pedantic(...)"  # the fixture counts as used, as pedantic marks it
    stats = make_stats(1)
    results, spent, last = [], 0.0, 0.0
    while len(results) < rounds and (not results or spent + last <= budget_s):
        start = time.perf_counter()
        results.append(fn())
        last = time.perf_counter() - start
        stats.update(last)
        spent += last
    return results


@pytest.fixture(scope="session")
def case_folder(tmp_path_factory):
    """`case_folder(name)`: the case written once as a case folder (inputs.write_case) in a temporary folder;
    with `time_limit_s`, that limit is the case's solver setting (what `portfolio solve` then uses)."""
    root = tmp_path_factory.mktemp("cases")

    @functools.cache
    def folder(name: str, time_limit_s: float | None = None) -> Path:
        subject = case(name)
        if time_limit_s is not None:
            subject = subject.model_copy(update={"solver": SolverSettings(time_limit_s=time_limit_s)})
        return inputs.write_case(subject, root / (name if time_limit_s is None else f"{name}-{time_limit_s:g}s"))

    return folder


# worst first: the status of a benchmark is the worst of its rounds
STATUS_ORDER = ("infeasible", "no_solution", "feasible", "optimal")


def summarise(rounds: list[dict]) -> dict:
    """extra_info of a solve's rounds (dicts with status, gap, objective): the worst status, the largest gap."""
    statuses = [r["status"] for r in rounds]
    gaps = [r["gap"] for r in rounds if r["gap"] is not None]
    return {
        "status": min(statuses, key=STATUS_ORDER.index),
        "statuses": statuses,
        "gap": max(gaps) if gaps else None,
        "objective": rounds[-1]["objective"],
    }


def record_solve(benchmark, name: str, solver: str, rounds: list[dict], **more) -> dict:
    """Put a solve benchmark's rounds into its extra_info (the case, the worst status, the largest gap, the
    solver and its kind, each round's solver seconds, and `more`); returns the summary. Raises AssertionError
    when a round ended infeasible (a bug for every benchmark case) or in an error."""
    summary = summarise(rounds)
    benchmark.extra_info.update(
        **describe(name),
        **summary,
        solver=solver,
        kind="reference" if solver.startswith("ref-") else "toolkit",
        solver_s=[round(r["solver_s"], 4) for r in rounds],
        **more,
    )
    # no portfolio within the limit is a result to show (a large case, a slow backend); infeasible is a bug here
    assert set(summary["statuses"]) <= {"optimal", "feasible", "no_solution"}, summary["statuses"]
    return summary


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cbc_version() -> str | None:
    try:
        import pulp

        path = pulp.PULP_CBC_CMD(msg=False).path
        out = subprocess.run([path, "-quit"], capture_output=True, text=True, timeout=10).stdout
    except Exception:  # noqa: BLE001 - a version string is informative only
        return None
    found = re.search(r"Version:\s*(\S+)", out)
    return found.group(1) if found else None


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _tree() -> dict:
    """The commit checked out and whether tracked files differ from it."""
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {"id": _git("rev-parse", "HEAD"), "dirty": bool(status) if status is not None else None}


# The tree as the run starts: pytest-benchmark reads the commit as the run ends, and others may commit meanwhile.
TREE_AT_START = _tree()
STARTED = datetime.now(timezone.utc)
LOAD_AT_START = os.getloadavg()  # others' work on the same cores: 1, 5 and 15-minute load averages
LOADS: list[float] = []  # the 1-minute load average after each benchmark


@pytest.fixture(autouse=True)
def _note_load():
    yield
    LOADS.append(os.getloadavg()[0])


def pytest_benchmark_update_machine_info(config, machine_info):
    """Machine info of each run: platform, cores, the solver versions beside Python's, and the commit the run
    started on (with `changed_during_run` when HEAD moved before it ended)."""
    end = _tree()
    machine_info["commit_at_start"] = {**TREE_AT_START, "changed_during_run": end["id"] != TREE_AT_START["id"]}
    machine_info["started"] = STARTED.isoformat(timespec="seconds")
    machine_info["duration_s"] = round((datetime.now(timezone.utc) - STARTED).total_seconds())
    machine_info["platform"] = platform.platform()
    machine_info["cpu_count"] = os.cpu_count()
    during = sorted(LOADS) or [os.getloadavg()[0]]
    machine_info["load_average"] = {"start": [round(x, 2) for x in LOAD_AT_START],
                                    "end": [round(x, 2) for x in os.getloadavg()],
                                    "during": [round(x, 2) for x in (during[0], statistics.median(during),
                                                                     during[-1])]}
    machine_info["solvers"] = {
        "highspy": _version("highspy"),
        "pulp": _version("pulp"),
        "cbc": _cbc_version(),
        "ortools": _version("ortools"),
    }
