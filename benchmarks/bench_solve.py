"""Solve time per backend and thread count: the Flemish case, OR-Library knapsacks, generated cases."""

from __future__ import annotations

import pytest
from conftest import case, flanders

import portfolio
from portfolio.backends import available

BACKENDS = available()
TIME_LIMIT_S = 60.0

# name -> rounds: a few repeats where one solve takes under a second, one where it takes longer
CASES = {
    "flanders": 3,
    "mknap1-7": 3,  # small pure knapsack, 50 items x 5 constraints
    "mknapcb1-1": 1,  # pure knapsack, 100 x 5
    "mknapcb1-2": 1,
    "mknapcb1-3": 1,
    "gen50": 3,  # equity, synergies (also negative), per-year budgets, overlaps, requires
    "gen200": 1,
    "gen500": 1,
    "plain200": 1,  # no equity, no synergies: budgets, overlaps, requires, coverage only
}


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("backend", BACKENDS)
def test_solve(benchmark, backend, name, threads):
    subject = case(name)
    benchmark.group = f"solve {name}"
    result = benchmark.pedantic(
        portfolio.solve,
        args=(subject,),
        kwargs={"backend": backend, "threads": threads, "time_limit_s": TIME_LIMIT_S},
        rounds=CASES[name],
        iterations=1,
    )
    benchmark.extra_info.update(
        case=flanders()[1] if name == "flanders" else name,
        actions=len(subject.actions),
        backend=backend,
        threads=threads,
        status=result.status.value,
        objective_value=result.objective_value,
        gap=result.gap,
        solve_time_s=result.solve_time_s,
    )
    assert result.status.value in ("optimal", "feasible")
