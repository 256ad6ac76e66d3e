"""Seconds to proven optimality per solver, in process: every toolkit backend through `portfolio.solve` beside
the hand-written PuLP reference model (benchmarks/reference.py) with CBC and with HiGHS, on the bundled case,
OR-Library knapsacks (known optima asserted) and the ladder of generated cases (conftest.LADDER).

One thread, the toolkit's default gap (1e-6), TIME_LIMIT_S per solve; status, gap and objective go into
extra_info beside the time, so a solve stopped at the limit shows its gap. Rounds: see conftest.measure.
"""

from __future__ import annotations

import functools

import pytest
import reference
from conftest import ORLIB, TIME_LIMIT_S, case, ladder, measure, record_solve

import portfolio
from portfolio.backends import available
from portfolio.instances.orlib import read_mknap

TOOLKIT = available()
REFERENCE = [f"ref-{b}" for b in reference.BACKENDS]  # ref-cbc, ref-highs

CASES = [
    "flanders",
    *(f"mknap1-{k}" for k in range(1, 8)),  # 6-50 items x 5-10 constraints
    "mknapcb1-1",  # 100 x 5, correlated: seconds to tens of seconds
    pytest.param("mknapcb1-2", marks=pytest.mark.slow),
    pytest.param("mknapcb1-3", marks=pytest.mark.slow),
    *ladder(),
]


@functools.cache
def known_optimum(name: str) -> float | None:
    """The optimum an OR-Library file states for the instance (None for other cases)."""
    if not name.startswith("mknap"):
        return None
    stem, k = name.rsplit("-", 1)
    return read_mknap(ORLIB / f"{stem}.txt")[int(k) - 1].optimum


def run(solver: str, name: str) -> dict:
    """One solve of case `name` by a toolkit backend or the reference model: status, objective, gap."""
    subject = case(name)
    if solver.startswith("ref-"):
        r = reference.solve(subject, solver[4:], TIME_LIMIT_S)
        return {"status": r.status, "objective": r.objective, "gap": r.gap, "solver_s": r.solve_s}
    s = portfolio.solve(subject, backend=solver, threads=1, time_limit_s=TIME_LIMIT_S)
    return {"status": s.status.value, "objective": s.objective_value, "gap": s.gap, "solver_s": s.solve_time_s}


# cases outside, solvers inside: every solver of a case runs back to back, under the same load of the machine
@pytest.mark.parametrize("solver", TOOLKIT + REFERENCE)
@pytest.mark.parametrize("name", CASES)
def test_solve(benchmark, solver, name):
    benchmark.group = f"solve {name}"
    rounds = measure(benchmark, lambda: run(solver, name))
    record_solve(benchmark, name, solver, rounds, time_limit_s=TIME_LIMIT_S)
    optimum = known_optimum(name)
    if optimum is not None:
        for r in rounds:
            if r["status"] == "optimal":
                assert r["objective"] == pytest.approx(optimum, rel=1e-9), f"{solver} on {name}"
            elif r["objective"] is not None:
                assert r["objective"] <= optimum + 1e-6, f"{solver} on {name} beats the known optimum"
