"""Phased cases (spec 4.1, issue 18): seconds, status and gap of each toolkit solve beside the hand-written
phased model (reference.py) in the same run, on the bundled case and on 1,000 actions with four start years.

The issue's targets: the bundled phased case solves in under 2 s (also as the process a planner runs), and
a 1,000-action case with four start years is proven optimal or within 0.1 % in 60 s. So the 1,000-action
cases run with a 60 s limit and a relative gap of 0.1 % (status `optimal` then means proven within 0.1 %),
and, in the slow set, with the default gap of 1e-6 (what is left at 60 s). Rounds: see conftest.measure.
"""

from __future__ import annotations

import pytest
import reference
from bench_process import COMMANDS, compiled, run  # noqa: F401 - `compiled` is a fixture of this module too
from conftest import case, describe, measure, summarise

import portfolio

LIMIT_S = 60.0
SOLVERS = ("auto", "highs", "cbc", "ref-highs", "ref-cbc")  # auto: the default solve (HiGHS racing CBC)

# (case, relative gap): the bundled case to the default gap; ph<n>: phased_case(n, n_actions=n, n_years=4),
# with windows of one to three years, ramps, run-year costs, synergies, requires; pheq<n> adds equity shares
RUNS = [
    pytest.param("flanders", 1e-6, id="flanders"),
    pytest.param("ph1000", 1e-3, id="ph1000-gap0.1%"),
    pytest.param("pheq1000", 1e-3, id="pheq1000-gap0.1%"),
    pytest.param("ph1000", 1e-6, id="ph1000", marks=pytest.mark.slow),
    pytest.param("pheq1000", 1e-6, id="pheq1000", marks=pytest.mark.slow),
]


def solve_once(solver: str, name: str, gap: float) -> dict:
    """One solve of case `name` by a toolkit backend or the hand-written model: status, objective, gap."""
    subject = case(name)
    if solver.startswith("ref-"):
        r = reference.solve(subject, solver[4:], LIMIT_S, gap)
        return {"status": r.status, "objective": r.objective, "gap": r.gap, "solver_s": r.solve_s}
    s = portfolio.solve(subject, backend=solver, threads=1, time_limit_s=LIMIT_S, mip_gap=gap)
    return {"status": s.status.value, "objective": s.objective_value, "gap": s.gap,
            "solver_s": s.solve_time_s, "backend": s.backend}


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize(("name", "gap"), RUNS)
def test_phased(benchmark, solver, name, gap):
    benchmark.group = f"phased {name} gap {gap:g}"
    rounds = measure(benchmark, lambda: solve_once(solver, name, gap))
    summary = summarise(rounds)
    benchmark.extra_info.update(
        {**describe(name), "case": f"{name} gap {gap:g}"},
        **summary,
        phased=case(name).phased,
        solver=solver,
        kind="reference" if solver.startswith("ref-") else "toolkit",
        backend=rounds[-1].get("backend", solver[4:]),
        mip_gap=gap,
        time_limit_s=LIMIT_S,
        solver_s=[round(r["solver_s"], 4) for r in rounds],
    )
    assert set(summary["statuses"]) <= {"optimal", "feasible", "no_solution"}, summary["statuses"]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_phased_process(benchmark, command, case_folder):
    """The bundled case as a planner runs it: `portfolio solve CASE --format json` against the hand-written
    model as a process, both loading the case folder (the case's own solver settings)."""
    argv = COMMANDS[command](case_folder("flanders"))
    benchmark.group = "phased process flanders"
    rounds = measure(benchmark, lambda: run(argv))
    benchmark.extra_info.update(
        **describe("flanders"),
        **summarise(rounds),
        phased=case("flanders").phased,
        solver=command,
        kind="reference" if command.startswith("ref-") else "toolkit",
        backend=rounds[-1]["backend"],
    )
